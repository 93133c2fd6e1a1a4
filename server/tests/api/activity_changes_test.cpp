// Changing a published activity (issue 10 §4): the lead unit edits an approved plan; the
// description and contact change at once, time, place, sessions and capacity wait for review
// while the published version stays live (calendar, tickets). Removing a session or cutting
// capacity below what is taken is refused unless the unit agrees to cancel the displaced
// tickets in the same change; on approval the newest tickets go, the places are freed, a
// raised capacity reaches the waiting list, and every holder whose session moved or was
// cancelled is listed and sent a message (through a loopback fake SMS gateway). History keeps
// each change with each level's decision; two review levels apply as they do to plans.
#include <chrono>
#include <set>
#include <thread>
#include <tuple>

#include "support/reporting.hpp"
#include "support/sms_suite.hpp"

namespace sciweek::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

std::string ActivityPath(const json& a, const std::string& tail = "") {
  return "/api/v1/activities/" + a["id"].dump() + tail;
}

// 422 with a problem on `field`.
::testing::AssertionResult Invalid(const HttpResponse& r, const std::string& field) {
  if (auto e = IsError(r, 422, "validation_failed"); !e) return e;
  return HasDetail(r, field);
}

// The activity's plan as an edit body: `body` (an ActivityBody) with the published sessions'
// ids, in order, and the current version.
json EditBody(const json& published, json body) {
  for (size_t i = 0; i < body["sessions"].size() && i < published["sessions"].size(); ++i)
    body["sessions"][i]["id"] = published["sessions"][i]["id"];
  body["version"] = published["version"];
  return body;
}

class ActivityChangesTest : public SmsSuite<ActivityChangesTest> {
 public:
  static std::vector<std::string> ExtraServeArgs() { return {"--sms-retry-seconds", "1"}; }

 protected:
  static HttpClient Unit() { return server_->LoginAs("110108"); }
  static HttpClient Reviewer() { return server_->LoginAs("reviewer"); }
  static json Published(const json& body) { return Publish(Unit(), Reviewer(), year_, body); }
  static json Get(const json& a) { return Unit().Get(ActivityPath(a)).json(); }
  static json Public(const json& a) {
    return server_->Client().Get("/api/v1/public/activities/" + a["id"].dump()).json();
  }
  static HttpResponse Edit(const json& a, const json& body) { return Unit().Put(ActivityPath(a), body); }
  static HttpResponse Decide(const json& a, const std::string& verb, const json& body = json::object()) {
    return Reviewer().Post(ActivityPath(a, "/changes/" + a["pending_change"]["id"].dump() + "/" + verb), body);
  }
  static std::string TicketNo(const HttpResponse& r) { return r.json()["ticket_no"].get<std::string>(); }
};

