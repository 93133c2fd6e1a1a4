// CSV import of org units: dry run reports per-line errors and changes nothing; a file with
// any bad line is refused 422 as a whole (all-or-nothing); a good file (BOM, CRLF, quotes)
// applies creates and updates and audits them.
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

const std::string kHeader = "code,name,type,parent_code,contact_name,contact_phone\n";

class OrgImportTest : public SharedServerTest {
 protected:
  static HttpResponse Import(const std::string& csv, bool dry_run = false) {
    return As("admin").PostRaw(std::string("/api/v1/orgs/import") + (dry_run ? "?dry_run=1" : ""), csv,
                               "text/csv; charset=utf-8");
  }
  static long long Count() {
    HttpClient a = As("admin");
    return Total(a, "/api/v1/orgs?limit=1");
  }
  static int Status(const std::string& code) { return As("admin").Get("/api/v1/orgs/" + code).status; }
  static bool HasLineError(const nlohmann::json& errors, int line, const std::string& field) {
    for (const auto& e : errors)
      if (e.value("line", 0) == line && e.value("field", "") == field && HasNonAscii(e.value("message", "")))
        return true;
    return false;
  }
};

const std::string kBadFile = kHeader +
                             "imp-ok1,良好单位一,other,110108,张三,010-1\n"        // line 2
                             "imp-bad-type,类型错误,spaceship,110108,,\n"          // line 3
                             "imp-no-name,,other,110108,,\n"                       // line 4
                             "imp-orphan,无上级,other,nowhere,,\n"                 // line 5
                             "imp-ok2,良好单位二,university,110105,李四,010-2\n";  // line 6

TEST_F(OrgImportTest, DryRunReportsEachBadLineWithItsNumberAndChangesNothing) {
  const long long before = Count();
  auto r = Import(kBadFile, true);
  ASSERT_EQ(r.status, 200) << r;
  auto j = r.json();
  EXPECT_EQ(j["dry_run"], true);
  EXPECT_TRUE(HasLineError(j["errors"], 3, "type")) << j;
  EXPECT_TRUE(HasLineError(j["errors"], 4, "name")) << j;
  EXPECT_TRUE(HasLineError(j["errors"], 5, "parent_code")) << j;
  for (const auto& e : j["errors"]) EXPECT_NE(e["line"], 2) << "line 2 is fine: " << e;
  EXPECT_EQ(Count(), before);
  EXPECT_EQ(Status("imp-ok1"), 404);
}

TEST_F(OrgImportTest, DryRunOfAGoodFileCountsWithoutApplying) {
  auto r = Import(
      kHeader +
          "imp-dry1,试运行一,other,,,\nimp-dry2,试运行二,other,imp-dry1,,\ntwg,北京天文馆,science_base,110102,,\n",
      true);
  ASSERT_EQ(r.status, 200) << r;
  auto j = r.json();
  EXPECT_EQ(j["dry_run"], true);
  EXPECT_EQ(j["created"], 2);
  EXPECT_EQ(j["updated"], 1);
  EXPECT_TRUE(j["errors"].empty());
  EXPECT_EQ(Status("imp-dry1"), 404);
}

TEST_F(OrgImportTest, OneBadLineWithoutDryRunIs422AndAppliesNothing) {
  const long long before = Count();
  const auto twg_before = As("admin").Get("/api/v1/orgs/twg").json();
  const std::string csv =
      kHeader + "imp-all1,全有一,other,,,\ntwg,改名的天文馆,science_base,110102,,\nimp-all2,全有二,badtype,,,\n";
  auto r = Import(csv);
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(r, "type", 4));
  EXPECT_EQ(Count(), before);
  EXPECT_EQ(Status("imp-all1"), 404);
  EXPECT_EQ(As("admin").Get("/api/v1/orgs/twg").json(), twg_before) << "the update on line 3 must not apply";
  EXPECT_EQ(As("admin").Get("/api/v1/audit?action=org.imported").json()["total"], 0);
}

TEST_F(OrgImportTest, GoodFileWithBomAndCrlfAppliesCreatesAndUpdates) {
  const long long before = Count();
  const std::string csv =
      "\xEF\xBB\xBF"
      "code,name,type,parent_code,contact_name,contact_phone\r\n"
      "imp-sub,\"海淀区科普基地,东区\"\"二期\"\"\",science_base,imp-root,赵老师,010-62510000\r\n"  // child first
      "imp-root,朝阳区科普联盟,other,110105,,\r\n"
      "zrbwg,北京自然博物馆,science_base,110101,钱老师,010-67020000\r\n";
  auto r = Import(csv);
  ASSERT_EQ(r.status, 200) << r;
  auto j = r.json();
  EXPECT_EQ(j["dry_run"], false);
  EXPECT_EQ(j["created"], 2);
  EXPECT_EQ(j["updated"], 1);
  EXPECT_TRUE(j["errors"].empty());
  EXPECT_EQ(Count(), before + 2);
  auto sub = As("admin").Get("/api/v1/orgs/imp-sub").json();
  EXPECT_EQ(sub["name"], "海淀区科普基地,东区\"二期\"");
  EXPECT_EQ(sub["parent_code"], "imp-root");
  EXPECT_EQ(sub["contact_phone"], "010-62510000") << "no stray \\r";
  EXPECT_EQ(As("admin").Get("/api/v1/orgs/imp-root").json()["parent_code"], "110105");
  EXPECT_EQ(As("admin").Get("/api/v1/orgs/zrbwg").json()["contact_name"], "钱老师");
  EXPECT_EQ(As("110105").Get("/api/v1/orgs/imp-sub").status, 200) << "imported units join the tree";
}

