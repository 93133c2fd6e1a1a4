// Two-level review (issue 10 §2, docs/decisions/0014, docs/api.md "Review levels"): a
// reviewer account belonging to a district sees and reviews its district's units only; with
// two levels a unit's table waits at its district (approve → forwarded to the city, return →
// back to the unit), then at the city (approve, or return → back to the unit, the district
// sees why); a unit under no district goes straight to the city; each level's decision is in
// the history and the audit log; the dashboard counts per level; two reviewers deciding one
// item: one wins, the other gets 409. Each suite builds its own districts and units, so the
// demo's units and campaigns never interfere.
#include <latch>
#include <thread>

#include "support/activities.hpp"
#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

// Districts 一区 (two reviewers) and 二区 (one), units under 一区, one under 二区, a member
// unit under no district. Every login below has the demo password.
const std::string kD1 = "tl-d1", kD2 = "tl-d2", kMember = "tl-m", kOther = "tl-x";
const std::vector<std::string> kUnder1 = {"tl-a", "tl-b", "tl-c", "tl-e", "tl-f", "tl-g"};
const std::string kRev1 = "tl-d1-rev", kRev1b = "tl-d1-rev2", kRev2 = "tl-d2-rev";

// Sends two decisions at once (released together by a latch): exactly one must win, the
// other gets 409. True when the first won.
bool OneWinsTheOtherGets409(HttpClient a, const std::string& path_a, const nlohmann::json& body_a, HttpClient b,
                            const std::string& path_b, const nlohmann::json& body_b) {
  std::latch start(3);
  HttpResponse ra, rb;
  std::thread ta([&] {
    start.arrive_and_wait();
    ra = a.Post(path_a, body_a);
  });
  std::thread tb([&] {
    start.arrive_and_wait();
    rb = b.Post(path_b, body_b);
  });
  start.arrive_and_wait();
  ta.join();
  tb.join();
  EXPECT_EQ((ra.status == 200) + (rb.status == 200), 1) << ra << "\n" << rb;
  EXPECT_TRUE(IsError(ra.status == 200 ? rb : ra, 409, "conflict")) << ra << "\n" << rb;
  return ra.status == 200;
}

class ReviewWorld : public SharedServerTest {
 public:
  // Units, accounts and this year's open campaign with `report_levels` review levels.
  static void Build(int report_levels) {
    if (!server_) return;
    HttpClient admin = As("admin");
    year_ = CreateOpenCampaign(admin).year;
    if (!year_) return;
    auto unit = [&](const std::string& code, const std::string& type, const std::string& parent) {
      auto r = admin.Post("/api/v1/orgs", OrgBody(code, "两级审核" + code, type, parent));
      if (r.status != 201) ADD_FAILURE() << r;
      AddUser(code, "reporter", code);
    };
    unit(kD1, "district", "");
    unit(kD2, "district", "");
    unit(kMember, "member_unit", "");
    for (const auto& c : kUnder1) unit(c, "science_base", kD1);
    unit(kOther, "science_base", kD2);
    AddUser(kRev1, "reviewer", kD1);
    AddUser(kRev1b, "reviewer", kD1);
    AddUser(kRev2, "reviewer", kD2);
    HttpClient probe = As(kD1);
    fields_ = FormFields(probe, year_);
    if (report_levels != 1) {
      auto r = SetLevels(admin, year_, "report_review_levels", report_levels);
      if (r.status != 200) ADD_FAILURE() << r;
    }
  }
  static void TearDownTestSuite() {
    year_ = 0;
    SharedServerTest::TearDownTestSuite();
  }

  static void AddUser(const std::string& login, const std::string& role, const std::string& org) {
    auto r = As("admin").Post(
        "/api/v1/users",
        {{"login", login}, {"name", login + "用户"}, {"role", role}, {"org_code", org}, {"password", kDemoPassword}});
    if (r.status != 201) ADD_FAILURE() << login << ": " << r;
  }

