// The error contract: malformed JSON 400, wrong types / missing / unknown fields 422 naming
// the field, oversize bodies 413, unknown routes 404 JSON, wrong methods 405 — always the
// {"error":{"code","message","field"}} shape with a Chinese message, and nothing changed.
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

class ErrorsTest : public SharedServerTest {
 protected:
  static long long OrgCount() {
    HttpClient a = As("admin");
    return Total(a, "/api/v1/orgs?limit=1");
  }
  static int OrgStatus(const std::string& code) { return As("admin").Get("/api/v1/orgs/" + code).status; }
};

TEST_F(ErrorsTest, MalformedJsonIs400InvalidInputAndCreatesNothing) {
  HttpClient a = As("admin");
  const long long before = OrgCount();
  for (std::string body : {R"({"code":"err-bad","name":)", "not json", "", "[1,2]", "\"a string\""}) {
    EXPECT_TRUE(IsError(a.PostRaw("/api/v1/orgs", body), 400, "invalid_input")) << "body: " << body;
  }
  EXPECT_EQ(OrgCount(), before);
  EXPECT_EQ(OrgStatus("err-bad"), 404);
}

TEST_F(ErrorsTest, WrongTypesAre422NamingEachField) {
  HttpClient a = As("admin");
  nlohmann::json body = OrgBody("err-types", "类型错误");
  body["name"] = 42;
  body["contact_phone"] = nlohmann::json::array({1});
  auto r = a.Post("/api/v1/orgs", body);
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(r, "name"));
  EXPECT_TRUE(HasDetail(r, "contact_phone"));
  auto c = a.Post("/api/v1/campaigns", {{"year", "2040"},
                                        {"edition", 46.5},
                                        {"name", "x"},
                                        {"theme", "y"},
                                        {"start_date", "2040-05-20"},
                                        {"end_date", "2040-05-27"},
                                        {"report_deadline", "2040-06-12T18:00:00+08:00"}});
  EXPECT_TRUE(IsError(c, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(c, "year"));
  EXPECT_TRUE(HasDetail(c, "edition"));
  auto u = a.Put("/api/v1/users/110101", {{"disabled", "yes"}});
  EXPECT_TRUE(HasDetail(u, "disabled")) << u;
  EXPECT_EQ(OrgStatus("err-types"), 404);
  EXPECT_EQ(a.Get("/api/v1/campaigns/2040").status, 404);
  EXPECT_EQ(server().Client().Login("110101", kDemoPassword).status, 200) << "110101 must not be disabled";
}

TEST_F(ErrorsTest, MissingRequiredFieldsAre422NamingEachField) {
  HttpClient a = As("admin");
  auto r = a.Post("/api/v1/orgs", {{"code", "err-missing"}});
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(r, "name"));
  EXPECT_TRUE(HasDetail(r, "type"));
  auto l = server().Client().Post("/api/v1/auth/login", {{"login", "admin"}});
  EXPECT_TRUE(IsError(l, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(l, "password"));
  EXPECT_EQ(OrgStatus("err-missing"), 404);
}

TEST_F(ErrorsTest, UnknownFieldsAre422NamingTheField) {
  HttpClient a = As("admin");
  nlohmann::json body = OrgBody("err-unknown", "未知字段");
  body["colour"] = "red";
  auto r = a.Post("/api/v1/orgs", body);
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(r, "colour"));
  EXPECT_EQ(OrgStatus("err-unknown"), 404);
  auto u = a.Post("/api/v1/users", {{"login", "err-u"},
                                    {"name", "某人"},
                                    {"role", "admin"},
                                    {"org_code", "bjkw"},
                                    {"password", "Strong#Pass2024"},
                                    {"is_superuser", true}});
  EXPECT_TRUE(HasDetail(u, "is_superuser")) << u;
  EXPECT_TRUE(IsError(server().Client().Login("err-u", "Strong#Pass2024"), 401, "unauthenticated"));
}

TEST_F(ErrorsTest, InvalidValuesAre422NamingTheField) {
  HttpClient a = As("admin");
  auto r = a.Post("/api/v1/orgs", OrgBody("err-type", "坏类型", "galaxy"));
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(r, "type"));
  auto bad_utf8 = a.PostRaw("/api/v1/orgs", "{\"code\":\"err-utf8\",\"name\":\"\xff\xfe\",\"type\":\"other\"}");
  EXPECT_TRUE(bad_utf8.status == 400 || bad_utf8.status == 422) << bad_utf8;
  EXPECT_EQ(OrgStatus("err-type"), 404);
  EXPECT_EQ(OrgStatus("err-utf8"), 404);
}

