#pragma once
#include "http/router.hpp"
#include "http/services.hpp"

namespace sciweek::http {
// Every endpoint of the API, in one place (see docs/api.md).
void AddAllRoutes(Router& router, Services& services);
}  // namespace sciweek::http
