// Activity plans (issue 5 §1–2, §7): creation with sessions, bad input refused with every
// field named and nothing stored, the safety gate (a large offline event needs an emergency
// plan; an online one a security owner), review with reasons and optimistic versions,
// visibility for co-organizers (counted once, for the lead), cancellation reaching every
// ticket, and the report form's suggested figures.
#include "support/activities.hpp"
#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

class ActivitiesTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    if (server_) {
      HttpClient admin = As("admin");
      year_ = CreateFutureCampaign(admin);
    }
  }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    ASSERT_NE(year_, 0);
  }
  static std::string Path(const std::string& suffix = "") {
    return "/api/v1/campaigns/" + std::to_string(year_) + "/activities" + suffix;
  }
  static std::string ActivityPath(long long id, const std::string& suffix = "") {
    return "/api/v1/activities/" + std::to_string(id) + suffix;
  }
  static inline int year_ = 0;
};

TEST_F(ActivitiesTest, CreatesADraftWithSessionsThatIsNotPublic) {
  HttpClient unit = As("110108");
  auto r = unit.Post(Path(), ActivityBody(year_, "草稿活动", 30, 2));
  ASSERT_EQ(r.status, 201) << r;
  auto a = r.json();
  EXPECT_EQ(a["status"], "draft");
  EXPECT_EQ(a["lead_org"]["code"], "110108");
  EXPECT_EQ(a["district"]["name"], "海淀区");
  ASSERT_EQ(a["sessions"].size(), 2u);
  EXPECT_GT(a["sessions"][0]["id"].get<long long>(), 0);
  EXPECT_EQ(a["sessions"][1]["capacity"], 30);
  EXPECT_EQ(a["total_capacity"], 60);
  EXPECT_EQ(a["sessions"][0]["starts_at"], MayTime(year_, 20, 9));
  auto pub = Anonymous().Get("/api/v1/public/activities/" + std::to_string(a["id"].get<long long>()));
  EXPECT_TRUE(IsError(pub, 404, "not_found")) << "a draft is not public";
  auto s = Reserve(Anonymous(), a["sessions"][0]["id"].get<long long>(), TestPhone(1));
  EXPECT_TRUE(IsError(s, 404, "not_found")) << "nobody reserves in a draft";
}

TEST_F(ActivitiesTest, BadPlansAre422NamingEachFieldAndStoreNothing) {
  HttpClient unit = As("110105");
  const long long before = Total(unit, Path());
  auto body = ActivityBody(year_, "", 0);
  body["category"] = "演唱会";
  body["mode"] = "teleport";
  body["district"] = "110105000";
  body["ends_at"] = MayTime(year_, 19, 9);
  body["audience"] = {"外星人"};
  body["unexpected"] = 1;
  auto r = unit.Post(Path(), body);
  ASSERT_TRUE(IsError(r, 422, "validation_failed"));
  for (const char* f : {"unexpected"}) EXPECT_TRUE(HasDetail(r, f)) << f;
  body.erase("unexpected");
  r = unit.Post(Path(), body);
  ASSERT_TRUE(IsError(r, 422, "validation_failed"));
  for (const char* f : {"title", "category", "mode", "district", "ends_at", "audience", "sessions[0].capacity"})
    EXPECT_TRUE(HasDetail(r, f)) << f << " in " << r;
  r = unit.Post(Path(), {{"title", 5}});
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  r = unit.PostRaw(Path(), "{not json");
  EXPECT_TRUE(IsError(r, 400, "invalid_input"));
  auto outside = ActivityBody(year_, "周外活动", 10);
  outside["starts_at"] = MayTime(year_, 1, 9);
  outside["sessions"][0]["starts_at"] = MayTime(year_, 1, 9);
  outside["sessions"][0]["ends_at"] = MayTime(year_, 1, 10);
  outside["ends_at"] = MayTime(year_, 1, 10);
  EXPECT_TRUE(IsError(unit.Post(Path(), outside), 422, "validation_failed")) << "outside the week";
  EXPECT_EQ(Total(unit, Path()), before) << "nothing was stored";
  EXPECT_TRUE(IsError(Anonymous().Post(Path(), ActivityBody(year_, "匿名", 5)), 401, "unauthenticated"));
  EXPECT_TRUE(IsError(As("checkin").Post(Path(), ActivityBody(year_, "检票员", 5)), 403, "forbidden"));
}