TEST_F(OrgImportTest, TheOptionalEmailColumnIsReadAndOlderFilesKeepAddresses) {
  const std::string with = "code,name,type,parent_code,contact_name,contact_phone,contact_email\n";
  auto r = Import(with + "imp-mail,邮箱导入,other,110108,,,imp-mail@example.org.cn\n");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(As("admin").Get("/api/v1/orgs/imp-mail").json()["contact_email"], "imp-mail@example.org.cn");

  r = Import(kHeader + "imp-mail,邮箱导入（旧表头）,other,110108,,\n");
  ASSERT_EQ(r.status, 200) << r;
  auto got = As("admin").Get("/api/v1/orgs/imp-mail").json();
  EXPECT_EQ(got["name"], "邮箱导入（旧表头）");
  EXPECT_EQ(got["contact_email"], "imp-mail@example.org.cn") << "a file without the column keeps the address";

  auto bad = Import(with + "imp-mail,邮箱导入,other,110108,,,nope\n", true);
  ASSERT_EQ(bad.status, 200) << bad;
  EXPECT_TRUE(HasLineError(bad.json()["errors"], 2, "contact_email")) << bad;
}

TEST_F(OrgImportTest, ImportWritesCreatedAndUpdatedAuditEntries) {
  auto r =
      Import(kHeader + "imp-aud,审计导入,other,,,\nioz,中国科学院动物研究所,institute,110105,孙老师,010-64807000\n");
  ASSERT_EQ(r.status, 200) << r;
  auto created = As("admin").Get("/api/v1/audit?entity_type=org&entity_id=imp-aud").json();
  ASSERT_EQ(created["total"], 1) << created;
  EXPECT_EQ(created["items"][0]["action"], "org.created");
  EXPECT_EQ(created["items"][0]["after"]["name"], "审计导入");
  auto updated = As("admin").Get("/api/v1/audit?entity_type=org&entity_id=ioz&action=org.updated").json();
  ASSERT_EQ(updated["total"], 1) << updated;
  EXPECT_EQ(updated["items"][0]["before"]["contact_name"], "");
  EXPECT_EQ(updated["items"][0]["after"]["contact_name"], "孙老师");
}

TEST_F(OrgImportTest, UnreadableCsvIs422AndAppliesNothing) {
  const long long before = Count();
  auto r = Import(kHeader + "imp-q1,正常,other,,,\nimp-q2,\"未闭合的引号,other,,,\n");
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_EQ(Count(), before);
  EXPECT_EQ(Status("imp-q1"), 404);
}

TEST_F(OrgImportTest, WrongHeaderIsRefusedNamingLineOne) {
  auto r = Import("code,name,kind\nimp-h,表头错误,other\n");
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_EQ(Status("imp-h"), 404);
  auto dry = Import("code,name,kind\nimp-h,表头错误,other\n", true);
  ASSERT_EQ(dry.status, 200) << dry;
  ASSERT_FALSE(dry.json()["errors"].empty());
  EXPECT_EQ(dry.json()["errors"][0]["line"], 1);
}

TEST_F(OrgImportTest, DuplicateCodesAndCyclesInTheFileAreLineErrors) {
  auto r = Import(
      kHeader +
          "imp-dup,重复一,other,,,\nimp-dup,重复二,other,,,\nimp-x,环甲,other,imp-y,,\nimp-y,环乙,other,imp-x,,\n",
      true);
  ASSERT_EQ(r.status, 200) << r;
  auto errors = r.json()["errors"];
  EXPECT_TRUE(HasLineError(errors, 3, "code")) << errors;
  EXPECT_TRUE(HasLineError(errors, 4, "parent_code") || HasLineError(errors, 5, "parent_code")) << errors;
}

TEST_F(OrgImportTest, FileAboveOneMebibyteButWithinTheImportLimitIsAccepted) {
  std::string csv = kHeader;
  for (int i = 0; csv.size() < 1536 * 1024; ++i)
    csv += "imp-big-" + std::to_string(i) + ",北京市某区青少年科技教育示范单位,other,110108,王老师,010-62510000\n";
  auto r = Import(csv, true);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_GT(r.json()["created"].get<int>(), 10000);
  EXPECT_TRUE(r.json()["errors"].empty());
}

TEST_F(OrgImportTest, FileAboveTheImportLimitIs413) {
  HttpClient a = As("admin");
  a.set_expect_continue_above(64 * 1024);
  auto r = a.PostRaw("/api/v1/orgs/import?dry_run=1", kHeader + std::string(9 << 20, 'x'), "text/csv");
  EXPECT_TRUE(IsError(r, 413, "payload_too_large"));
}

TEST_F(OrgImportTest, ReviewerCannotImport) {
  auto r = As("reviewer").PostRaw("/api/v1/orgs/import", kHeader + "imp-rev,审阅者导入,other,,,\n", "text/csv");
  EXPECT_TRUE(IsError(r, 403, "forbidden"));
  EXPECT_EQ(Status("imp-rev"), 404);
}

}  // namespace
}  // namespace sciweek::test