  // PUT the campaign with one setting changed.
  static HttpResponse SetLevels(HttpClient& admin, int year, const std::string& key, int levels) {
    const std::string path = "/api/v1/campaigns/" + std::to_string(year);
    auto c = admin.Get(path).json();
    c.erase("year");
    c[key] = levels;
    return admin.Put(path, c);
  }

 protected:
  // The unit files 1 of every item and submits: the submitted report.
  static nlohmann::json File(const std::string& code) {
    Figures f;
    for (const auto& field : fields_) f[field.code] = 100;
    HttpClient c = As(code);
    auto r = SaveDraft(c, year_, code, FiguresJson(f, fields_));
    EXPECT_EQ(r.status, 200) << code << ": " << r;
    r = Submit(c, year_, code);
    EXPECT_EQ(r.status, 200) << code << ": " << r;
    return r.status == 200 ? r.json() : nlohmann::json(nullptr);
  }
  static HttpResponse Approve(const std::string& who, const std::string& code, const std::string& comment = "") {
    HttpClient c = Login(who);
    return c.Post(ReportPath(year_, code, "/approve"), {{"comment", comment}});
  }
  static HttpResponse Return(const std::string& who, const std::string& code, const nlohmann::json& fields) {
    HttpClient c = Login(who);
    return c.Post(ReportPath(year_, code, "/return"), {{"comment", "请核实后重新提交"}, {"fields", fields}});
  }
  static nlohmann::json Report(const std::string& code, const std::string& who = "admin") {
    HttpClient c = Login(who);
    auto r = c.Get(ReportPath(year_, code));
    EXPECT_EQ(r.status, 200) << r;
    return r.json();
  }
  static nlohmann::json Decisions(const std::string& code, const std::string& who = "admin") {
    HttpClient c = Login(who);
    auto r = c.Get(ReportPath(year_, code, "/history"));
    EXPECT_EQ(r.status, 200) << r;
    return r.status == 200 ? r.json()["items"].back()["decisions"] : nlohmann::json::array();
  }
  // The accounts made above log in once per suite like the demo's.
  static HttpClient Login(const std::string& who) { return As(who); }

  static inline int year_ = 0;
  static inline std::vector<FormFieldInfo> fields_;
};

class TwoLevelReviewTest : public ReviewWorld {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    Build(2);
  }
};

TEST_F(TwoLevelReviewTest, ATableWaitsAtItsDistrictThenTheCity) {
  ASSERT_NE(year_, 0);
  const auto filed = File("tl-a");
  EXPECT_EQ(filed["review"]["levels"], 2);
  EXPECT_EQ(filed["review"]["level"], "district");
  EXPECT_EQ(Report("tl-a", kRev1)["can"]["decide"], true);
  EXPECT_EQ(Report("tl-a", "reviewer")["can"]["decide"], false) << "the city waits for the district";
  EXPECT_EQ(Report("tl-a", "reviewer")["can"]["review"], true);

  auto r = Approve("reviewer", "tl-a");
  EXPECT_TRUE(IsError(r, 409, "conflict")) << r;
  EXPECT_EQ(Report("tl-a")["review"]["level"], "district") << "a refused decision changes nothing";

  r = Approve(kRev1, "tl-a", "区级审核通过");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "submitted");
  EXPECT_EQ(r.json()["review"]["level"], "city");
  EXPECT_EQ(r.json()["can"]["decide"], false);
  EXPECT_TRUE(IsError(Approve(kRev1, "tl-a"), 409, "conflict")) << "already forwarded";
  EXPECT_EQ(Report("tl-a", "reviewer")["can"]["decide"], true);
  EXPECT_EQ(Report("tl-a", "tl-a")["can"]["edit"], false) << "the unit waits";

  r = Approve("reviewer", "tl-a");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "approved");
  EXPECT_TRUE(r.json()["review"]["level"].is_null());

  const auto d = Decisions("tl-a", "tl-a");
  ASSERT_EQ(d.size(), 2u) << d;
  EXPECT_EQ(d[0]["level"], "district");
  EXPECT_EQ(d[0]["action"], "forwarded");
  EXPECT_EQ(d[0]["by"], kRev1);
  EXPECT_EQ(d[0]["comment"], "区级审核通过");
  EXPECT_FALSE(d[0]["at"].get<std::string>().empty());
  EXPECT_EQ(d[1]["level"], "city");
  EXPECT_EQ(d[1]["action"], "approved");
  EXPECT_EQ(d[1]["by"], "reviewer");

  // The audit log names each level's decision.
  HttpClient admin = As("admin");
  const std::string entity = UrlEncode(std::to_string(year_) + "/tl-a");
  auto forwarded = admin.Get("/api/v1/audit?action=report.forwarded&entity_id=" + entity).json();
  ASSERT_EQ(forwarded["total"], 1) << forwarded;
  EXPECT_EQ(forwarded["items"][0]["actor"], kRev1);
  EXPECT_EQ(forwarded["items"][0]["after"]["level"], "district");
  auto approved = admin.Get("/api/v1/audit?action=report.approved&entity_id=" + entity).json();
  ASSERT_EQ(approved["total"], 1) << approved;
  EXPECT_EQ(approved["items"][0]["after"]["level"], "city");
}

