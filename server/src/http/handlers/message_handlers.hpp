#pragma once
#include "http/router.hpp"
#include "http/services.hpp"

namespace sciweek::http {
void AddMessageRoutes(Router& router, Services& s);  // /api/v1/sessions/{id}/messages
}  // namespace sciweek::http
