#pragma once
#include "http/router.hpp"
#include "http/services.hpp"

namespace sciweek::http {
// POST /auth/login, /auth/logout, /auth/password; GET /me.
void AddAuthRoutes(Router& router, Services& s);
}  // namespace sciweek::http