TEST_F(ActivityChangesTest, TheDescriptionChangesAtOnceAndAMoveWaitsWhileThePublishedVersionStaysLive) {
  auto body = ActivityBody(year_, "变更·天文讲座", 10, 2);
  const auto a = Published(body);
  ASSERT_FALSE(a.is_null());
  body["description"] = "新的活动简介：带上望远镜";
  auto r = Edit(a, EditBody(a, body));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["description"], "新的活动简介：带上望远镜");
  EXPECT_TRUE(r.json()["pending_change"].is_null()) << "a harmless edit needs no review";
  EXPECT_EQ(r.json()["status"], "approved");
  EXPECT_EQ(Public(a)["description"], "新的活动简介：带上望远镜") << "the calendar shows it at once";

  // Place and time: a change for review, with its reason.
  auto live = r.json();
  body["venue"] = "北京天文馆B馆";
  body["ends_at"] = MayTime(year_, 20, 14);
  body["sessions"][1]["starts_at"] = MayTime(year_, 20, 13);
  body["sessions"][1]["ends_at"] = MayTime(year_, 20, 14);
  r = Edit(a, EditBody(live, body));
  EXPECT_TRUE(Invalid(r, "change_reason")) << r;
  auto edit = EditBody(live, body);
  edit["change_reason"] = "原场地检修，改到B馆，第二场推迟到下午";
  r = Edit(a, edit);
  ASSERT_EQ(r.status, 200) << r;
  const auto pending = r.json();
  ASSERT_TRUE(pending["pending_change"].is_object()) << pending;
  EXPECT_EQ(pending["pending_change"]["status"], "pending");
  EXPECT_EQ(pending["pending_change"]["reason"], "原场地检修，改到B馆，第二场推迟到下午");
  const auto summary = pending["pending_change"]["summary"];
  EXPECT_NE(std::find(summary["fields"].begin(), summary["fields"].end(), "venue"), summary["fields"].end()) << summary;
  EXPECT_EQ(summary["moved"], json::array({a["sessions"][1]["id"]})) << summary;
  EXPECT_EQ(pending["venue"], a["venue"]) << "the published version stays until the change is approved";
  EXPECT_EQ(pending["sessions"][1]["starts_at"], a["sessions"][1]["starts_at"]);
  EXPECT_EQ(Public(a)["venue"], a["venue"]);
  EXPECT_EQ(pending["pending_change"]["can"]["decide"], false) << "the unit does not review itself";
  EXPECT_EQ(Reviewer().Get(ActivityPath(a)).json()["pending_change"]["can"]["decide"], true);

  // The reviewers' queue: published activities with a change waiting.
  auto queue = Reviewer().Get("/api/v1/campaigns/" + std::to_string(year_) + "/activities?change=pending").json();
  bool listed = false;
  for (const auto& item : queue["items"]) listed = listed || item["id"] == a["id"];
  EXPECT_TRUE(listed) << queue;
  EXPECT_TRUE(IsError(Reviewer().Get("/api/v1/campaigns/" + std::to_string(year_) + "/activities?change=x"), 400,
                      "invalid_input"));
  // Only reviewers decide changes; the unit cannot approve its own.
  EXPECT_TRUE(
      IsError(server_->LoginAs("110101").Post(
                  ActivityPath(a, "/changes/" + pending["pending_change"]["id"].dump() + "/approve"), json::object()),
              403, "forbidden"));
  EXPECT_TRUE(IsError(
      Unit().Post(ActivityPath(a, "/changes/" + pending["pending_change"]["id"].dump() + "/approve"), json::object()),
      403, "forbidden"));
}