TEST_F(TwoLevelReviewTest, ADistrictReturnSendsTheTableBackToTheUnit) {
  ASSERT_NE(year_, 0);
  File("tl-b");
  const nlohmann::json fields = {{"participants_offline", "与签到记录不符"}};
  auto r = Return(kRev1, "tl-b", fields);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "returned");
  EXPECT_EQ(r.json()["comments"]["fields"], fields);
  const auto unit = Report("tl-b", "tl-b");
  EXPECT_EQ(unit["can"]["edit"], true);
  EXPECT_EQ(unit["comments"]["fields"], fields) << "the unit sees the reasons per field";
  const auto d = Decisions("tl-b");
  ASSERT_EQ(d.size(), 1u) << d;
  EXPECT_EQ(d[0]["level"], "district");
  EXPECT_EQ(d[0]["action"], "returned");
  EXPECT_EQ(d[0]["fields"], fields);
  // Filed again, it starts at the district again.
  HttpClient unit_client = As("tl-b");
  auto again = Submit(unit_client, year_, "tl-b");
  ASSERT_EQ(again.status, 200) << again;
  EXPECT_EQ(again.json()["review"]["level"], "district");
}

TEST_F(TwoLevelReviewTest, ACityReturnGoesBackToTheUnitAndTheDistrictSeesWhy) {
  ASSERT_NE(year_, 0);
  File("tl-c");
  ASSERT_EQ(Approve(kRev1, "tl-c").status, 200);
  const nlohmann::json fields = {{"fund_municipal", "与财政批复不一致"}};
  auto r = Return("reviewer", "tl-c", fields);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "returned");
  const auto district = Report("tl-c", kRev1);
  EXPECT_EQ(district["status"], "returned");
  EXPECT_EQ(district["comments"]["fields"], fields);
  const auto d = Decisions("tl-c", kRev1);
  ASSERT_EQ(d.size(), 2u) << d;
  EXPECT_EQ(d[1]["level"], "city");
  EXPECT_EQ(d[1]["action"], "returned");
  EXPECT_EQ(d[1]["by"], "reviewer");
  EXPECT_EQ(d[1]["fields"], fields);
  EXPECT_EQ(Report("tl-c", "tl-c")["can"]["edit"], true);
}

