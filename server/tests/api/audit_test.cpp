// The audit log as the admin reads it: filters, paging with totals, newest first, the
// request id tying an entry to its request, and no access for anyone else.
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

class AuditTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    if (!server_) return;
    HttpClient a = server_->LoginAs("admin");
    for (int i = 0; i < 3; ++i) a.Post("/api/v1/orgs", OrgBody("aud-" + std::to_string(i), "审计单位", "other"));
  }

 protected:
  static nlohmann::json Get(const std::string& query) {
    auto r = As("admin").Get("/api/v1/audit" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r;
    return r.json();
  }
};

TEST_F(AuditTest, FilterByActionReturnsOnlyThatAction) {
  const auto page = Get("?action=org.created");
  EXPECT_GE(page["total"].get<int>(), 3);
  for (const auto& e : page["items"]) EXPECT_EQ(e["action"], "org.created") << e;
  EXPECT_EQ(Get("?action=no.such.action")["total"], 0);
}

TEST_F(AuditTest, FilterByEntityReturnsThatObjectsHistory) {
  const auto page = Get("?entity_type=org&entity_id=aud-1");
  ASSERT_EQ(page["total"], 1) << page;
  const auto& e = page["items"][0];
  EXPECT_EQ(e["action"], "org.created");
  EXPECT_EQ(e["entity_type"], "org");
  EXPECT_EQ(e["entity_id"], "aud-1");
  EXPECT_EQ(e["actor"], "admin");
  EXPECT_EQ(e["after"]["code"], "aud-1");
  for (const char* key : {"id", "at", "request_id", "before"}) EXPECT_TRUE(e.contains(key)) << key;
  EXPECT_NE(e["at"].get<std::string>().find("+08:00"), std::string::npos) << e["at"];
}

TEST_F(AuditTest, FilterByActorReturnsOnlyThatActor) {
  server().LoginAs("reviewer");  // writes auth.login by reviewer
  const auto page = Get("?actor=reviewer");
  EXPECT_GE(page["total"].get<int>(), 1);
  for (const auto& e : page["items"]) EXPECT_EQ(e["actor"], "reviewer") << e;
}

// Counting tests read only the admin's entries: the server's own upkeep (the personal data
// purge, run at start and then hourly) writes as "console" whenever it likes, and an entry
// landing between two reads would move every page.
TEST_F(AuditTest, PagingKeepsTheTotalAndSplitsTheItemsNewestFirst) {
  const auto all = Get("?actor=admin&limit=500");
  const auto first = Get("?actor=admin&limit=2&offset=0");
  const auto second = Get("?actor=admin&limit=2&offset=2");
  ASSERT_GE(all["total"].get<int>(), 4);
  EXPECT_EQ(first["total"], all["total"]);
  EXPECT_EQ(second["total"], all["total"]);
  ASSERT_EQ(first["items"].size(), 2u);
  ASSERT_EQ(second["items"].size(), 2u);
  EXPECT_EQ(first["items"][0], all["items"][0]);
  EXPECT_EQ(second["items"][0], all["items"][2]);
  for (size_t i = 1; i < all["items"].size(); ++i)
    EXPECT_GT(all["items"][i - 1]["id"].get<long long>(), all["items"][i]["id"].get<long long>());
  EXPECT_EQ(Get("?actor=admin&limit=5&offset=100000")["items"].size(), 0u);
}

TEST_F(AuditTest, DefaultPageIsFifty) {
  HttpClient a = As("admin");
  for (int i = Get("?limit=1")["total"].get<int>(); i <= 50; ++i)
    ASSERT_EQ(a.Post("/api/v1/orgs", OrgBody("aud-page-" + std::to_string(i), "分页")).status, 201);
  const auto page = Get("");
  EXPECT_GT(page["total"].get<int>(), 50);
  EXPECT_EQ(page["items"].size(), 50u);
}

TEST_F(AuditTest, TimeWindowFiltersByDateOrDateTime) {
  const auto all = Get("?actor=admin&limit=1")["total"];
  EXPECT_EQ(Get("?to=2000-01-01")["total"], 0);
  EXPECT_EQ(Get("?actor=admin&from=2000-01-01")["total"], all);
  EXPECT_EQ(Get("?actor=admin&from=2000-01-01T00:00:00%2B08:00&to=2999-01-01")["total"], all);
  auto bad = As("admin").Get("/api/v1/audit?from=yesterday");
  EXPECT_TRUE(IsError(bad, 400, "invalid_input"));
  EXPECT_EQ(bad.json()["error"]["field"], "from");
}

TEST_F(AuditTest, EntryCarriesTheRequestIdOfTheChange) {
  auto r = As("admin").Post("/api/v1/orgs", OrgBody("aud-rid", "请求编号"));
  ASSERT_EQ(r.status, 201) << r;
  const std::string rid = r.Header("x-request-id");
  ASSERT_FALSE(rid.empty());
  const auto page = Get("?entity_type=org&entity_id=aud-rid");
  ASSERT_EQ(page["total"], 1);
  EXPECT_EQ(page["items"][0]["request_id"], rid);
}

TEST_F(AuditTest, LoginAndLogoutAreAudited) {
  HttpClient c = server().LoginAs("iop");
  ASSERT_EQ(c.Post("/api/v1/auth/logout", nlohmann::json::object()).status, 204);
  const auto page = Get("?actor=iop");
  ASSERT_GE(page["total"].get<int>(), 2) << page;
  EXPECT_EQ(page["items"][0]["action"], "auth.logout");
  EXPECT_EQ(page["items"][1]["action"], "auth.login");
}

TEST_F(AuditTest, OnlyTheAdminReadsTheLog) {
  for (const char* login : {"reviewer", "110108", "checkin"})
    EXPECT_TRUE(IsError(As(login).Get("/api/v1/audit"), 403, "forbidden")) << login;
  EXPECT_TRUE(IsError(server().Client().Get("/api/v1/audit"), 401, "unauthenticated"));
}

}  // namespace
}  // namespace sciweek::test
