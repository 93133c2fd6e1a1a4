// Issue 9 §2: a 1 MB body of 200,000 '[' once killed the server (SIGSEGV in a recursive copy
// of the parsed tree). Every JSON body — logged-in and public endpoints alike — is refused
// with 400 invalid_input when it nests deeper than the limit, changes nothing, and the
// server keeps serving.
#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

constexpr int kYear = 2023;

class DeepJsonTest : public SharedServerTest {
 protected:
  static std::string Nested(const std::string& key, size_t depth, char open = '[', char close = ']') {
    return "{\"version\":0,\"" + key + "\":" + std::string(depth, open) + std::string(depth, close) + "}";
  }
};

TEST_F(DeepJsonTest, TwoHundredThousandBracketsInAReportAreRefusedAndTheServerLives) {
  auto reporter = server().LoginAs("110108");
  const auto before = reporter.Get(ReportPath(kYear, "110108"));
  ASSERT_EQ(before.status, 200) << before;
  // Unbalanced, as in the attack: the body need not even be valid JSON to reach the parser.
  const std::string attack = "{\"version\":0,\"values\":" + std::string(200000, '[') + "}";
  ASSERT_LT(attack.size(), 1u << 20);
  auto r = reporter.Send("PUT", ReportPath(kYear, "110108"), attack, "application/json");
  EXPECT_TRUE(IsError(r, 400, "invalid_input")) << r;
  // Balanced and valid JSON, just deep.
  r = reporter.Send("PUT", ReportPath(kYear, "110108"), Nested("values", 100000), "application/json");
  EXPECT_TRUE(IsError(r, 400, "invalid_input")) << r;
  r = reporter.Send("PUT", ReportPath(kYear, "110108"), Nested("values", 50000, '{', '}'), "application/json");
  EXPECT_TRUE(IsError(r, 400, "invalid_input")) << r;
  EXPECT_EQ(Anonymous().Get("/healthz").status, 200) << server().LogTail();
  EXPECT_EQ(reporter.Get(ReportPath(kYear, "110108")).body, before.body) << "a refused body changed the report";
}

TEST_F(DeepJsonTest, EveryKindOfEndpointRefusesDeepBodies) {
  auto admin = server().LoginAs("admin");
  const std::string deep = Nested("x", 1000);  // 2 KB: under every route's body limit
  // Anonymous: login and a public reservation (the session need not exist: depth is checked first).
  EXPECT_TRUE(IsError(Anonymous().PostRaw("/api/v1/auth/login", deep), 400, "invalid_input"));
  EXPECT_TRUE(IsError(Anonymous().PostRaw("/api/v1/public/sessions/1/reservations", deep), 400, "invalid_input"));
  // Staff: the form designer, orgs, activities.
  EXPECT_TRUE(
      IsError(admin.Send("PUT", "/api/v1/campaigns/2023/form", deep, "application/json"), 400, "invalid_input"));
  EXPECT_TRUE(IsError(admin.PostRaw("/api/v1/orgs", deep), 400, "invalid_input"));
  EXPECT_TRUE(IsError(admin.PostRaw("/api/v1/campaigns/2023/activities", deep), 400, "invalid_input"));
  EXPECT_EQ(Anonymous().Get("/healthz").status, 200) << server().LogTail();
}

TEST_F(DeepJsonTest, ModestNestingAndBracketsInsideStringsStillWork) {
  auto reporter = server().LoginAs("110101");
  auto current = reporter.Get(ReportPath(kYear, "110101"));
  ASSERT_EQ(current.status, 200) << current;
  // Brackets inside a string do not count as nesting; nor do escaped quotes end the string.
  nlohmann::json body = {{"version", current.json()["version"]},
                         {"values", {{"activities_held", "\"" + std::string(10000, '[')}}}};
  auto r = reporter.Put(ReportPath(kYear, "110101"), body);
  EXPECT_NE(r.status, 400) << r;  // saved, or 422 for a value that is not a number: never a depth refusal
  EXPECT_EQ(r.body.find("嵌套"), std::string::npos) << r;
}

}  // namespace
}  // namespace sciweek::test