TEST_F(TwoLevelReviewTest, UnitsUnderNoDistrictGoStraightToTheCity) {
  ASSERT_NE(year_, 0);
  for (const std::string& code : {kMember, kD2}) {  // a member unit; a district's own table
    const auto filed = File(code);
    EXPECT_EQ(filed["review"]["level"], "city") << code;
    auto r = Approve("reviewer", code);
    ASSERT_EQ(r.status, 200) << code << ": " << r;
    EXPECT_EQ(r.json()["status"], "approved");
    const auto d = Decisions(code);
    ASSERT_EQ(d.size(), 1u) << d;
    EXPECT_EQ(d[0]["level"], "city");
  }
  // A district's reviewer does not review its own district's table.
  File(kD1);
  EXPECT_EQ(Report(kD1, kRev1)["can"]["decide"], false);
  EXPECT_TRUE(IsError(Approve(kRev1, kD1), 403, "forbidden"));
}

TEST_F(TwoLevelReviewTest, AnotherDistrictsReviewerSeesAndChangesNothing) {
  ASSERT_NE(year_, 0);
  File("tl-e");
  HttpClient admin = As("admin");
  const auto before = admin.Get(ReportPath(year_, "tl-e")).body;
  HttpClient other = As(kRev2);
  // Reads: 404, exactly as a unit that does not exist.
  for (const std::string suffix : {"", "/history", "/export.xlsx"}) {
    auto r = other.Get(ReportPath(year_, "tl-e", suffix));
    EXPECT_TRUE(IsError(r, 404, "not_found")) << suffix << ": " << r;
  }
  EXPECT_TRUE(IsError(other.Get("/api/v1/orgs/tl-e"), 404, "not_found"));
  // Writes: refused, nothing changes.
  EXPECT_EQ(Approve(kRev2, "tl-e").status, 404);
  EXPECT_EQ(Return(kRev2, "tl-e", nlohmann::json::object()).status, 404);
  EXPECT_EQ(admin.Get(ReportPath(year_, "tl-e")).body, before);
  // Lists and exports hold its own district only.
  const auto progress = other.Get("/api/v1/campaigns/" + std::to_string(year_) + "/completeness").json();
  std::set<std::string> codes;
  for (const auto& u : progress["units"]) codes.insert(u["code"].get<std::string>());
  EXPECT_EQ(codes, (std::set<std::string>{kD2, kOther})) << progress;
  auto orgs = other.Get("/api/v1/orgs?limit=500").json();
  for (const auto& o : orgs["items"]) EXPECT_TRUE(o["code"] == kD2 || o["code"] == kOther) << o["code"];
  auto csv = other.Get("/api/v1/campaigns/" + std::to_string(year_) + "/export.csv");
  ASSERT_EQ(csv.status, 200) << csv;
  EXPECT_EQ(csv.body.find("tl-e"), std::string::npos);
  EXPECT_EQ(csv.body.find("两级审核tl-a"), std::string::npos);
  auto totals = other.Get("/api/v1/campaigns/" + std::to_string(year_) + "/totals?status=submitted");
  ASSERT_EQ(totals.status, 200) << totals;
  EXPECT_LE(totals.json()["units"].get<long long>(), 2) << "二区 and its unit at most: " << totals;
  // Chasing reaches its own units only.
  auto chase = other.Post("/api/v1/campaigns/" + std::to_string(year_) + "/reminders",
                          {{"message", "请尽快填报"}, {"org_codes", {"tl-g"}}});
  ASSERT_EQ(chase.status, 201) << chase;
  EXPECT_EQ(chase.json()["sent"], 0) << chase;
  EXPECT_TRUE(admin.Get(ReportPath(year_, "tl-g")).json()["reminders"].empty());
  // The organizer's pages stay closed to it.
  EXPECT_TRUE(IsError(other.Get("/api/v1/audit"), 403, "forbidden"));
  EXPECT_TRUE(IsError(other.Get("/api/v1/users"), 403, "forbidden"));
}

