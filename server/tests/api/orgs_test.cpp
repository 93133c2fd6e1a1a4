// Org units: CRUD by the admin, the tree's rules (no cycles, no deleting a unit with
// children or users), filters, and the audit entries each change writes.
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

class OrgsTest : public SharedServerTest {
 protected:
  static nlohmann::json AuditFor(const std::string& code) {
    return As("admin").Get("/api/v1/audit?entity_type=org&entity_id=" + code).json();
  }
};

TEST_F(OrgsTest, AdminCreatesReadsUpdatesAndDeletesAUnit) {
  HttpClient a = As("admin");
  auto created = a.Post("/api/v1/orgs", OrgBody("crud-1", "海淀区青少年科技馆", "science_base", "110108"));
  ASSERT_EQ(created.status, 201) << created;
  auto cj = created.json();
  EXPECT_EQ(cj["code"], "crud-1");
  EXPECT_EQ(cj["name"], "海淀区青少年科技馆");
  EXPECT_EQ(cj["type"], "science_base");
  EXPECT_EQ(cj["parent_code"], "110108");
  EXPECT_EQ(cj["contact_name"], "王老师");
  EXPECT_EQ(cj["contact_phone"], "010-12345678");

  auto got = a.Get("/api/v1/orgs/crud-1");
  ASSERT_EQ(got.status, 200) << got;
  EXPECT_EQ(got.json(), cj);

  auto upd = a.Put("/api/v1/orgs/crud-1", {{"name", "海淀区青少年科技活动中心"},
                                           {"type", "science_base"},
                                           {"parent_code", "110108"},
                                           {"contact_name", "李老师"},
                                           {"contact_phone", "010-87654321"}});
  ASSERT_EQ(upd.status, 200) << upd;
  auto now = a.Get("/api/v1/orgs/crud-1").json();
  EXPECT_EQ(now["name"], "海淀区青少年科技活动中心");
  EXPECT_EQ(now["contact_name"], "李老师");
  EXPECT_EQ(now["contact_phone"], "010-87654321");

  auto del = a.Delete("/api/v1/orgs/crud-1");
  EXPECT_EQ(del.status, 204) << del;
  EXPECT_TRUE(del.body.empty());
  EXPECT_TRUE(IsError(a.Get("/api/v1/orgs/crud-1"), 404, "not_found"));
  EXPECT_TRUE(IsError(a.Delete("/api/v1/orgs/crud-1"), 404, "not_found"));
}

TEST_F(OrgsTest, ContactEmailIsValidatedStoredAndKeptWhenAPutLeavesItOut) {
  HttpClient a = As("admin");
  auto body = OrgBody("mail-1", "邮箱单位", "other", "110108");
  body["contact_email"] = "mail-1@example.org.cn";
  auto created = a.Post("/api/v1/orgs", body);
  ASSERT_EQ(created.status, 201) << created;
  EXPECT_EQ(created.json()["contact_email"], "mail-1@example.org.cn");

  // A client that predates the field (it sends no contact_email) does not erase it.
  auto upd = a.Put("/api/v1/orgs/mail-1", {{"name", "邮箱单位（改名）"}, {"type", "other"}, {"parent_code", "110108"}});
  ASSERT_EQ(upd.status, 200) << upd;
  EXPECT_EQ(a.Get("/api/v1/orgs/mail-1").json()["contact_email"], "mail-1@example.org.cn");

  for (const char* bad : {"not-an-address", "a@b", "x@example.org.cn\nBcc: y@example.org.cn", "张三@example.cn"}) {
    auto r = a.Put("/api/v1/orgs/mail-1", {{"name", "邮箱单位"}, {"type", "other"}, {"contact_email", bad}});
    EXPECT_TRUE(IsError(r, 422, "validation_failed")) << bad;
    EXPECT_TRUE(HasDetail(r, "contact_email")) << r;
  }
  body["code"] = "mail-2";
  body["contact_email"] = "bad address";
  EXPECT_TRUE(HasDetail(a.Post("/api/v1/orgs", body), "contact_email"));
  EXPECT_EQ(a.Get("/api/v1/orgs/mail-2").status, 404);

  auto cleared = a.Put("/api/v1/orgs/mail-1", {{"name", "邮箱单位"}, {"type", "other"}, {"contact_email", ""}});
  ASSERT_EQ(cleared.status, 200) << cleared;
  EXPECT_EQ(a.Get("/api/v1/orgs/mail-1").json()["contact_email"], "");
  EXPECT_EQ(a.Get("/api/v1/orgs/110101").json()["contact_email"], "110101@example.org.cn") << "demo data";
}

