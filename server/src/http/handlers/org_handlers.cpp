#include "http/handlers/resource_handlers.hpp"
#include "http/handlers/respond.hpp"
#include "http/json/resource_json.hpp"
#include "service/support/snapshots.hpp"

namespace sciweek::http {

void AddOrgRoutes(Router& router, Services& s) {
  router.Add({"GET", "/api/v1/orgs", [&s](const Request& req, const service::Ctx& ctx) {
                auto paging = ReadPaging(req, 500);
                if (!paging) return ErrorResponse(paging.error());
                store::OrgFilter f;
                f.type = req.Query("type").value_or("");
                f.parent_code = req.Query("parent_code").value_or("");
                f.q = req.Query("q").value_or("");
                f.limit = paging->limit;
                f.offset = paging->offset;
                return Respond(s.orgs.List(ctx, f), 200,
                               [](const service::OrgPage& p) { return ListJson(p.items, p.total, service::OrgJson); });
              }});
  router.Add({"GET", "/api/v1/orgs/{code}", [&s](const Request& req, const service::Ctx& ctx) {
                return Respond(s.orgs.Get(ctx, req.Param("code")), 200, service::OrgJson);
              }});
  router.Add({"POST", "/api/v1/orgs", [&s](const Request& req, const service::Ctx& ctx) {
                if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
                auto unit = ParseOrgBody(req.body, nullptr);
                if (!unit) return ErrorResponse(unit.error());
                return Respond(s.orgs.Create(ctx, *unit), 201, service::OrgJson);
              }});
  router.Add({"PUT", "/api/v1/orgs/{code}", [&s](const Request& req, const service::Ctx& ctx) {
                if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
                if (ctx.principal->role != domain::Role::kAdmin) return ErrorResponse(core::Error::Forbidden());
                auto current = s.orgs.Get(ctx, req.Param("code"));
                if (!current) return ErrorResponse(current.error());
                auto unit = ParseOrgBody(req.body, &current.value());
                if (!unit) return ErrorResponse(unit.error());
                return Respond(s.orgs.Update(ctx, *unit), 200, service::OrgJson);
              }});
  router.Add({"DELETE", "/api/v1/orgs/{code}", [&s](const Request& req, const service::Ctx& ctx) {
                return Respond(s.orgs.Delete(ctx, req.Param("code")));
              }});
  router.Add({"POST", "/api/v1/orgs/import",
              [&s](const Request& req, const service::Ctx& ctx) {
                const bool dry_run = req.Query("dry_run").value_or("0") == "1";
                auto r = s.orgs.Import(ctx, req.body, dry_run);
                return Respond(r, 200, [](const service::OrgImportResult& res) {
                  nlohmann::json errors = nlohmann::json::array();
                  for (const auto& e : res.errors)
                    errors.push_back({{"line", e.line}, {"field", e.field}, {"message", e.message}});
                  return nlohmann::json{
                      {"dry_run", res.dry_run}, {"created", res.created}, {"updated", res.updated}, {"errors", errors}};
                });
              },
              8u << 20});
}

}  // namespace sciweek::http