TEST_F(TwoLevelReviewTest, TwoReviewersDecidingOneTableOneWinsTheOtherGets409) {
  ASSERT_NE(year_, 0);
  File("tl-f");
  auto race = [&](const std::string& a, const std::string& b) {
    return OneWinsTheOtherGets409(As(a), ReportPath(year_, "tl-f", "/approve"), {{"comment", ""}}, As(b),
                                  ReportPath(year_, "tl-f", "/return"),
                                  {{"comment", "请核实数据"}, {"fields", nlohmann::json::object()}});
  };
  // The district's two reviewers; when the forward won, the city's two.
  if (race(kRev1, kRev1b)) {
    race("reviewer", "admin");
    const auto d = Decisions("tl-f");
    EXPECT_EQ(d.size(), 2u) << d;
  } else {
    EXPECT_EQ(Decisions("tl-f").size(), 1u);
  }
}

TEST_F(TwoLevelReviewTest, TheDashboardCountsEachLevel) {
  ASSERT_NE(year_, 0);
  File("tl-g");  // waits at 一区
  HttpClient admin = As("admin");
  const auto all = admin.Get("/api/v1/campaigns/" + std::to_string(year_) + "/completeness").json();
  EXPECT_EQ(all["review_levels"], 2);
  long long district = 0, city = 0;
  for (const auto& u : all["units"]) {
    if (u["status"] != "submitted") continue;
    if (u["review"]["level"] == "district") ++district;
    if (u["review"]["level"] == "city") ++city;
  }
  EXPECT_GE(district, 1);
  EXPECT_EQ(all["counts"]["at_district"], district) << all["counts"];
  EXPECT_EQ(all["counts"]["at_city"], city) << all["counts"];
  const auto mine = As(kRev1).Get("/api/v1/campaigns/" + std::to_string(year_) + "/completeness").json();
  for (const auto& u : mine["units"]) EXPECT_TRUE(u["code"] == kD1 || u["parent_code"] == kD1) << u["code"];
}

TEST_F(TwoLevelReviewTest, TheSettingIsOneOrTwoAndAReviewerBelongsToADistrictOrTheOrganizer) {
  ASSERT_NE(year_, 0);
  HttpClient admin = As("admin");
  for (const auto& bad : {nlohmann::json(3), nlohmann::json(0), nlohmann::json("2")}) {
    const std::string path = "/api/v1/campaigns/" + std::to_string(year_);
    auto c = admin.Get(path).json();
    c.erase("year");
    c["activity_review_levels"] = bad;
    auto r = admin.Put(path, c);
    EXPECT_TRUE(IsError(r, 422, "validation_failed")) << bad << ": " << r;
  }
  EXPECT_EQ(admin.Get("/api/v1/campaigns/" + std::to_string(year_)).json()["activity_review_levels"], 1);
  auto r = admin.Post("/api/v1/users", {{"login", "tl-bad-rev"},
                                        {"name", "审核员"},
                                        {"role", "reviewer"},
                                        {"org_code", "tl-a"},
                                        {"password", kDemoPassword}});
  EXPECT_TRUE(IsError(r, 422, "validation_failed")) << r;
  EXPECT_TRUE(HasDetail(r, "org_code"));
  EXPECT_EQ(admin.Get("/api/v1/users?limit=500").body.find("tl-bad-rev"), std::string::npos);
  // The settings API refuses a unit's reporter and a district's reviewer.
  for (const std::string& who : {kRev1, std::string("tl-a")}) {
    HttpClient c = As(who);
    EXPECT_TRUE(IsError(SetLevels(c, year_, "report_review_levels", 1), 403, "forbidden")) << who;
  }
}

// Changing the setting mid-season strands nothing: items waiting at the district are decided
// at the single level after 2 → 1; items submitted under one level wait at the city after 1 → 2.
class ReviewSettingChangeTest : public ReviewWorld {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    Build(1);
  }
};

