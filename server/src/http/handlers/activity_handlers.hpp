#pragma once
#include "http/router.hpp"
#include "http/services.hpp"

namespace sciweek::http {
void AddActivityRoutes(Router& router,
                       Services& s);  // /api/v1/campaigns/{year}/activities, /activities, /sessions, /checkin
void AddPublicRoutes(Router& router, Services& s);  // /api/v1/public/…
}  // namespace sciweek::http
