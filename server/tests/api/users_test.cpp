// Accounts managed by the admin: create (strength, duplicates, unit), disable (ends the
// user's sessions), role change, and password reset.
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

constexpr const char* kStrong = "Strong#Pass2024";

nlohmann::json NewUser(const std::string& login, const std::string& org = "110108",
                       const std::string& role = "reporter", const std::string& password = kStrong) {
  return {{"login", login}, {"name", "测试用户"}, {"role", role}, {"org_code", org}, {"password", password}};
}

class UsersTest : public SharedServerTest {
 protected:
  static std::optional<nlohmann::json> Find(const std::string& login) {
    const auto page = As("admin").Get("/api/v1/users?limit=500").json();
    for (const auto& u : page["items"])
      if (u["login"] == login) return u;
    return std::nullopt;
  }
};

TEST_F(UsersTest, AdminCreatesAReporterWhoCanLogIn) {
  auto r = As("admin").Post("/api/v1/users", NewUser("u-new", "pku"));
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(
      r.json(),
      (nlohmann::json{
          {"login", "u-new"}, {"name", "测试用户"}, {"role", "reporter"}, {"org_code", "pku"}, {"disabled", false}}));
  EXPECT_EQ(r.body.find(kStrong), std::string::npos);
  EXPECT_EQ(r.body.find("hash"), std::string::npos);
  HttpClient u = server().Client();
  auto login = u.Login("u-new", kStrong);
  ASSERT_EQ(login.status, 200) << login;
  EXPECT_EQ(login.json()["user"]["org"]["code"], "pku");
  ASSERT_TRUE(Find("u-new"));
}

TEST_F(UsersTest, WeakPasswordIs422NamingPasswordAndCreatesNobody) {
  for (std::string weak : {"short1A!", "onlylowercaseletters", "NoDigitsOrSymbols", "u-weak-Login#1"}) {
    auto r = As("admin").Post("/api/v1/users", NewUser("u-weak", "110108", "reporter", weak));
    EXPECT_TRUE(IsError(r, 422, "validation_failed")) << weak;
    EXPECT_TRUE(HasDetail(r, "password")) << weak;
  }
  EXPECT_FALSE(Find("u-weak"));
}

TEST_F(UsersTest, DuplicateLoginIs409) {
  const auto before = Find("110101");
  ASSERT_TRUE(before);
  auto r = As("admin").Post("/api/v1/users", NewUser("110101", "pku", "admin"));
  EXPECT_TRUE(IsError(r, 409, "conflict"));
  EXPECT_EQ(Find("110101"), before);
  EXPECT_TRUE(IsError(server().Client().Login("110101", kStrong), 401, "unauthenticated")) << "password unchanged";
}

TEST_F(UsersTest, UnknownUnitRoleOrBadLoginAre422NamingTheField) {
  HttpClient a = As("admin");
  EXPECT_TRUE(HasDetail(a.Post("/api/v1/users", NewUser("u-noorg", "no-such-unit")), "org_code"));
  EXPECT_TRUE(HasDetail(a.Post("/api/v1/users", NewUser("u-norole", "110108", "superuser")), "role"));
  EXPECT_TRUE(HasDetail(a.Post("/api/v1/users", NewUser("bad login!", "110108")), "login"));
  EXPECT_FALSE(Find("u-noorg"));
  EXPECT_FALSE(Find("u-norole"));
}