TEST_F(ReviewSettingChangeTest, OneLevelIsTheDefaultAndADistrictReviewerDecidesItsUnitsThere) {
  ASSERT_NE(year_, 0);
  const auto filed = File("tl-a");
  EXPECT_EQ(filed["review"]["levels"], 1);
  EXPECT_TRUE(filed["review"]["level"].is_null());
  EXPECT_EQ(Report("tl-a", "reviewer")["can"]["decide"], true);
  auto r = Approve(kRev1, "tl-a");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "approved") << "one level: the decision is final";
  const auto d = Decisions("tl-a");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_TRUE(d[0]["level"].is_null());
  EXPECT_EQ(d[0]["action"], "approved");
  EXPECT_TRUE(IsError(Approve(kRev2, "tl-b"), 404, "not_found")) << "another district's unit";
}

TEST_F(ReviewSettingChangeTest, ItemsWaitingWhenTheSettingChangesAreNotStranded) {
  ASSERT_NE(year_, 0);
  HttpClient admin = As("admin");
  File("tl-b");  // under one level
  ASSERT_EQ(SetLevels(admin, year_, "report_review_levels", 2).status, 200);
  auto b = Report("tl-b", kRev1);
  EXPECT_EQ(b["review"]["level"], "city") << "submitted under one level: it waits at the city";
  EXPECT_EQ(b["can"]["decide"], false);
  EXPECT_TRUE(IsError(Approve(kRev1, "tl-b"), 409, "conflict"));
  File("tl-c");  // under two levels: at the district
  EXPECT_EQ(Report("tl-c")["review"]["level"], "district");

  ASSERT_EQ(SetLevels(admin, year_, "report_review_levels", 1).status, 200);
  const auto c = Report("tl-c", "reviewer");
  EXPECT_TRUE(c["review"]["level"].is_null()) << "back to one level: decided at the single level";
  EXPECT_EQ(c["can"]["decide"], true);
  auto r = Approve("reviewer", "tl-c");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "approved");
  r = Approve("reviewer", "tl-b");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "approved");
}

// Activities: the same two levels, set separately.
class TwoLevelActivityReviewTest : public ReviewWorld {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    Build(1);
    if (!server_) return;
    HttpClient admin = As("admin");
    future_ = CreateFutureCampaign(admin);
    if (future_) {
      auto r = SetLevels(admin, future_, "activity_review_levels", 2);
      if (r.status != 200) ADD_FAILURE() << r;
    }
  }

 protected:
  static nlohmann::json Submitted(const std::string& lead, const std::string& title) {
    HttpClient c = As(lead);
    auto r = c.Post("/api/v1/campaigns/" + std::to_string(future_) + "/activities", ActivityBody(future_, title, 30));
    EXPECT_EQ(r.status, 201) << r;
    if (r.status != 201) return nullptr;
    r = c.Post("/api/v1/activities/" + r.json()["id"].dump() + "/submit", nlohmann::json::object());
    EXPECT_EQ(r.status, 200) << r;
    return r.json();
  }
  static HttpResponse Act(const std::string& who, const nlohmann::json& a, const std::string& what,
                          const nlohmann::json& body = nlohmann::json::object()) {
    HttpClient c = As(who);
    return c.Post("/api/v1/activities/" + a["id"].dump() + "/" + what, body);
  }

  static inline int future_ = 0;
};

TEST_F(TwoLevelActivityReviewTest, APlanWaitsAtTheLeadUnitsDistrictThenTheCity) {
  ASSERT_NE(future_, 0);
  const auto a = Submitted("tl-a", "一区开放日");
  ASSERT_FALSE(a.is_null());
  EXPECT_EQ(a["review"]["level"], "district");
  EXPECT_TRUE(IsError(Act("reviewer", a, "approve"), 409, "conflict"));
  EXPECT_TRUE(IsError(Act(kRev2, a, "approve"), 404, "not_found")) << "another district's reviewer";
  auto r = Act(kRev1, a, "approve");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "submitted");
  EXPECT_EQ(r.json()["review"]["level"], "city");
  EXPECT_EQ(r.json()["can"]["decide"], false);
  r = Act("reviewer", a, "approve");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "approved");
  const auto d = r.json()["decisions"];
  ASSERT_EQ(d.size(), 2u) << d;
  EXPECT_EQ(d[0]["level"], "district");
  EXPECT_EQ(d[0]["action"], "forwarded");
  EXPECT_EQ(d[1]["level"], "city");
  EXPECT_EQ(d[1]["action"], "approved");
  auto audit = As("admin").Get("/api/v1/audit?action=activity.forwarded&entity_id=" + a["id"].dump()).json();
  EXPECT_EQ(audit["total"], 1) << audit;
}

