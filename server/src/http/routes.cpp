#include "http/routes.hpp"

#include "http/handlers/activity_handlers.hpp"
#include "http/handlers/auth_handlers.hpp"
#include "http/handlers/message_handlers.hpp"
#include "http/handlers/report_handlers.hpp"
#include "http/handlers/resource_handlers.hpp"

namespace sciweek::http {

void AddAllRoutes(Router& router, Services& s) {
  AddAuthRoutes(router, s);
  AddOrgRoutes(router, s);
  AddUserRoutes(router, s);
  AddCampaignRoutes(router, s);
  AddAuditRoutes(router, s);
  AddReportRoutes(router, s);
  AddMaterialRoutes(router, s);
  AddActivityRoutes(router, s);
  AddPublicRoutes(router, s);
  AddMessageRoutes(router, s);
}

}  // namespace sciweek::http
