// Check-in (issue 5 §6–8): a ticket counts once however often it is scanned (the second
// scan names the first time and who scanned), forged and tampered codes and other units'
// tickets are unknown, cancelled tickets are refused, a ticket of another session is
// flagged, entry and exit scans keep the venue occupancy with a warning near its safe
// limit; check-ins and walk-ins become the unit's suggested participants; the attendee list
// (full phones) is for the lead unit only and audited, and the activities export adds up.
#include "support/activities.hpp"
#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

class CheckinTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    if (!server_) return;
    HttpClient admin = As("admin");
    year_ = CreateFutureCampaign(admin);
    // Venue staff of 海淀区 (the demo's checkin account belongs to another unit).
    auto r = admin.Post("/api/v1/users", {{"login", "hd-gate"},
                                          {"name", "海淀检票员"},
                                          {"role", "checkin"},
                                          {"org_code", "110108"},
                                          {"password", kDemoPassword}});
    if (r.status != 201) ADD_FAILURE() << r;
  }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    ASSERT_NE(year_, 0);
  }
  static nlohmann::json Scan(HttpClient c, const std::string& code, std::optional<long long> session = std::nullopt,
                             const std::string& direction = "in") {
    nlohmann::json body = {{"code", code}, {"direction", direction}};
    if (session) body["session_id"] = *session;
    auto r = c.Post("/api/v1/checkin", body);
    EXPECT_EQ(r.status, 200) << r;
    return r.status == 200 ? r.json() : nlohmann::json::object();
  }
  static inline int year_ = 0;
};

TEST_F(CheckinTest, ATicketCountsOnceAndTheSecondScanSaysWhoScannedFirst) {
  auto body = ActivityBody(year_, "检票测试", 20, 2);
  body["safe_occupancy"] = 5;
  auto a = Publish(As("110108"), As("reviewer"), year_, body);
  ASSERT_FALSE(a.is_null());
  const long long s1 = a["sessions"][0]["id"], s2 = a["sessions"][1]["id"];
  HttpClient v = Anonymous();
  auto t = Reserve(v, s1, TestPhone(500), 3, "李四").json();
  const std::string code = t["code"];
  HttpClient gate = As("hd-gate");
  auto first = Scan(gate, code, s1);
  EXPECT_EQ(first["result"], "ok");
  EXPECT_EQ(first["name"], "李*");
  EXPECT_EQ(first["party_size"], 3);
  EXPECT_EQ(first["occupancy"], 3);
  auto second = Scan(gate, code, s1);
  EXPECT_EQ(second["result"], "already_checked_in");
  EXPECT_EQ(second["checked_in_by"], "hd-gate");
  EXPECT_FALSE(second["checked_in_at"].is_null());
  EXPECT_EQ(second["occupancy"], 3) << "a second scan never counts twice";
  // Typed ticket number, lower case with dashes, works the same.
  const std::string no = t["ticket_no"];
  std::string typed = no.substr(0, 4) + "-" + no.substr(4, 4) + "-" + no.substr(8, 4) + "-" + no.substr(12);
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(Scan(gate, typed, s1)["result"], "already_checked_in");
  auto counter = gate.Get("/api/v1/sessions/" + std::to_string(s1) + "/counter").json();
  EXPECT_EQ(counter["checked_in_people"], 3);
  EXPECT_EQ(counter["checked_in_parties"], 1);
  EXPECT_EQ(counter["reserved"], 3);
  EXPECT_FALSE(counter["near_limit"].get<bool>()) << "3 of a safe 5";
  // A second party brings the venue to 5 of 5: the warning is raised.
  auto t2 = Reserve(v, s1, TestPhone(501), 2).json();
  EXPECT_EQ(Scan(gate, t2["code"], s1)["result"], "ok");
  EXPECT_TRUE(gate.Get("/api/v1/sessions/" + std::to_string(s1) + "/counter").json()["near_limit"].get<bool>());
  // Exit and re-entry move occupancy, not the checked-in count.
  EXPECT_EQ(Scan(gate, code, s1, "out")["occupancy"], 2);
  EXPECT_EQ(Scan(gate, code, s1, "out")["result"], "not_inside");
  EXPECT_EQ(Scan(gate, code, s1, "in")["result"], "ok");
  counter = gate.Get("/api/v1/sessions/" + std::to_string(s1) + "/counter").json();
  EXPECT_EQ(counter["occupancy"], 5);
  EXPECT_EQ(counter["checked_in_people"], 5);
  // The ticket belongs to session 1: scanned at session 2's door it is flagged.
  EXPECT_EQ(Scan(gate, code, s2)["result"], "wrong_session");
}