TEST_F(ActivityChangesTest, ApprovalMovesTheSessionKeepsItsTicketsAndTellsTheHolders) {
  auto body = ActivityBody(year_, "变更·机器人工作坊", 10, 2);
  const auto a = Published(body);
  ASSERT_FALSE(a.is_null());
  const long long s1 = a["sessions"][1]["id"];
  const std::string phone = TestPhone(7101), other = TestPhone(7102);
  auto ticket = Reserve(server_->Client(), s1, phone, 2);
  ASSERT_EQ(ticket.status, 201) << ticket;
  ASSERT_EQ(Reserve(server_->Client(), a["sessions"][0]["id"], other).status, 201);
  ASSERT_TRUE(gateway_->WaitFor(phone, 1, 20s)) << "the confirmation";

  body["ends_at"] = MayTime(year_, 20, 16);
  body["sessions"][1]["starts_at"] = MayTime(year_, 20, 15);
  body["sessions"][1]["ends_at"] = MayTime(year_, 20, 16);
  auto edit = EditBody(a, body);
  edit["change_reason"] = "讲师航班改期，第二场改到下午三点";
  auto r = Edit(a, edit);
  ASSERT_EQ(r.status, 200) << r;
  r = Decide(r.json(), "approve");
  ASSERT_EQ(r.status, 200) << r;
  const auto after = r.json();
  EXPECT_TRUE(after["pending_change"].is_null());
  ASSERT_EQ(after["sessions"].size(), 2u);
  EXPECT_EQ(after["sessions"][1]["id"], s1) << "the same session, so its tickets stay valid";
  EXPECT_EQ(after["sessions"][1]["starts_at"], MayTime(year_, 20, 15));
  EXPECT_EQ(after["sessions"][1]["taken"], 2);
  EXPECT_EQ(Public(a)["sessions"][1]["starts_at"], MayTime(year_, 20, 15)) << "the calendar shows the new time";
  auto t = GetTicket(server_->Client(), TicketNo(ticket), phone);
  ASSERT_EQ(t.status, 200) << t;
  EXPECT_EQ(t.json()["status"], "confirmed");
  EXPECT_EQ(t.json()["session"]["starts_at"], MayTime(year_, 20, 15));

  // The holder of the moved session hears of it, with the reason; the other session's does not.
  ASSERT_TRUE(gateway_->WaitFor(phone, 2, 20s)) << server_->LogTail();
  const auto sms = gateway_->RequestsFor(phone).back();
  EXPECT_EQ(sms.template_id, "session_changed");
  EXPECT_EQ(sms.params["reason"], "讲师航班改期，第二场改到下午三点");
  EXPECT_NE(sms.params["time"].get<std::string>().find("15:00"), std::string::npos) << sms.params;
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(gateway_->RequestsFor(other).size(), 1u) << "only the confirmation";

  // History: the change, approved, with the holder listed for notification (masked).
  auto history = Unit().Get(ActivityPath(a, "/changes"));
  ASSERT_EQ(history.status, 200) << history;
  ASSERT_EQ(history.json()["items"].size(), 1u);
  const auto c = history.json()["items"][0];
  EXPECT_EQ(c["status"], "approved");
  EXPECT_EQ(c["before"]["sessions"][1]["starts_at"], a["sessions"][1]["starts_at"]);
  EXPECT_EQ(c["proposed"]["sessions"][1]["starts_at"], MayTime(year_, 20, 15));
  ASSERT_EQ(c["decisions"].size(), 1u);
  EXPECT_EQ(c["decisions"][0]["action"], "approved");
  ASSERT_EQ(c["affected"].size(), 1u) << c;
  EXPECT_EQ(c["affected"][0]["effect"], "moved");
  EXPECT_EQ(c["affected"][0]["ticket_no"], TicketNo(ticket));
  EXPECT_EQ(c["affected"][0]["phone"], phone.substr(0, 3) + "****" + phone.substr(7));
  auto audit =
      server_->LoginAs("admin").Get("/api/v1/audit?action=activity.change_applied&entity_id=" + a["id"].dump());
  EXPECT_EQ(audit.json()["total"], 1) << audit;
}

