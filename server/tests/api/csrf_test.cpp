// Every POST/PUT/DELETE of a logged-in session without, or with a wrong, X-CSRF-Token is
// refused 403 and changes nothing; with the right token the same request works.
#include <functional>

#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

struct Write {
  const char* name;
  const char* method;
  std::string target;
  std::string body;
  std::string content_type;
};

class CsrfTest : public SharedServerTest {
 protected:
  // A fresh admin session (logout is among the writes) and an unrelated reader.
  static HttpClient FreshAdmin() { return server().LoginAs("admin"); }

  // The state every refused write must leave alone, read through the API.
  static nlohmann::json Snapshot() {
    HttpClient r = As("reviewer");
    HttpClient a = As("admin");
    return {{"orgs", r.Get("/api/v1/orgs?limit=500").json()},
            {"campaigns", r.Get("/api/v1/campaigns").json()},
            {"users", a.Get("/api/v1/users?limit=500").json()}};
  }

  static std::vector<Write> Writes() {
    const std::string csv = "code,name,type,parent_code,contact_name,contact_phone\ncsrf-imp,导入单位,other,,,\n";
    return {
        {"logout", "POST", "/api/v1/auth/logout", "{}", "application/json"},
        {"password", "POST", "/api/v1/auth/password",
         nlohmann::json{{"old_password", kDemoPassword}, {"new_password", "Csrf#Changed2024"}}.dump(),
         "application/json"},
        {"create_org", "POST", "/api/v1/orgs", OrgBody("csrf-new", "跨站单位").dump(), "application/json"},
        {"update_org", "PUT", "/api/v1/orgs/twg", OrgBody("twg", "被篡改的天文馆", "science_base", "110102").dump(),
         "application/json"},
        {"delete_org", "DELETE", "/api/v1/orgs/etdz-ent", "", ""},
        {"import_orgs", "POST", "/api/v1/orgs/import", csv, "text/csv"},
        {"create_user", "POST", "/api/v1/users",
         nlohmann::json{{"login", "csrf-user"},
                        {"name", "跨站"},
                        {"role", "admin"},
                        {"org_code", "bjkw"},
                        {"password", "Csrf#Password2024"}}
             .dump(),
         "application/json"},
        {"update_user", "PUT", "/api/v1/users/reviewer", nlohmann::json{{"role", "admin"}}.dump(), "application/json"},
        {"reset_password", "POST", "/api/v1/users/reviewer/password",
         nlohmann::json{{"password", "Csrf#Password2024"}}.dump(), "application/json"},
        {"create_campaign", "POST", "/api/v1/campaigns",
         nlohmann::json{{"year", 2031},
                        {"edition", 37},
                        {"name", "2031年北京科技周"},
                        {"theme", "跨站"},
                        {"start_date", "2031-05-20"},
                        {"end_date", "2031-05-27"},
                        {"report_deadline", "2031-06-12T18:00:00+08:00"}}
             .dump(),
         "application/json"},
        {"update_campaign", "PUT", "/api/v1/campaigns/2023",
         nlohmann::json{{"edition", 29},
                        {"name", "被篡改"},
                        {"theme", "被篡改"},
                        {"start_date", "2023-05-20"},
                        {"end_date", "2023-05-31"},
                        {"report_deadline", "2023-06-12T18:00:00+08:00"},
                        {"status", "closed"}}
             .dump(),
         "application/json"},
    };
  }

  void ExpectAllRefused(const std::function<void(HttpClient&)>& spoil) {
    const nlohmann::json before = Snapshot();
    HttpClient c = FreshAdmin();
    spoil(c);
    for (const auto& w : Writes()) {
      auto r = c.Send(w.method, w.target, w.body, w.content_type);
      EXPECT_TRUE(IsError(r, 403, "forbidden")) << w.name;
      EXPECT_EQ(c.Get("/api/v1/me").status, 200) << w.name << ": the session must survive a refused write";
    }
    EXPECT_EQ(Snapshot(), before) << "a refused write changed state";
    EXPECT_EQ(server().Client().Login("admin", kDemoPassword).status, 200) << "admin password changed";
    EXPECT_EQ(server().Client().Login("reviewer", kDemoPassword).status, 200) << "reviewer password reset";
  }
};

TEST_F(CsrfTest, EveryWriteWithoutTokenIsRefused403AndChangesNothing) {
  ExpectAllRefused([](HttpClient& c) { c.SendCsrf(false); });
}

TEST_F(CsrfTest, EveryWriteWithWrongTokenIsRefused403AndChangesNothing) {
  ExpectAllRefused([](HttpClient& c) { c.ForgeCsrf("0123456789abcdef0123456789abcdef"); });
}

TEST_F(CsrfTest, TokenOfAnotherSessionIsRefused) {
  HttpClient admin = FreshAdmin();
  HttpClient other = server().LoginAs("admin");
  admin.ForgeCsrf(other.csrf_token());
  EXPECT_TRUE(IsError(admin.Post("/api/v1/orgs", OrgBody("csrf-other", "别的会话")), 403, "forbidden"));
  EXPECT_EQ(As("admin").Get("/api/v1/orgs/csrf-other").status, 404);
}

TEST_F(CsrfTest, SameWriteWithTheSessionsTokenSucceeds) {
  HttpClient admin = FreshAdmin();
  auto r = admin.Post("/api/v1/orgs", OrgBody("csrf-ok", "正常创建"));
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(admin.Get("/api/v1/orgs/csrf-ok").status, 200);
}

TEST_F(CsrfTest, ReadsNeedNoToken) {
  HttpClient c = FreshAdmin();
  c.SendCsrf(false);
  EXPECT_EQ(c.Get("/api/v1/orgs").status, 200);
  EXPECT_EQ(c.Get("/api/v1/audit?limit=1").status, 200);
}

}  // namespace
}  // namespace sciweek::test
