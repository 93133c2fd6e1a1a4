#include "http/handlers/resource_handlers.hpp"
#include "http/handlers/respond.hpp"
#include "http/json/json_input.hpp"
#include "http/json/resource_json.hpp"
#include "service/support/snapshots.hpp"

namespace sciweek::http {

void AddUserRoutes(Router& router, Services& s) {
  router.Add({"GET", "/api/v1/users", [&s](const Request& req, const service::Ctx& ctx) {
                auto paging = ReadPaging(req, 500);
                if (!paging) return ErrorResponse(paging.error());
                return Respond(s.users.List(ctx, paging->limit, paging->offset), 200, [](const service::UserPage& p) {
                  return ListJson(p.items, p.total, service::UserJson);
                });
              }});
  router.Add({"POST", "/api/v1/users", [&s](const Request& req, const service::Ctx& ctx) {
                if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
                auto in = ParseNewUserBody(req.body);
                if (!in) return ErrorResponse(in.error());
                return Respond(s.users.Create(ctx, in->user, in->password), 201, service::UserJson);
              }});
  router.Add({"PUT", "/api/v1/users/{login}", [&s](const Request& req, const service::Ctx& ctx) {
                if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
                auto change = ParseUserChangeBody(req.body);
                if (!change) return ErrorResponse(change.error());
                return Respond(s.users.Update(ctx, req.Param("login"), *change), 200, service::UserJson);
              }});
  router.Add({"POST", "/api/v1/users/{login}/password", [&s](const Request& req, const service::Ctx& ctx) {
                if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
                auto in = JsonInput::Parse(req.body);
                if (!in) return ErrorResponse(in.error());
                auto pw = in->String("password", true, 256);
                if (auto st = in->Finish(); !st) return ErrorResponse(st.error());
                return Respond(s.users.ResetPassword(ctx, req.Param("login"), *pw));
              }});
}

}  // namespace sciweek::http