TEST_F(ErrorsTest, BodyOverOneMebibyteIs413AndCreatesNothing) {
  HttpClient a = As("admin");
  nlohmann::json body = OrgBody("err-big", std::string(1100 * 1024, 'x'));
  a.set_expect_continue_above(64 * 1024);
  EXPECT_TRUE(IsError(a.Post("/api/v1/orgs", body), 413, "payload_too_large"));
  EXPECT_EQ(OrgStatus("err-big"), 404);
}

TEST_F(ErrorsTest, BodyOverOneMebibyteSentWithoutExpectContinueStillGets413) {
  HttpClient a = As("admin");
  auto r = a.Post("/api/v1/orgs", OrgBody("err-big2", std::string(1100 * 1024, 'x')));
  EXPECT_TRUE(IsError(r, 413, "payload_too_large"));
  EXPECT_EQ(OrgStatus("err-big2"), 404);
  EXPECT_EQ(As("admin").Get("/api/v1/me").status, 200) << "server still answers";
}

TEST_F(ErrorsTest, UnknownApiRoutesAre404Json) {
  HttpClient a = As("admin");
  for (std::string path : {"/api/v1/nothing-here", "/api/v2/orgs", "/api/v1/orgs/pku/children/x", "/api"}) {
    EXPECT_TRUE(IsError(a.Get(path), 404, "not_found")) << path;
  }
  EXPECT_TRUE(IsError(server().Client().Get("/api/v1/nothing-here"), 404, "not_found")) << "also when anonymous";
}

TEST_F(ErrorsTest, WrongMethodIs405Json) {
  HttpClient a = As("admin");
  EXPECT_TRUE(IsError(a.Delete("/api/v1/campaigns"), 405, "method_not_allowed"));
  EXPECT_TRUE(IsError(a.Send("PATCH", "/api/v1/orgs", "{}", "application/json"), 405, "method_not_allowed"));
  EXPECT_TRUE(IsError(a.Get("/api/v1/auth/login"), 405, "method_not_allowed"));
  EXPECT_TRUE(IsError(a.Put("/api/v1/audit", nlohmann::json::object()), 405, "method_not_allowed"));
}

TEST_F(ErrorsTest, WrongMethodNamesTheAllowedOnesInAllowHeader) {
  // RFC 9110 §15.5.6: a 405 response MUST carry Allow.
  auto r = As("admin").Delete("/api/v1/campaigns");
  ASSERT_EQ(r.status, 405) << r;
  EXPECT_NE(r.Header("allow").find("GET"), std::string::npos) << "Allow: '" << r.Header("allow") << "'";
  EXPECT_NE(r.Header("allow").find("POST"), std::string::npos) << "Allow: '" << r.Header("allow") << "'";
}

TEST_F(ErrorsTest, BadPagingParametersAre400NamingTheParameter) {
  HttpClient a = As("admin");
  for (std::string q : {"limit=0", "limit=501", "limit=abc", "offset=-1"}) {
    auto r = a.Get("/api/v1/orgs?" + q);
    EXPECT_TRUE(IsError(r, 400, "invalid_input")) << q;
    EXPECT_EQ(r.json()["error"]["field"], q.substr(0, q.find('='))) << r;
  }
}

TEST_F(ErrorsTest, ConflictAndNotFoundUseTheSameShape) {
  HttpClient a = As("admin");
  EXPECT_TRUE(IsError(a.Post("/api/v1/orgs", OrgBody("pku", "北京大学", "university", "110108")), 409, "conflict"));
  EXPECT_TRUE(IsError(a.Get("/api/v1/orgs/nope-nope"), 404, "not_found"));
  EXPECT_TRUE(IsError(a.Put("/api/v1/orgs/nope-nope", OrgBody("nope-nope", "无")), 404, "not_found"));
  EXPECT_TRUE(IsError(a.Delete("/api/v1/orgs/nope-nope"), 404, "not_found"));
  EXPECT_TRUE(IsError(a.Get("/api/v1/campaigns/abcd"), 404, "not_found"));
}

}  // namespace
}  // namespace sciweek::test
