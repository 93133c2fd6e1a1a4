#include "http/handlers/resource_handlers.hpp"
#include "http/handlers/respond.hpp"
#include "http/json/resource_json.hpp"
#include "service/support/snapshots.hpp"

namespace sciweek::http {

void AddCampaignRoutes(Router& router, Services& s) {
  router.Add({"GET", "/api/v1/campaigns", [&s](const Request&, const service::Ctx& ctx) {
                return Respond(s.campaigns.List(ctx), 200, [](const std::vector<domain::Campaign>& list) {
                  return ListJson(list, static_cast<long long>(list.size()), service::CampaignJson);
                });
              }});
  router.Add({"GET", "/api/v1/campaigns/{year}", [&s](const Request& req, const service::Ctx& ctx) {
                if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
                auto year = PathYear(req);
                if (!year) return ErrorResponse(core::Error::NotFound("该年度的科技周不存在"));
                return Respond(s.campaigns.Get(ctx, *year), 200, service::CampaignJson);
              }});
  router.Add({"POST", "/api/v1/campaigns", [&s](const Request& req, const service::Ctx& ctx) {
                if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
                if (ctx.principal->role != domain::Role::kAdmin) return ErrorResponse(core::Error::Forbidden());
                auto c = ParseCampaignBody(req.body, nullptr);
                if (!c) return ErrorResponse(c.error());
                return Respond(s.campaigns.Create(ctx, *c), 201, service::CampaignJson);
              }});
  router.Add({"PUT", "/api/v1/campaigns/{year}", [&s](const Request& req, const service::Ctx& ctx) {
                if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
                if (ctx.principal->role != domain::Role::kAdmin) return ErrorResponse(core::Error::Forbidden());
                auto year = PathYear(req);
                if (!year) return ErrorResponse(core::Error::NotFound("该年度的科技周不存在"));
                auto current = s.campaigns.Get(ctx, *year);
                if (!current) return ErrorResponse(current.error());
                auto c = ParseCampaignBody(req.body, &current.value());
                if (!c) return ErrorResponse(c.error());
                return Respond(s.campaigns.Update(ctx, *c), 200, service::CampaignJson);
              }});
}

}  // namespace sciweek::http