TEST_F(ActivitiesTest, LargeOfflineEventNeedsAnEmergencyPlanBeforeSubmission) {
  HttpClient unit = As("110101");
  auto r = unit.Post(Path(), ActivityBody(year_, "大型科普嘉年华", 250, 2));  // 500 places: at the threshold
  ASSERT_EQ(r.status, 201) << r;
  const long long id = r.json()["id"].get<long long>();
  r = unit.Post(ActivityPath(id, "/submit"), nlohmann::json::object());
  ASSERT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(r, "emergency_plan")) << r;
  EXPECT_EQ(unit.Get(ActivityPath(id)).json()["status"], "draft") << "a refused submission changes nothing";
  // A renamed file is refused by content; a real PDF is accepted.
  r = unit.Send("POST", ActivityPath(id, "/files?kind=emergency_plan&filename=" + UrlEncode("预案.pdf")),
                "plain text, not a pdf", "application/octet-stream");
  EXPECT_TRUE(IsError(r, 415, "unsupported_media")) << r;
  r = unit.Send("POST", ActivityPath(id, "/files?kind=emergency_plan&filename=" + UrlEncode("应急预案.pdf")),
                MinimalPdf("emergency plan"), "application/pdf");
  ASSERT_EQ(r.status, 201) << r;
  const long long file_id = r.json()["id"].get<long long>();
  auto a = unit.Get(ActivityPath(id)).json();
  EXPECT_TRUE(a["has_emergency_plan"].get<bool>());
  r = unit.Post(ActivityPath(id, "/submit"), nlohmann::json::object());
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "submitted");
  // Reviewers open the plan; once submitted it cannot be removed.
  auto f = As("reviewer").Get(ActivityPath(id, "/files/" + std::to_string(file_id)));
  EXPECT_EQ(f.status, 200);
  EXPECT_EQ(f.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(f.Header("x-frame-options"), "DENY") << "a download is never framed";
  // Shown inline (the review page's preview), our own pages may frame it; nobody else.
  auto preview = As("reviewer").Get(ActivityPath(id, "/files/" + std::to_string(file_id) + "?inline=1"));
  ASSERT_EQ(preview.status, 200);
  EXPECT_EQ(preview.Header("content-disposition").rfind("inline", 0), 0u);
  EXPECT_EQ(preview.Header("x-frame-options"), "SAMEORIGIN");
  EXPECT_NE(preview.Header("content-security-policy").find("frame-ancestors 'self'"), std::string::npos);
  EXPECT_TRUE(IsError(unit.Delete(ActivityPath(id, "/files/" + std::to_string(file_id))), 409, "conflict"));
}

TEST_F(ActivitiesTest, OnlineEventNeedsPlatformAndSecurityOwner) {
  HttpClient unit = As("110102");
  auto body = ActivityBody(year_, "线上科普讲座", 1);
  body["mode"] = "online";
  body["category"] = "线上活动";
  body["sessions"] = nlohmann::json::array();
  body["venue"] = "";
  body["address"] = "";
  auto r = unit.Post(Path(), body);
  ASSERT_EQ(r.status, 201) << r;
  const long long id = r.json()["id"].get<long long>();
  r = unit.Post(ActivityPath(id, "/submit"), nlohmann::json::object());
  ASSERT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(r, "online_url"));
  EXPECT_TRUE(HasDetail(r, "security_owner"));
  body["online_url"] = "https://live.example.cn/kjz";
  body["security_owner"] = "李工（信息中心）";
  body["version"] = unit.Get(ActivityPath(id)).json()["version"];
  ASSERT_EQ(unit.Put(ActivityPath(id), body).status, 200);
  r = unit.Post(ActivityPath(id, "/submit"), nlohmann::json::object());
  EXPECT_EQ(r.status, 200) << r;
}