TEST_F(UsersTest, DisablingAUserEndsItsSessionsAndBlocksLogin) {
  HttpClient a = As("admin");
  ASSERT_EQ(a.Post("/api/v1/users", NewUser("u-dis")).status, 201);
  HttpClient u = server().LoginAs("u-dis", kStrong);
  ASSERT_EQ(u.Get("/api/v1/me").status, 200);
  auto r = a.Put("/api/v1/users/u-dis", {{"disabled", true}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["disabled"], true);
  EXPECT_TRUE(IsError(u.Get("/api/v1/me"), 401, "unauthenticated"));
  auto again = server().Client().Login("u-dis", kStrong);
  EXPECT_TRUE(IsError(again, 401, "unauthenticated"));
  EXPECT_EQ(again.json()["error"]["message"], server().Client().Login("nobody-x", kStrong).json()["error"]["message"]);
  EXPECT_EQ(Find("u-dis").value()["disabled"], true);
  auto log = a.Get("/api/v1/audit?entity_type=user&entity_id=u-dis&action=user.disabled").json();
  EXPECT_EQ(log["total"], 1) << log;
}

TEST_F(UsersTest, ReenabledUserCanLogInAgain) {
  HttpClient a = As("admin");
  ASSERT_EQ(a.Post("/api/v1/users", NewUser("u-back")).status, 201);
  ASSERT_EQ(a.Put("/api/v1/users/u-back", {{"disabled", true}}).status, 200);
  ASSERT_EQ(a.Put("/api/v1/users/u-back", {{"disabled", false}}).status, 200);
  EXPECT_EQ(server().Client().Login("u-back", kStrong).status, 200);
}

TEST_F(UsersTest, RoleChangeEndsTheUsersSessions) {
  HttpClient a = As("admin");
  ASSERT_EQ(a.Post("/api/v1/users", NewUser("u-role")).status, 201);
  HttpClient u = server().LoginAs("u-role", kStrong);
  auto r = a.Put("/api/v1/users/u-role", {{"role", "reviewer"}, {"org_code", "bjkw"}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["role"], "reviewer");
  EXPECT_EQ(u.Get("/api/v1/me").status, 401);
  auto me = server().LoginAs("u-role", kStrong).Get("/api/v1/me").json();
  EXPECT_EQ(me["user"]["role"], "reviewer");
  EXPECT_EQ(me["user"]["org"]["code"], "bjkw");
}

TEST_F(UsersTest, ResetPasswordReplacesItAndEndsSessions) {
  HttpClient a = As("admin");
  ASSERT_EQ(a.Post("/api/v1/users", NewUser("u-reset")).status, 201);
  HttpClient u = server().LoginAs("u-reset", kStrong);
  auto weak = a.Post("/api/v1/users/u-reset/password", {{"password", "weak"}});
  EXPECT_TRUE(IsError(weak, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(weak, "password"));
  auto r = a.Post("/api/v1/users/u-reset/password", {{"password", "Reset#Pass2024"}});
  ASSERT_EQ(r.status, 204) << r;
  EXPECT_EQ(u.Get("/api/v1/me").status, 401);
  EXPECT_TRUE(IsError(server().Client().Login("u-reset", kStrong), 401, "unauthenticated"));
  EXPECT_EQ(server().Client().Login("u-reset", "Reset#Pass2024").status, 200);
}

TEST_F(UsersTest, ResetPasswordOfUnknownUserIs404) {
  EXPECT_TRUE(IsError(As("admin").Post("/api/v1/users/nobody-here/password", {{"password", "Reset#Pass2024"}}), 404,
                      "not_found"));
  EXPECT_TRUE(IsError(As("admin").Put("/api/v1/users/nobody-here", {{"name", "某人"}}), 404, "not_found"));
}

TEST_F(UsersTest, AdminCannotDisableOrDemoteItself) {
  HttpClient a = As("admin");
  EXPECT_TRUE(IsError(a.Put("/api/v1/users/admin", {{"disabled", true}}), 409, "conflict"));
  EXPECT_TRUE(IsError(a.Put("/api/v1/users/admin", {{"role", "reporter"}}), 409, "conflict"));
  EXPECT_EQ(a.Get("/api/v1/me").json()["user"]["role"], "admin");
}

TEST_F(UsersTest, ListShowsEveryAccountWithTotal) {
  auto page = As("admin").Get("/api/v1/users?limit=500").json();
  EXPECT_EQ(page["total"], page["items"].size());
  EXPECT_GE(page["total"].get<int>(), 35);  // admin, reviewer, checkin, one reporter per unit
  for (const auto& u : page["items"]) {
    EXPECT_TRUE(u.contains("login") && u.contains("name") && u.contains("role") && u.contains("org_code") &&
                u.contains("disabled"))
        << u;
    EXPECT_FALSE(u.contains("password_hash")) << u;
  }
}

}  // namespace
}  // namespace sciweek::test
