#pragma once
#include "http/router.hpp"
#include "http/services.hpp"

namespace sciweek::http {
void AddOrgRoutes(Router& router, Services& s);       // /api/v1/orgs…
void AddUserRoutes(Router& router, Services& s);      // /api/v1/users…
void AddCampaignRoutes(Router& router, Services& s);  // /api/v1/campaigns…
void AddAuditRoutes(Router& router, Services& s);     // /api/v1/audit
}  // namespace sciweek::http