TEST_F(CheckinTest, ForgedTamperedForeignAndCancelledTicketsAreRefused) {
  auto a = Publish(As("110108"), As("reviewer"), year_, ActivityBody(year_, "防伪测试", 20));
  ASSERT_FALSE(a.is_null());
  const long long s = a["sessions"][0]["id"];
  HttpClient v = Anonymous();
  auto t = Reserve(v, s, TestPhone(600)).json();
  const std::string code = t["code"];
  HttpClient gate = As("hd-gate");
  // Tampered: another character in the signature; another session number; a made-up code.
  std::string tampered = code;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Scan(gate, tampered)["result"], "unknown");
  std::string moved = code;
  moved.replace(code.find('.', 3) + 1, std::to_string(s).size(), std::to_string(s + 1));  // T2.<kid>.<session>…
  EXPECT_EQ(Scan(gate, moved)["result"], "unknown");
  EXPECT_EQ(Scan(gate, "T1." + std::to_string(s) + ".0123456789ABCDEF." + std::string(86, 'A'))["result"], "unknown");
  EXPECT_EQ(Scan(gate, "0123-4567-89AB-CDEF")["result"], "unknown");
  EXPECT_EQ(Scan(gate, "not a ticket")["result"], "unknown");
  // Another unit's staff learn nothing about this ticket.
  EXPECT_EQ(Scan(As("checkin"), code)["result"], "unknown");
  EXPECT_TRUE(IsError(As("reviewer").Post("/api/v1/checkin", {{"code", code}}), 403, "forbidden"))
      << "reviewers do not scan";
  EXPECT_TRUE(IsError(v.Post("/api/v1/checkin", {{"code", code}}), 401, "unauthenticated"));
  // Cancelled by the visitor: refused at the door.
  ASSERT_EQ(CancelTicket(v, code, TestPhone(600)).status, 204);
  auto c = Scan(gate, code);
  EXPECT_EQ(c["result"], "cancelled");
  EXPECT_EQ(gate.Get("/api/v1/sessions/" + std::to_string(s) + "/counter").json()["checked_in_people"], 0);
}

TEST_F(CheckinTest, AttendeeListHasFullPhonesForTheLeadUnitOnlyAndIsAudited) {
  auto a = Publish(As("110108"), As("reviewer"), year_, ActivityBody(year_, "名单导出", 20));
  ASSERT_FALSE(a.is_null());
  const long long s = a["sessions"][0]["id"];
  HttpClient v = Anonymous();
  ASSERT_EQ(Reserve(v, s, "13612345678", 2, "王五").status, 201);
  const std::string path = "/api/v1/sessions/" + std::to_string(s) + "/attendees.xlsx";
  EXPECT_TRUE(IsError(As("110101").Get(path), 404, "not_found"));
  EXPECT_TRUE(IsError(As("hd-gate").Get(path), 403, "forbidden")) << "venue staff scan, but do not export phones";
  auto x = As("110108").Get(path);
  ASSERT_EQ(x.status, 200) << x;
  TempDir dir;
  WriteBytes(dir.File("a.xlsx"), x.body);
  auto rows = SheetRows(ReadXlsx(dir.File("a.xlsx")), "预约名单");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[3][1], "王五");
  EXPECT_EQ(rows[3][2], "13612345678") << "the full number, as text";
  EXPECT_EQ(rows[3][3], 2);
  auto audit = As("admin").Get("/api/v1/audit?action=attendees.exported");
  ASSERT_EQ(audit.status, 200);
  EXPECT_GE(audit.json()["total"].get<int>(), 1);
  // Elsewhere the number stays masked, the audit log included.
  EXPECT_EQ(As("admin").Get("/api/v1/audit?action=reservation.created").body.find("13612345678"), std::string::npos);
}