TEST_F(ActivitiesTest, ReviewRejectsWithAReasonAndTheUnitFixesAndResubmits) {
  HttpClient unit = As("110106");
  HttpClient reviewer = As("reviewer");
  auto r = unit.Post(Path(), ActivityBody(year_, "丰台科技节", 40));
  ASSERT_EQ(r.status, 201);
  const long long id = r.json()["id"].get<long long>();
  ASSERT_EQ(unit.Post(ActivityPath(id, "/submit"), nlohmann::json::object()).status, 200);
  EXPECT_TRUE(IsError(unit.Post(ActivityPath(id, "/approve"), nlohmann::json::object()), 403, "forbidden"));
  EXPECT_TRUE(IsError(reviewer.Post(ActivityPath(id, "/reject"), {{"reason", "  "}}), 422, "validation_failed"));
  r = reviewer.Post(ActivityPath(id, "/reject"), {{"reason", "请补充场地消防通道说明"}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "rejected");
  auto a = unit.Get(ActivityPath(id)).json();
  EXPECT_EQ(a["review_reason"], "请补充场地消防通道说明");
  auto body = ActivityBody(year_, "丰台科技节（修订）", 40);
  body["version"] = a["version"];
  auto stale = body;
  stale["version"] = a["version"].get<int>() - 1;
  EXPECT_TRUE(IsError(unit.Put(ActivityPath(id), stale), 409, "conflict"));
  r = unit.Put(ActivityPath(id), body);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["title"], "丰台科技节（修订）");
  ASSERT_EQ(unit.Post(ActivityPath(id, "/submit"), nlohmann::json::object()).status, 200);
  r = reviewer.Post(ActivityPath(id, "/approve"), nlohmann::json::object());
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["reviewed_by"], "reviewer");
  body["version"] = r.json()["version"];
  // A published plan changes only through a reviewed change, which needs its reason
  // (activity_changes_test.cpp).
  auto edit = unit.Put(ActivityPath(id), body);
  EXPECT_TRUE(IsError(edit, 422, "validation_failed") && HasDetail(edit, "change_reason")) << edit;
  auto pub = Anonymous().Get("/api/v1/public/activities/" + std::to_string(id));
  ASSERT_EQ(pub.status, 200) << pub;
  EXPECT_EQ(pub.json()["title"], "丰台科技节（修订）");
  EXPECT_EQ(pub.json()["sessions"][0]["remaining"], 40);
}

TEST_F(ActivitiesTest, CoOrganizersSeeTheActivityWhichCountsOnceForTheLead) {
  HttpClient lead = As("110107");
  auto body = ActivityBody(year_, "石景山联合开放日", 20);
  body["co_organizers"] = {"tsinghua", "iop"};
  auto a = Publish(lead, As("admin"), year_, body);
  ASSERT_FALSE(a.is_null());
  const long long id = a["id"].get<long long>();
  EXPECT_EQ(a["co_organizers"].size(), 2u);
  HttpClient co = As("tsinghua");
  EXPECT_EQ(co.Get(ActivityPath(id)).status, 200);
  auto list = co.Get(Path("?org=tsinghua")).json();
  bool found = false;
  for (const auto& it : list["items"]) found |= it["id"] == id;
  EXPECT_TRUE(found) << "listed in the co-organizer's workspace";
  EXPECT_TRUE(IsError(As("pku").Get(ActivityPath(id)), 404, "not_found")) << "an unrelated unit sees nothing";
  EXPECT_TRUE(IsError(co.Post(ActivityPath(id, "/cancel"), {{"reason", "x"}}), 403, "forbidden"));
  // Counted once, for the lead unit only.
  auto lead_s = lead.Get("/api/v1/campaigns/" + std::to_string(year_) + "/reports/110107/suggestions");
  auto co_s = co.Get("/api/v1/campaigns/" + std::to_string(year_) + "/reports/tsinghua/suggestions");
  ASSERT_EQ(lead_s.status, 200) << lead_s;
  ASSERT_EQ(co_s.status, 200) << co_s;
  // The week is ahead, so nothing has been held yet; the plan is not counted as held.
  EXPECT_EQ(lead_s.json()["activities_held"]["value"], 0);
  EXPECT_EQ(co_s.json()["activities_held"]["value"], 0);
}