TEST_F(OrgsTest, NewUnitIsVisibleToTheReporterOfItsParentDistrict) {
  HttpClient a = As("admin");
  ASSERT_EQ(a.Post("/api/v1/orgs", OrgBody("crud-vis", "中关村学院", "university", "110108")).status, 201);
  EXPECT_EQ(As("110108").Get("/api/v1/orgs/crud-vis").status, 200);
  EXPECT_EQ(As("110105").Get("/api/v1/orgs/crud-vis").status, 404);
}

TEST_F(OrgsTest, DuplicateCodeIs409AndKeepsTheOriginal) {
  HttpClient a = As("admin");
  const auto before = a.Get("/api/v1/orgs/kjg").json();
  EXPECT_TRUE(IsError(a.Post("/api/v1/orgs", OrgBody("kjg", "冒名", "other")), 409, "conflict"));
  EXPECT_EQ(a.Get("/api/v1/orgs/kjg").json(), before);
}

TEST_F(OrgsTest, UnknownParentIs422) {
  auto r = As("admin").Post("/api/v1/orgs", OrgBody("crud-orphan", "孤儿", "other", "no-such-parent"));
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(r, "parent_code"));
  EXPECT_EQ(As("admin").Get("/api/v1/orgs/crud-orphan").status, 404);
}

TEST_F(OrgsTest, MovingAUnitBelowItselfOrItsDescendantIsRefused) {
  HttpClient a = As("admin");
  ASSERT_EQ(a.Post("/api/v1/orgs", OrgBody("cyc-a", "甲", "other")).status, 201);
  ASSERT_EQ(a.Post("/api/v1/orgs", OrgBody("cyc-b", "乙", "other", "cyc-a")).status, 201);
  ASSERT_EQ(a.Post("/api/v1/orgs", OrgBody("cyc-c", "丙", "other", "cyc-b")).status, 201);
  for (std::string parent : {"cyc-a", "cyc-b", "cyc-c"}) {
    nlohmann::json body = OrgBody("cyc-a", "甲", "other", parent);
    body.erase("code");
    auto r = a.Put("/api/v1/orgs/cyc-a", body);
    EXPECT_TRUE(IsError(r, 422, "validation_failed")) << "parent " << parent;
    EXPECT_TRUE(HasDetail(r, "parent_code")) << "parent " << parent;
  }
  EXPECT_TRUE(a.Get("/api/v1/orgs/cyc-a").json()["parent_code"].is_null());
}

TEST_F(OrgsTest, CodeInBodyMustMatchThePath) {
  HttpClient a = As("admin");
  auto r = a.Put("/api/v1/orgs/twg", OrgBody("twg-renamed", "北京天文馆", "science_base", "110102"));
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(r, "code"));
  EXPECT_EQ(a.Get("/api/v1/orgs/twg-renamed").status, 404);
}

TEST_F(OrgsTest, DeletingAUnitWithChildrenIs409AndKeepsIt) {
  HttpClient a = As("admin");
  ASSERT_EQ(a.Post("/api/v1/orgs", OrgBody("del-parent", "上级", "other")).status, 201);
  ASSERT_EQ(a.Post("/api/v1/orgs", OrgBody("del-child", "下级", "other", "del-parent")).status, 201);
  EXPECT_TRUE(IsError(a.Delete("/api/v1/orgs/del-parent"), 409, "conflict"));
  EXPECT_EQ(a.Get("/api/v1/orgs/del-parent").status, 200);
  EXPECT_EQ(a.Delete("/api/v1/orgs/del-child").status, 204);
  EXPECT_EQ(a.Delete("/api/v1/orgs/del-parent").status, 204);
}

TEST_F(OrgsTest, DeletingAUnitWithUsersIs409) {
  HttpClient a = As("admin");
  EXPECT_TRUE(IsError(a.Delete("/api/v1/orgs/swxcb"), 409, "conflict"));  // its reporter account
  EXPECT_EQ(a.Get("/api/v1/orgs/swxcb").status, 200);
}