TEST_F(TwoLevelActivityReviewTest, EitherLevelReturnsAPlanToTheLeadUnit) {
  ASSERT_NE(future_, 0);
  const auto a = Submitted("tl-b", "一区科普讲座");
  ASSERT_FALSE(a.is_null());
  auto r = Act(kRev1, a, "reject", {{"reason", "场地信息不完整"}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "rejected");
  EXPECT_EQ(r.json()["review_reason"], "场地信息不完整");
  const auto b = Submitted("tl-c", "一区科学实验秀");
  ASSERT_EQ(Act(kRev1, b, "approve").status, 200);
  r = Act("reviewer", b, "reject", {{"reason", "时间与主场活动冲突"}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "rejected");
  // The district sees why the city returned it.
  auto seen = As(kRev1).Get("/api/v1/activities/" + b["id"].dump());
  ASSERT_EQ(seen.status, 200) << seen;
  EXPECT_EQ(seen.json()["review_reason"], "时间与主场活动冲突");
  EXPECT_EQ(seen.json()["decisions"].back()["level"], "city");
}

TEST_F(TwoLevelActivityReviewTest, APlanOfAUnitUnderNoDistrictGoesToTheCity) {
  ASSERT_NE(future_, 0);
  const auto a = Submitted(kMember, "成员单位开放日");
  ASSERT_FALSE(a.is_null());
  EXPECT_EQ(a["review"]["level"], "city");
  auto r = Act("reviewer", a, "approve");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "approved");
}

TEST_F(TwoLevelActivityReviewTest, TwoReviewersDecidingOnePlanOneWinsTheOtherGets409) {
  ASSERT_NE(future_, 0);
  const auto a = Submitted(kMember, "成员单位科学之夜");
  ASSERT_FALSE(a.is_null());
  const std::string path = "/api/v1/activities/" + a["id"].dump();
  OneWinsTheOtherGets409(As("reviewer"), path + "/approve", nlohmann::json::object(), As("admin"), path + "/reject",
                         {{"reason", "请补充安全方案"}});
  EXPECT_EQ(As("admin").Get(path).json()["decisions"].size(), 1u);
}

TEST_F(TwoLevelActivityReviewTest, ADistrictsReviewerListsItsDistrictsPlansOnly) {
  ASSERT_NE(future_, 0);
  const auto mine = Submitted("tl-e", "一区天文观测");
  const auto theirs = Submitted(kOther, "二区植物课堂");
  ASSERT_FALSE(mine.is_null());
  ASSERT_FALSE(theirs.is_null());
  auto list = As(kRev1).Get("/api/v1/campaigns/" + std::to_string(future_) + "/activities?limit=100").json();
  std::set<long long> ids;
  for (const auto& a : list["items"]) ids.insert(a["id"].get<long long>());
  EXPECT_TRUE(ids.count(mine["id"].get<long long>()));
  EXPECT_FALSE(ids.count(theirs["id"].get<long long>()));
  EXPECT_TRUE(IsError(As(kRev1).Get("/api/v1/activities/" + theirs["id"].dump()), 404, "not_found"));
  EXPECT_TRUE(IsError(Act(kRev1, theirs, "reject", {{"reason", "不属于本区"}}), 404, "not_found"));
  EXPECT_EQ(As("admin").Get("/api/v1/activities/" + theirs["id"].dump()).json()["status"], "submitted");
}

}  // namespace
}  // namespace sciweek::test