TEST_F(ActivityChangesTest, RemovingASessionOrCuttingCapacityCancelsTheNewestTicketsOnlyWithConsent) {
  auto body = ActivityBody(year_, "变更·化学实验秀", 4, 2);
  const auto a = Published(body);
  ASSERT_FALSE(a.is_null());
  const long long s0 = a["sessions"][0]["id"], s1 = a["sessions"][1]["id"];
  HttpClient v = server_->Client();
  const std::string gone = TestPhone(7201), first = TestPhone(7202), second = TestPhone(7203), newest = TestPhone(7204);
  auto t_gone = Reserve(v, s0, gone);
  auto t_first = Reserve(v, s1, first);
  auto t_second = Reserve(v, s1, second);
  auto t_newest = Reserve(v, s1, newest);
  for (const auto* t : {&t_gone, &t_first, &t_second, &t_newest}) ASSERT_EQ(t->status, 201) << *t;

  // The first session goes; the second keeps 2 of its 4 places.
  body["starts_at"] = MayTime(year_, 20, 10);
  body["sessions"] = json::array({body["sessions"][1]});
  body["sessions"][0]["id"] = s1;
  body["sessions"][0]["capacity"] = 2;
  body["version"] = a["version"];
  body["change_reason"] = "场馆限流，取消上午第一场，第二场减为2人";
  auto r = Edit(a, body);
  ASSERT_TRUE(Invalid(r, "cancel_reservations")) << r;
  EXPECT_NE(r.body.find("将取消2张已预约的票（共2人）"), std::string::npos) << r;
  EXPECT_TRUE(Get(a)["pending_change"].is_null()) << "a refused edit changes nothing";

  body["cancel_reservations"] = true;
  r = Edit(a, body);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["pending_change"]["summary"]["removed"], json::array({s0}));
  EXPECT_EQ(r.json()["pending_change"]["summary"]["resized"], json::array({{{"session_id", s1}, {"capacity", 2}}}));
  EXPECT_EQ(GetTicket(v, TicketNo(t_gone), gone).json()["status"], "confirmed")
      << "nothing is cancelled before approval";
  r = Decide(r.json(), "approve");
  ASSERT_EQ(r.status, 200) << r;
  ASSERT_EQ(r.json()["sessions"].size(), 1u) << "the removed session is no longer listed";
  EXPECT_EQ(r.json()["sessions"][0]["id"], s1);
  EXPECT_EQ(r.json()["sessions"][0]["capacity"], 2);
  EXPECT_EQ(r.json()["sessions"][0]["taken"], 2);
  EXPECT_EQ(Public(a)["sessions"].size(), 1u);

  auto status_of = [&](const HttpResponse& t, const std::string& phone) {
    return GetTicket(v, TicketNo(t), phone).json();
  };
  EXPECT_EQ(status_of(t_gone, gone)["status"], "cancelled");
  EXPECT_EQ(status_of(t_gone, gone)["cancel_reason"], "场馆限流，取消上午第一场，第二场减为2人");
  EXPECT_EQ(status_of(t_newest, newest)["status"], "cancelled") << "the newest ticket goes first";
  EXPECT_EQ(status_of(t_first, first)["status"], "confirmed");
  EXPECT_EQ(status_of(t_second, second)["status"], "confirmed");
  EXPECT_TRUE(IsError(Reserve(v, s0, TestPhone(7205)), 409, "conflict")) << "a removed session takes no one";
  EXPECT_TRUE(IsError(Reserve(v, s1, TestPhone(7206)), 409, "slot_full"));

  for (const auto& phone : {gone, newest}) {
    ASSERT_TRUE(gateway_->WaitFor(phone, 2, 20s)) << phone;
    EXPECT_EQ(gateway_->RequestsFor(phone).back().template_id, "session_cancelled");
  }
  const auto c = Unit().Get(ActivityPath(a, "/changes")).json()["items"][0];
  std::multiset<std::string> effects;
  for (const auto& t : c["affected"]) effects.insert(t["effect"].get<std::string>());
  EXPECT_EQ(effects, (std::multiset<std::string>{"cancelled", "cancelled"})) << c;
}

TEST_F(ActivityChangesTest, ARaisedCapacityReachesTheWaitingList) {
  auto body = ActivityBody(year_, "变更·扩容", 1, 1);
  const auto a = Published(body);
  ASSERT_FALSE(a.is_null());
  const long long s = a["sessions"][0]["id"];
  HttpClient v = server_->Client();
  ASSERT_EQ(Reserve(v, s, TestPhone(7301)).status, 201);
  const std::string waiting = TestPhone(7302);
  auto w = v.Post("/api/v1/public/sessions/" + std::to_string(s) + "/waitlist",
                  {{"name", "候补观众"}, {"phone", waiting}, {"party_size", 1}});
  ASSERT_EQ(w.status, 201) << w;
  body["sessions"][0]["capacity"] = 3;
  auto edit = EditBody(a, body);
  edit["change_reason"] = "换到大教室";
  auto r = Edit(a, edit);
  ASSERT_EQ(r.status, 200) << r;
  ASSERT_EQ(Decide(r.json(), "approve").status, 200);
  auto t = GetTicket(v, TicketNo(w), waiting);
  EXPECT_EQ(t.json()["status"], "offered") << t;
  EXPECT_EQ(Get(a)["sessions"][0]["taken"], 2);
}