TEST_F(CheckinTest, ActivitiesExportListsEveryActivityWithItsFigures) {
  auto a = Publish(As("110108"), As("reviewer"), year_, ActivityBody(year_, "导出核对", 7, 2));
  ASSERT_FALSE(a.is_null());
  HttpClient v = Anonymous();
  auto t = Reserve(v, a["sessions"][0]["id"], TestPhone(700), 2).json();
  ASSERT_EQ(Scan(As("hd-gate"), t["code"])["result"], "ok");
  const nlohmann::json walk_ins = {{"count", 4}};
  auto w = As("110108").Put("/api/v1/sessions/" + std::to_string(a["sessions"][1]["id"].get<long long>()) + "/walk-ins",
                            walk_ins);
  ASSERT_EQ(w.status, 200) << w;
  auto x = As("admin").Get("/api/v1/campaigns/" + std::to_string(year_) + "/activities.xlsx");
  ASSERT_EQ(x.status, 200) << x;
  TempDir dir;
  WriteBytes(dir.File("a.xlsx"), x.body);
  auto rows = SheetRows(ReadXlsx(dir.File("a.xlsx")), "活动清单");
  bool found = false;
  for (const auto& row : rows) {
    if (row.size() < 15 || row[1] != "导出核对") continue;
    found = true;
    EXPECT_EQ(row[9], "已发布");
    EXPECT_EQ(row[10], 2);   // sessions
    EXPECT_EQ(row[11], 14);  // places
    EXPECT_EQ(row[12], 2);   // reserved
    EXPECT_EQ(row[13], 2);   // checked in
    EXPECT_EQ(row[14], 4);   // walk-ins
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(rows.back()[0], "合计");
}

TEST_F(CheckinTest, CheckInsAndWalkInsBecomeTheUnitsSuggestedParticipants) {
  // A campaign running now: an activity that started an hour ago and ends in an hour.
  HttpClient admin = As("admin");
  const auto open = CreateOpenCampaign(admin);
  ASSERT_NE(open.year, 0);
  const std::time_t now = std::time(nullptr);
  // The week runs from yesterday to tomorrow, so now ± 1 hour lies inside it.
  auto campaign = admin.Get("/api/v1/campaigns/" + std::to_string(open.year)).json();
  campaign.erase("year");
  campaign["end_date"] = ShanghaiDate(now + 86400);
  auto put = admin.Put("/api/v1/campaigns/" + std::to_string(open.year), campaign);
  ASSERT_EQ(put.status, 200) << put;
  auto body = ActivityBody(open.year, "正在进行的开放日", 30);
  body["starts_at"] = ShanghaiDateTime(now - 3600);
  body["ends_at"] = ShanghaiDateTime(now + 3600);
  body["sessions"][0]["starts_at"] = ShanghaiDateTime(now - 3600);
  body["sessions"][0]["ends_at"] = ShanghaiDateTime(now + 3600);
  auto a = Publish(As("110108"), As("reviewer"), open.year, body);
  ASSERT_FALSE(a.is_null());
  const long long s = a["sessions"][0]["id"];
  HttpClient v = Anonymous();
  for (int i = 0; i < 3; ++i) {
    auto t = Reserve(v, s, TestPhone(800 + i), i + 1);
    ASSERT_EQ(t.status, 201) << t;
    if (i < 2) {
      EXPECT_EQ(Scan(As("hd-gate"), t.json()["code"])["result"], "ok");  // 1 + 2 people in
    }
  }
  auto w = As("hd-gate").Put("/api/v1/sessions/" + std::to_string(s) + "/walk-ins", {{"count", 7}});
  ASSERT_EQ(w.status, 200) << w;
  EXPECT_TRUE(IsError(As("hd-gate").Put("/api/v1/sessions/" + std::to_string(s) + "/walk-ins", {{"count", -1}}), 422,
                      "validation_failed"));
  auto r = As("110108").Get(ReportPath(open.year, "110108", "/suggestions"));
  ASSERT_EQ(r.status, 200) << r;
  auto j = r.json();
  EXPECT_EQ(j["activities_held"]["value"], 1);
  EXPECT_EQ(j["activities_held"]["activities"][0]["title"], "正在进行的开放日");
  EXPECT_EQ(j["participants_offline"]["checked_in_people"], 3);
  EXPECT_EQ(j["participants_offline"]["walk_ins"], 7);
  EXPECT_EQ(j["participants_offline"]["value"], 10) << "check-ins plus walk-ins, the third party never came";
  EXPECT_TRUE(IsError(As("110101").Get(ReportPath(open.year, "110108", "/suggestions")), 404, "not_found"));
}

}  // namespace
}  // namespace sciweek::test