TEST_F(OrgsTest, ListFiltersByTypeParentAndText) {
  HttpClient a = As("reviewer");
  const auto districts = a.Get("/api/v1/orgs?type=district&limit=500").json();
  EXPECT_EQ(districts["total"], 17);  // 16 districts and the development area
  for (const auto& o : districts["items"]) EXPECT_EQ(o["type"], "district");
  const auto children = a.Get("/api/v1/orgs?parent_code=110108").json();
  EXPECT_GE(children["total"].get<int>(), 3);
  for (const auto& o : children["items"]) EXPECT_EQ(o["parent_code"], "110108");
  const auto found = a.Get("/api/v1/orgs?q=%E5%A4%A9%E6%96%87").json();  // q=天文
  ASSERT_EQ(found["total"], 1) << found;
  EXPECT_EQ(found["items"][0]["code"], "twg");
}

TEST_F(OrgsTest, ListPagesWithLimitAndOffset) {
  HttpClient a = As("reviewer");
  const auto first = a.Get("/api/v1/orgs?limit=5&offset=0").json();
  const auto second = a.Get("/api/v1/orgs?limit=5&offset=5").json();
  ASSERT_EQ(first["items"].size(), 5u);
  ASSERT_EQ(second["items"].size(), 5u);
  EXPECT_EQ(first["total"], second["total"]);
  EXPECT_NE(first["items"][0]["code"], second["items"][0]["code"]);
  const auto all = a.Get("/api/v1/orgs?limit=500").json();
  EXPECT_EQ(all["items"].size(), all["total"].get<size_t>());
}

TEST_F(OrgsTest, CreateAndUpdateWriteAuditEntriesWithBeforeAndAfter) {
  HttpClient a = As("admin");
  ASSERT_EQ(a.Post("/api/v1/orgs", OrgBody("aud-org", "审计前", "other", "110101")).status, 201);
  ASSERT_EQ(a.Put("/api/v1/orgs/aud-org", {{"name", "审计后"}, {"type", "other"}, {"parent_code", "110101"}}).status,
            200);
  const auto log = AuditFor("aud-org");
  ASSERT_EQ(log["total"], 2) << log;
  const auto& updated = log["items"][0];  // newest first
  const auto& created = log["items"][1];
  EXPECT_EQ(created["action"], "org.created");
  EXPECT_EQ(created["actor"], "admin");
  EXPECT_TRUE(created["before"].is_null());
  EXPECT_EQ(created["after"]["name"], "审计前");
  EXPECT_EQ(created["after"]["parent_code"], "110101");
  EXPECT_EQ(updated["action"], "org.updated");
  EXPECT_EQ(updated["entity_type"], "org");
  EXPECT_EQ(updated["entity_id"], "aud-org");
  EXPECT_EQ(updated["before"]["name"], "审计前");
  EXPECT_EQ(updated["after"]["name"], "审计后");
}

TEST_F(OrgsTest, DeleteWritesAnAuditEntryWithTheRemovedUnit) {
  HttpClient a = As("admin");
  ASSERT_EQ(a.Post("/api/v1/orgs", OrgBody("aud-del", "将删除")).status, 201);
  ASSERT_EQ(a.Delete("/api/v1/orgs/aud-del").status, 204);
  const auto log = AuditFor("aud-del");
  ASSERT_GE(log["items"].size(), 1u) << log;
  EXPECT_EQ(log["items"][0]["action"], "org.deleted");
  EXPECT_EQ(log["items"][0]["before"]["name"], "将删除");
  EXPECT_TRUE(log["items"][0]["after"].is_null());
}

TEST_F(OrgsTest, RefusedChangesWriteNoAuditEntry) {
  HttpClient a = As("admin");
  EXPECT_EQ(a.Post("/api/v1/orgs", OrgBody("aud-none", "无", "other", "missing-parent")).status, 422);
  EXPECT_EQ(As("reviewer").Post("/api/v1/orgs", OrgBody("aud-none", "无")).status, 403);
  EXPECT_EQ(AuditFor("aud-none")["total"], 0);
}

}  // namespace
}  // namespace sciweek::test