TEST_F(ActivityChangesTest, AReturnedChangeLeavesThePlanAndAWithdrawnOneIsGone) {
  auto body = ActivityBody(year_, "变更·退回", 10, 1);
  const auto a = Published(body);
  ASSERT_FALSE(a.is_null());
  body["title"] = "变更·退回（新名称）";
  auto edit = EditBody(a, body);
  edit["change_reason"] = "改名";
  auto r = Edit(a, edit);
  ASSERT_EQ(r.status, 200) << r;
  auto pending = r.json();
  EXPECT_TRUE(Invalid(Decide(pending, "reject", {{"reason", ""}}), "reason"));
  r = Decide(pending, "reject", {{"reason", "名称不符合规范"}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["title"], "变更·退回");
  EXPECT_TRUE(r.json()["pending_change"].is_null());
  EXPECT_TRUE(IsError(Decide(pending, "approve"), 409, "conflict")) << "decided once";

  // A new proposal, withdrawn by the unit; then one that replaces the one waiting.
  edit["version"] = r.json()["version"];
  r = Edit(a, edit);
  ASSERT_EQ(r.status, 200) << r;
  const auto second = r.json()["pending_change"]["id"];
  r = Unit().Post(ActivityPath(a, "/changes/" + second.dump() + "/withdraw"), json::object());
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(r.json()["pending_change"].is_null());
  r = Edit(a, edit);
  ASSERT_EQ(r.status, 200) << r;
  edit["title"] = "变更·退回（再改）";
  r = Edit(a, edit);
  ASSERT_EQ(r.status, 200) << r;
  const auto items = Unit().Get(ActivityPath(a, "/changes")).json()["items"];
  ASSERT_EQ(items.size(), 4u) << items;
  EXPECT_EQ(items[0]["status"], "pending");
  EXPECT_EQ(items[0]["proposed"]["title"], "变更·退回（再改）");
  EXPECT_EQ(items[1]["status"], "withdrawn") << "replaced by the newer proposal";
  EXPECT_EQ(items[2]["status"], "withdrawn");
  EXPECT_EQ(items[3]["status"], "rejected");
  EXPECT_EQ(items[3]["review_reason"], "名称不符合规范");
  // Cancelling the activity withdraws the waiting change.
  r = Unit().Post(ActivityPath(a, "/cancel"), {{"reason", "主讲人无法到场"}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(Unit().Get(ActivityPath(a, "/changes")).json()["items"][0]["status"], "withdrawn");
}

TEST_F(ActivityChangesTest, AChangeThatMakesALargeEventNeedsItsEmergencyPlanFirst) {
  auto body = ActivityBody(year_, "变更·扩成大型活动", 100, 1);
  const auto a = Published(body);
  ASSERT_FALSE(a.is_null());
  body["sessions"][0]["capacity"] = 600;  // over the campaign's threshold of 500
  auto edit = EditBody(a, body);
  edit["change_reason"] = "改到体育馆";
  auto r = Edit(a, edit);
  EXPECT_TRUE(Invalid(r, "emergency_plan")) << r;
  // The plan may be added to a published activity; then the change goes to review.
  r = Unit().Send("POST", ActivityPath(a, "/files?kind=emergency_plan&filename=" + UrlEncode("应急预案.pdf")),
                  MinimalPdf("emergency plan"), "application/pdf");
  ASSERT_EQ(r.status, 201) << r;
  r = Edit(a, edit);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["pending_change"]["summary"]["resized"][0]["capacity"], 600);
}

TEST_F(ActivityChangesTest, EditsThatCannotBeMadeAreRefusedWithTheirField) {
  auto body = ActivityBody(year_, "变更·拒绝", 10, 1);
  const auto a = Published(body);
  ASSERT_FALSE(a.is_null());
  auto edit = EditBody(a, body);
  edit["change_reason"] = "测试";
  edit["sessions"][0]["id"] = 999999999;
  EXPECT_TRUE(Invalid(Edit(a, edit), "sessions[0].id"));
  edit = EditBody(a, body);
  edit["sessions"][0]["capacity"] = 0;
  EXPECT_TRUE(Invalid(Edit(a, edit), "sessions[0].capacity"));
  edit = EditBody(a, body);
  edit["version"] = a["version"].get<int>() + 5;
  EXPECT_TRUE(IsError(Edit(a, edit), 409, "conflict"));
  edit = EditBody(a, body);
  edit["description"] = "别的单位来改";
  EXPECT_TRUE(IsError(server_->LoginAs("110101").Put(ActivityPath(a), edit), 404, "not_found"));
  EXPECT_EQ(Get(a)["description"], a["description"]);
}

// Two review levels: a change of a unit under a district waits there first, then at the city.
TEST(ActivityChangesTwoLevelTest, AChangeWaitsAtTheDistrictThenTheCity) {
  TestServer server;
  HttpClient admin = server.LoginAs("admin");
  const int year = CreateFutureCampaign(admin);
  ASSERT_NE(year, 0);
  auto c = admin.Get("/api/v1/campaigns/" + std::to_string(year)).json();
  c.erase("year");
  c["activity_review_levels"] = 2;
  ASSERT_EQ(admin.Put("/api/v1/campaigns/" + std::to_string(year), c).status, 200);
  ASSERT_EQ(admin.Post("/api/v1/orgs", OrgBody("cl-base", "变更两级科普基地", "science_base", "110108")).status, 201);
  for (const auto& [login, role, org] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"cl-base", "reporter", "cl-base"}, {"cl-hd-rev", "reviewer", "110108"}}) {
    auto r = admin.Post(
        "/api/v1/users",
        {{"login", login}, {"name", login + "用户"}, {"role", role}, {"org_code", org}, {"password", kDemoPassword}});
    ASSERT_EQ(r.status, 201) << r;
  }
  HttpClient unit = server.LoginAs("cl-base"), district = server.LoginAs("cl-hd-rev"),
             city = server.LoginAs("reviewer");
  auto body = ActivityBody(year, "两级变更", 10, 1);
  auto r = unit.Post("/api/v1/campaigns/" + std::to_string(year) + "/activities", body);
  ASSERT_EQ(r.status, 201) << r;
  const auto id = r.json()["id"].dump();
  ASSERT_EQ(unit.Post("/api/v1/activities/" + id + "/submit", json::object()).status, 200);
  ASSERT_EQ(district.Post("/api/v1/activities/" + id + "/approve", json::object()).status, 200);
  r = city.Post("/api/v1/activities/" + id + "/approve", json::object());
  ASSERT_EQ(r.status, 200) << r;
  body["venue"] = "新场馆";
  body["version"] = r.json()["version"];
  body["sessions"][0]["id"] = r.json()["sessions"][0]["id"];
  body["change_reason"] = "换场馆";
  r = unit.Put("/api/v1/activities/" + id, body);
  ASSERT_EQ(r.status, 200) << r;
  const auto change = r.json()["pending_change"];
  EXPECT_EQ(change["review"]["level"], "district");
  const std::string path = "/api/v1/activities/" + id + "/changes/" + change["id"].dump();
  EXPECT_TRUE(IsError(city.Post(path + "/approve", json::object()), 409, "conflict")) << "the city waits";
  r = district.Post(path + "/approve", json::object());
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["venue"], "中关村科学城展示中心") << "forwarded, not applied";
  EXPECT_EQ(r.json()["pending_change"]["review"]["level"], "city");
  r = city.Post(path + "/approve", json::object());
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["venue"], "新场馆");
  const auto history = unit.Get("/api/v1/activities/" + id + "/changes").json()["items"][0];
  ASSERT_EQ(history["decisions"].size(), 2u) << history;
  EXPECT_EQ(history["decisions"][0]["action"], "forwarded");
  EXPECT_EQ(history["decisions"][0]["level"], "district");
  EXPECT_EQ(history["decisions"][1]["level"], "city");
}

}  // namespace
}  // namespace sciweek::test