TEST_F(ActivitiesTest, CancellingAPublishedActivityCancelsEveryTicketWithTheReason) {
  HttpClient unit = As("110111");
  auto a = Publish(unit, As("reviewer"), year_, ActivityBody(year_, "房山地质课堂", 10));
  ASSERT_FALSE(a.is_null());
  const long long id = a["id"].get<long long>(), session = a["sessions"][0]["id"].get<long long>();
  HttpClient visitor = Anonymous();
  auto t = Reserve(visitor, session, TestPhone(7001), 2);
  ASSERT_EQ(t.status, 201) << t;
  const std::string code = t.json()["code"];
  EXPECT_TRUE(IsError(unit.Post(ActivityPath(id, "/cancel"), nlohmann::json::object()), 422, "validation_failed"));
  auto r = unit.Post(ActivityPath(id, "/cancel"), {{"reason", "因暴雨预警，活动取消"}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "cancelled");
  auto ticket = GetTicket(visitor, code, TestPhone(7001));
  ASSERT_EQ(ticket.status, 200) << ticket;
  EXPECT_EQ(ticket.json()["status"], "cancelled");
  EXPECT_EQ(ticket.json()["cancel_reason"], "因暴雨预警，活动取消");
  EXPECT_EQ(ticket.json()["qr_svg"], "") << "a cancelled ticket shows no QR";
  EXPECT_TRUE(IsError(Reserve(visitor, session, TestPhone(7002)), 409, "conflict"));
  auto pub = Anonymous().Get("/api/v1/public/activities/" + std::to_string(id));
  ASSERT_EQ(pub.status, 200);
  EXPECT_EQ(pub.json()["status"], "cancelled");
  auto audit = As("admin").Get("/api/v1/audit?action=activity.cancelled");
  EXPECT_NE(audit.body.find("因暴雨预警"), std::string::npos);
}

TEST_F(ActivitiesTest, UnitsFileTheirImplementationPlanAndDistrictsTheirLeadingGroup) {
  const std::string base = "/api/v1/campaigns/" + std::to_string(year_) + "/orgs/";
  auto upload = [&](HttpClient c, const std::string& org, const std::string& kind, const std::string& bytes) {
    return c.Send("POST", base + org + "/documents?kind=" + kind + "&filename=" + UrlEncode("实施方案.pdf"), bytes,
                  "application/pdf");
  };
  const std::string pdf = MinimalPdf("implementation plan");
  auto r = upload(As("110109"), "110109", "implementation_plan", pdf);
  ASSERT_EQ(r.status, 201) << r;
  const long long id = r.json()["id"].get<long long>();
  EXPECT_EQ(upload(As("110109"), "110109", "leading_group", pdf).status, 201) << "a district files its leading group";
  auto not_district = upload(As("tsinghua"), "tsinghua", "leading_group", pdf);
  EXPECT_TRUE(IsError(not_district, 422, "validation_failed")) << "only districts have a leading group";
  EXPECT_TRUE(IsError(upload(As("110109"), "110109", "budget", pdf), 400, "invalid_input"));
  EXPECT_TRUE(IsError(upload(As("110109"), "110109", "implementation_plan", "not a pdf"), 415, "unsupported_media"));
  EXPECT_TRUE(IsError(upload(As("110101"), "110109", "implementation_plan", pdf), 404, "not_found"))
      << "another unit's folder does not exist for it";
  auto list = As("110109").Get(base + "110109/documents");
  ASSERT_EQ(list.status, 200) << list;
  EXPECT_EQ(list.json()["total"], 2);
  auto got = As("reviewer").Get(base + "110109/documents/" + std::to_string(id));
  ASSERT_EQ(got.status, 200) << got;
  EXPECT_EQ(got.body, pdf);
  EXPECT_NE(got.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
  EXPECT_TRUE(IsError(As("reviewer").Delete(base + "110109/documents/" + std::to_string(id)), 403, "forbidden"));
  EXPECT_EQ(As("110109").Delete(base + "110109/documents/" + std::to_string(id)).status, 204);
  EXPECT_EQ(As("110109").Get(base + "110109/documents").json()["total"], 1);
}

TEST_F(ActivitiesTest, CheckinStaffDoNotReadTheirUnitsDocuments) {
  const std::string base = "/api/v1/campaigns/" + std::to_string(year_) + "/orgs/kjg/documents";
  const std::string pdf = MinimalPdf("kjg implementation plan");
  auto up = As("kjg").Send("POST", base + "?kind=implementation_plan&filename=" + UrlEncode("实施方案.pdf"), pdf,
                           "application/pdf");
  ASSERT_EQ(up.status, 201) << up;
  const std::string one = base + "/" + std::to_string(up.json()["id"].get<long long>());
  // The demo's `checkin` account is kjg's own venue staff: it scans tickets, nothing more.
  EXPECT_TRUE(IsError(As("checkin").Get(base), 404, "not_found"));
  EXPECT_TRUE(IsError(As("checkin").Get(one), 404, "not_found"));
  EXPECT_TRUE(IsError(As("checkin").Delete(one), 404, "not_found"));
  for (const char* reader : {"kjg", "110105", "reviewer", "admin"}) {
    auto got = As(reader).Get(one);
    EXPECT_EQ(got.status, 200) << reader << ": " << got;
    EXPECT_EQ(got.body, pdf) << reader;
  }
  EXPECT_TRUE(IsError(As("110108").Get(one), 404, "not_found")) << "not an ancestor of kjg";
}

}  // namespace
}  // namespace sciweek::test
