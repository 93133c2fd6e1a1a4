#include "http/handlers/auth_handlers.hpp"

#include "http/handlers/respond.hpp"
#include "http/json/json_input.hpp"
#include "http/login_guard.hpp"
#include "http/session_cookie.hpp"
#include "service/support/snapshots.hpp"

namespace sciweek::http {
namespace {

nlohmann::json MeJson(const domain::User& u, const domain::OrgUnit& org, const std::string& csrf) {
  return {{"user",
           {{"login", u.login},
            {"name", u.name},
            {"role", domain::RoleName(u.role)},
            {"org", {{"code", org.code}, {"name", org.name}, {"type", domain::OrgTypeName(org.type)}}}}},
          {"csrf_token", csrf}};
}

}  // namespace

void AddAuthRoutes(Router& router, Services& s) {
  router.Add({"POST", "/api/v1/auth/login", [&s](const Request& req, const service::Ctx& ctx) {
                if (auto refused = RefuseCrossSiteLogin(req, s.config)) return ErrorResponse(*refused);
                auto in = JsonInput::Parse(req.body);
                if (!in) return ErrorResponse(in.error());
                auto login = in->String("login", true, 64);
                auto password = in->String("password", true, 256);
                if (auto st = in->Finish(); !st) return ErrorResponse(st.error());
                auto r = s.auth.Login(ctx, *login, *password);
                if (!r) return ErrorResponse(r.error());
                Response resp = Response::Json(200, MeJson(r->user, r->org, r->csrf_token));
                resp.SetHeader("Set-Cookie",
                               SessionSetCookie(req, s.config, r->session_token, s.auth.config().absolute_seconds));
                resp.log_user = r->user.login;
                return resp;
              }});
  router.Add({"POST", "/api/v1/auth/logout", [&s](const Request& req, const service::Ctx& ctx) {
                if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
                auto st = s.auth.Logout(ctx);
                Response resp = Respond(st);
                if (st) resp.SetHeader("Set-Cookie", SessionSetCookie(req, s.config, "", 0));
                return resp;
              }});
  router.Add({"GET", "/api/v1/me", [&s](const Request&, const service::Ctx& ctx) {
                if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
                return Respond(s.auth.Me(ctx), 200,
                               [](const service::MeResult& me) { return MeJson(me.user, me.org, me.csrf_token); });
              }});
  router.Add({"POST", "/api/v1/auth/password", [&s](const Request& req, const service::Ctx& ctx) {
                if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
                auto in = JsonInput::Parse(req.body);
                if (!in) return ErrorResponse(in.error());
                auto old_pw = in->String("old_password", true, 256);
                auto new_pw = in->String("new_password", true, 256);
                if (auto st = in->Finish(); !st) return ErrorResponse(st.error());
                return Respond(s.auth.ChangePassword(ctx, *old_pw, *new_pw));
              }});
}

}  // namespace sciweek::http
