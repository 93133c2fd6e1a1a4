// Messages to visitors (issue 11 §1): the real server enqueues each message in the transaction
// of the change that causes it and sends it after the commit through a loopback fake gateway
// (webhook and 阿里云短信 styles): with the right template and parameters, retried on 5xx and
// timeouts, failed for good on 4xx, never twice for one event (idempotency key, two servers),
// never for a refused reservation, delayed by the per-phone limit, visible to staff with the
// phone masked — and no whole phone number in the server's log.
#include <chrono>
#include <set>
#include <thread>

#include "support/fake_smtp.hpp"
#include "support/reporting.hpp"
#include "support/sms_suite.hpp"

namespace sciweek::test {
namespace {

using namespace std::chrono_literals;
using Answer = FakeSmsGateway::Answer;

const std::string& kBase = kTestPublicBase;

// Quick retries and a low per-phone limit, so the suites see them within seconds.
const std::vector<std::string> kMessageFlags = {"--sms-retry-seconds",      "1",
                                                "--sms-timeout-seconds",    "2",
                                                "--sms-max-attempts",       "3",
                                                "--sms-per-phone-per-hour", "3",
                                                "--sms-template",           "confirmed=SMS_100001",
                                                "--sms-template",           "offered=SMS_100002"};

std::vector<std::string> SmsArgs(const std::string& provider, const std::string& endpoint) {
  return SmsServeArgs(provider, endpoint, kMessageFlags);
}

std::string SessionPath(long long s) { return "/api/v1/sessions/" + std::to_string(s); }

// On a fresh server: next year's campaign (with `campaign_changes` applied) and one published
// activity of `capacity` places led by 110108; its session id, or 0 with a gtest failure.
long long PublishedSession(const TestServer& server, const std::string& title, int capacity,
                           const nlohmann::json& campaign_changes = nlohmann::json::object()) {
  HttpClient admin = server.LoginAs("admin");
  const int year = CreateFutureCampaign(admin);
  if (!year) return 0;
  if (!campaign_changes.empty()) {
    auto c = admin.Get("/api/v1/campaigns/" + std::to_string(year)).json();
    c.erase("year");
    c.update(campaign_changes);
    auto r = admin.Put("/api/v1/campaigns/" + std::to_string(year), c);
    if (r.status != 200) {
      ADD_FAILURE() << r;
      return 0;
    }
  }
  auto a = Publish(server.LoginAs("110108"), server.LoginAs("reviewer"), year, ActivityBody(year, title, capacity));
  return a.is_null() ? 0 : a["sessions"][0]["id"].get<long long>();
}

class VisitorMessagesTest : public SmsSuite<VisitorMessagesTest> {
 public:
  static std::vector<std::string> ExtraServeArgs() { return kMessageFlags; }

 protected:
  static HttpClient Unit() { return server_->LoginAs("110108"); }
  static long long NewSession(const std::string& title, int capacity) {
    auto a = Publish(Unit(), server_->LoginAs("reviewer"), year_, ActivityBody(year_, title, capacity));
    return a.is_null() ? 0 : a["sessions"][0]["id"].get<long long>();
  }
  // The session's messages as staff see them, once `done` holds for every one (30 s at most).
  static nlohmann::json Messages(long long s, const std::function<bool(const nlohmann::json&)>& done) {
    HttpClient unit = Unit();
    nlohmann::json last;
    const auto until = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < until) {
      auto r = unit.Get(SessionPath(s) + "/messages");
      if (r.status == 200) {
        last = r.json();
        bool all = !last["items"].empty();
        for (const auto& m : last["items"]) all = all && done(m);
        if (all) return last;
      }
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << "messages of session " << s << " never settled: " << last.dump();
    return last;
  }
  static bool Settled(const nlohmann::json& m) { return m["status"] != "pending" && m["status"] != "sending"; }
};

TEST_F(VisitorMessagesTest, ConfirmedReservationSendsItsTicketLinkOnceWithTheMaskedPhoneOnly) {
  const long long s = NewSession("短信预约成功", 5);
  ASSERT_GT(s, 0);
  const std::string phone = TestPhone(6001);
  auto r = Reserve(server_->Client(), s, phone, 2, "王小明");
  ASSERT_EQ(r.status, 201) << r;
  ASSERT_TRUE(gateway_->WaitFor(phone, 1, 20s)) << server_->LogTail();
  auto req = gateway_->RequestsFor(phone).at(0);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.template_id, "SMS_100001") << "the registered template of the kind";
  EXPECT_EQ(req.params["activity"], "短信预约成功");
  EXPECT_EQ(req.params["link"], kBase + "/tickets/" + r.json()["ticket_no"].get<std::string>());
  EXPECT_TRUE(req.params["time"].get<std::string>().find("5月20日 09:00") != std::string::npos) << req.params;
  EXPECT_EQ(req.key.rfind("confirmed:", 0), 0u) << req.key;
  EXPECT_EQ(req.headers["idempotency-key"], req.key);
  EXPECT_EQ(req.headers["x-sciweek-signature"].rfind("sha256=", 0), 0u);
  EXPECT_EQ(req.headers["x-sciweek-signature"].size(), 7u + 64u);
  EXPECT_FALSE(req.headers["x-sciweek-timestamp"].empty());
  EXPECT_EQ(req.body.find("王小明"), std::string::npos) << "no name goes to the gateway";

  auto list = Messages(s, Settled);
  ASSERT_EQ(list["items"].size(), 1u);
  const auto& m = list["items"][0];
  EXPECT_EQ(m["kind"], "confirmed");
  EXPECT_EQ(m["kind_label"], "预约成功");
  EXPECT_EQ(m["channel"], "sms");
  EXPECT_EQ(m["status"], "sent");
  EXPECT_EQ(m["status_label"], "已发送");
  EXPECT_EQ(m["attempts"], 1);
  EXPECT_EQ(m["recipient"], phone.substr(0, 3) + "****" + phone.substr(7));
  EXPECT_TRUE(m["sent_at"].is_string());
  EXPECT_EQ(list["counts"]["sent"], 1);
  EXPECT_EQ(list["counts"]["failed"], 0);
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(gateway_->RequestsFor(phone).size(), 1u) << "sent once";
  EXPECT_EQ(server_->LogTail(200000).find(phone), std::string::npos) << "the whole number is never logged";
}

TEST_F(VisitorMessagesTest, RefusedReservationsSendNothing) {
  const long long s = NewSession("短信拒绝", 1);
  ASSERT_GT(s, 0);
  HttpClient v = server_->Client();
  const std::string first = TestPhone(6010), late = TestPhone(6011);
  ASSERT_EQ(Reserve(v, s, first).status, 201);
  EXPECT_TRUE(IsError(Reserve(v, s, first), 409, "conflict")) << "one per phone";
  EXPECT_TRUE(IsError(Reserve(v, s, late), 409, "slot_full"));
  EXPECT_TRUE(IsError(Reserve(v, s, "12812345678"), 422, "validation_failed"));
  ASSERT_TRUE(gateway_->WaitFor(first, 1, 20s));
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(gateway_->RequestsFor(first).size(), 1u);
  EXPECT_TRUE(gateway_->RequestsFor(late).empty()) << "a refused reservation sends nothing";
  EXPECT_EQ(Messages(s, Settled)["total"], 1);
}

TEST_F(VisitorMessagesTest, ServerErrorsAndTimeoutsAreRetriedWithTheSameKeyThenSentOnce) {
  const long long s = NewSession("短信重试", 5);
  ASSERT_GT(s, 0);
  const std::string busy = TestPhone(6020), hang = TestPhone(6021);
  gateway_->Script(busy, {Answer::kUnavailable});
  gateway_->Script(hang, {Answer::kHang});
  HttpClient v = server_->Client();
  ASSERT_EQ(Reserve(v, s, busy).status, 201);
  ASSERT_EQ(Reserve(v, s, hang).status, 201);
  auto list = Messages(s, Settled);
  ASSERT_EQ(list["items"].size(), 2u);
  for (const auto& m : list["items"]) {
    EXPECT_EQ(m["status"], "sent") << m.dump();
    EXPECT_EQ(m["attempts"], 2) << "one failure, one success: " << m.dump();
    EXPECT_TRUE(m["last_error"].is_null());
  }
  for (const auto& phone : {busy, hang}) {
    auto reqs = gateway_->RequestsFor(phone);
    ASSERT_EQ(reqs.size(), 2u) << phone;
    EXPECT_EQ(reqs[0].key, reqs[1].key) << "a retry carries the same idempotency key";
  }
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(gateway_->RequestsFor(busy).size(), 2u) << "not sent again once sent";
}

TEST_F(VisitorMessagesTest, ClientErrorsFailForGoodAndStaffSeeWhy) {
  const long long s = NewSession("短信失败", 5);
  ASSERT_GT(s, 0);
  const std::string phone = TestPhone(6030);
  gateway_->Script(phone, {Answer::kBadRequest});
  ASSERT_EQ(Reserve(server_->Client(), s, phone).status, 201);
  auto list = Messages(s, Settled);
  const auto& m = list["items"][0];
  EXPECT_EQ(m["status"], "failed");
  EXPECT_EQ(m["status_label"], "发送失败");
  EXPECT_EQ(m["attempts"], 1) << "a 4xx is not retried";
  EXPECT_NE(m["last_error"].get<std::string>().find("400"), std::string::npos) << m.dump();
  EXPECT_EQ(list["counts"]["failed"], 1);
  std::this_thread::sleep_for(2500ms);
  EXPECT_EQ(gateway_->RequestsFor(phone).size(), 1u);
}

TEST_F(VisitorMessagesTest, WaitingListOfferAndCancellationCarryTheDeadlineAndTheReason) {
  const long long s = NewSession("短信候补", 1);
  ASSERT_GT(s, 0);
  HttpClient v = server_->Client();
  const std::string holder = TestPhone(6040), waiter = TestPhone(6041);
  auto a = Reserve(v, s, holder);
  ASSERT_EQ(a.status, 201);
  auto w = v.Post("/api/v1/public/sessions/" + std::to_string(s) + "/waitlist",
                  {{"name", "候补"}, {"phone", waiter}, {"party_size", 1}});
  ASSERT_EQ(w.status, 201) << w;
  ASSERT_EQ(CancelTicket(v, a.json()["code"], holder).status, 204);
  ASSERT_TRUE(gateway_->WaitFor(waiter, 1, 20s)) << server_->LogTail();
  auto offer = gateway_->RequestsFor(waiter).at(0);
  EXPECT_EQ(offer.template_id, "SMS_100002");
  EXPECT_EQ(offer.key.rfind("offered:", 0), 0u);
  EXPECT_NE(offer.params["deadline"].get<std::string>().find("年"), std::string::npos) << offer.params;
  EXPECT_EQ(offer.params["link"], kBase + "/tickets/" + w.json()["ticket_no"].get<std::string>());

  // The unit cancels the activity: the offered visitor hears why; the cancelled holder does not.
  auto t = GetTicket(v, w.json()["code"], waiter).json();
  const long long activity_id = t["activity"]["id"];
  auto c = Unit().Post("/api/v1/activities/" + std::to_string(activity_id) + "/cancel", {{"reason", "场馆临时检修"}});
  ASSERT_EQ(c.status, 200) << c;
  ASSERT_TRUE(gateway_->WaitFor(waiter, 2, 20s)) << server_->LogTail();
  auto cancelled = gateway_->RequestsFor(waiter).at(1);
  EXPECT_EQ(cancelled.template_id, "session_cancelled") << "no template configured: the kind's name";
  EXPECT_EQ(cancelled.params["reason"], "场馆临时检修");
  std::this_thread::sleep_for(1000ms);
  EXPECT_EQ(gateway_->RequestsFor(holder).size(), 1u) << "only the confirmation";
}

TEST_F(VisitorMessagesTest, LotteryTellsEachApplicantTheResult) {
  auto body = ActivityBody(year_, "短信抽签", 1, 1);
  const std::time_t cutoff = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()) + 3;
  body["sessions"][0]["high_demand"] = true;
  body["sessions"][0]["lottery_cutoff"] = ShanghaiDateTime(cutoff);
  auto a = Publish(Unit(), server_->LoginAs("reviewer"), year_, body);
  ASSERT_FALSE(a.is_null());
  const long long s = a["sessions"][0]["id"];
  HttpClient v = server_->Client();
  const std::vector<std::string> phones = {TestPhone(6050), TestPhone(6051), TestPhone(6052)};
  for (const auto& p : phones) ASSERT_EQ(Reserve(v, s, p).status, 201);
  std::this_thread::sleep_until(std::chrono::system_clock::from_time_t(cutoff + 1));
  auto draw = Unit().Post(SessionPath(s) + "/lottery", nlohmann::json::object());
  ASSERT_EQ(draw.status, 200) << draw;
  int won = 0, lost = 0;
  for (const auto& p : phones) {
    ASSERT_TRUE(gateway_->WaitFor(p, 1, 20s)) << p;
    auto reqs = gateway_->RequestsFor(p);
    ASSERT_EQ(reqs.size(), 1u) << "no message on applying, one on the draw";
    won += reqs[0].template_id == "lottery_won";
    lost += reqs[0].template_id == "lottery_lost";
  }
  EXPECT_EQ(won, 1);
  EXPECT_EQ(lost, 2);
}

TEST_F(VisitorMessagesTest, PerPhoneLimitDelaysRatherThanDrops) {
  HttpClient v = server_->Client();
  const std::string phone = TestPhone(6060);
  std::vector<long long> sessions;
  for (int i = 0; i < 4; ++i) {
    sessions.push_back(NewSession("短信限频" + std::to_string(i), 5));
    ASSERT_GT(sessions.back(), 0);
    ASSERT_EQ(Reserve(v, sessions.back(), phone).status, 201);
  }
  ASSERT_TRUE(gateway_->WaitFor(phone, 3, 20s));
  std::this_thread::sleep_for(2000ms);
  EXPECT_EQ(gateway_->RequestsFor(phone).size(), 3u) << "3 per hour";
  // Settled, or put off by the limit (a delay leaves it pending, with the reason).
  auto last = Messages(sessions.back(), [](const nlohmann::json& m) { return m["last_error"].is_string(); });
  const auto& m = last["items"][0];
  EXPECT_EQ(m["status"], "pending") << m.dump();
  EXPECT_EQ(m["attempts"], 0) << "a delay is not an attempt";
  EXPECT_NE(m["last_error"].get<std::string>().find("per-phone"), std::string::npos);
  EXPECT_TRUE(m["next_attempt_at"].is_string());
}

TEST_F(VisitorMessagesTest, StaffBroadcastReachesEveryHolderAndRefusesBadText) {
  const long long s = NewSession("短信群发", 5);
  ASSERT_GT(s, 0);
  HttpClient v = server_->Client();
  const std::string p1 = TestPhone(6070), p2 = TestPhone(6071);
  ASSERT_EQ(Reserve(v, s, p1).status, 201);
  ASSERT_EQ(Reserve(v, s, p2).status, 201);
  HttpClient unit = Unit();
  const std::string path = SessionPath(s) + "/messages";
  EXPECT_TRUE(IsError(unit.Post(path, {{"text", "  "}}), 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(unit.Post(path, {{"text", "  "}}), "text"));
  EXPECT_TRUE(HasDetail(unit.Post(path, {{"text", "第一行\n第二行"}}), "text"));
  std::string long_text;
  for (int i = 0; i < 201; ++i) long_text += "长";
  EXPECT_TRUE(HasDetail(unit.Post(path, {{"text", long_text}}), "text"));
  EXPECT_TRUE(HasDetail(unit.Post(path, {{"text", 5}}), "text"));
  EXPECT_TRUE(HasDetail(unit.Post(path, {{"text", "好"}, {"extra", 1}}), "extra"));
  EXPECT_TRUE(IsError(unit.PostRaw(path, "not json"), 400, "invalid_input"));
  EXPECT_TRUE(IsError(server_->LoginAs("110101").Post(path, {{"text", "越权"}}), 404, "not_found"));
  EXPECT_TRUE(IsError(server_->LoginAs("110101").Get(path), 404, "not_found"));
  EXPECT_TRUE(IsError(server_->Client().Get(path), 401, "unauthenticated"));

  auto r = unit.Post(path, {{"text", "因天气原因，入场改走北门"}});
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.json()["recipients"], 2);
  for (const auto& p : {p1, p2}) {
    ASSERT_TRUE(gateway_->WaitFor(p, 2, 20s)) << p;
    auto notice = gateway_->RequestsFor(p).at(1);
    EXPECT_EQ(notice.template_id, "staff_notice");
    EXPECT_EQ(notice.params["text"], "因天气原因，入场改走北门");
  }
  auto audit = server_->LoginAs("admin").Get("/api/v1/audit?action=session.broadcast");
  ASSERT_EQ(audit.status, 200) << audit;
  EXPECT_GE(audit.json()["total"].get<long long>(), 1);
  ASSERT_EQ(unit.Post(path, {{"text", "第二条"}}).status, 201);
  ASSERT_EQ(unit.Post(path, {{"text", "第三条"}}).status, 201);
  EXPECT_TRUE(IsError(unit.Post(path, {{"text", "第四条"}}), 429, "rate_limited")) << "3 per session per hour";
}

// Two servers on one database, both sending: every message goes out exactly once.
TEST_F(VisitorMessagesTest, TwoServersNeverSendOneMessageTwice) {
  ServerOptions o;
  o.serve_args = SmsArgs("webhook", gateway_->url());
  TestServer second(server_->shared_db(), o);
  const long long s = NewSession("短信双节点", 20);
  ASSERT_GT(s, 0);
  std::vector<std::string> phones;
  for (int i = 0; i < 12; ++i) {
    phones.push_back(TestPhone(6100 + i));
    HttpClient v = i % 2 ? second.Client() : server_->Client();
    ASSERT_EQ(Reserve(v, s, phones.back()).status, 201);
  }
  for (const auto& p : phones) ASSERT_TRUE(gateway_->WaitFor(p, 1, 20s)) << p;
  std::this_thread::sleep_for(2000ms);
  for (const auto& p : phones) EXPECT_EQ(gateway_->RequestsFor(p).size(), 1u) << p;
  EXPECT_EQ(second.LogTail(200000).find(phones[1]), std::string::npos);
}

// 阿里云短信 through its adapter: signed SendSms requests, OutId = the key, a business refusal
// (invalid number) fails for good, and the number the gateway quotes back is masked.
TEST(VisitorMessagesAliyunTest, SendSmsIsSignedAndBusinessErrorsAreFinal) {
  FakeSmsGateway gateway(FakeSmsGateway::Style::kAliyun);
  ServerOptions o;
  o.serve_args = SmsArgs("aliyun", gateway.url());
  o.serve_args.insert(o.serve_args.end(),
                      {"--sms-aliyun-access-key-id", "LTAI5tTest", "--sms-sign-name", "北京科技周"});
  o.env = {{"SCIWEEK_SMS_ALIYUN_ACCESS_KEY_SECRET", "Aliyun#Secret2027"}};
  TestServer server(o);
  const long long s = PublishedSession(server, "阿里云短信", 5);
  ASSERT_GT(s, 0);
  const std::string ok = TestPhone(6200), bad = TestPhone(6201);
  gateway.Script(bad, {Answer::kAliyunBadNumber});
  ASSERT_EQ(Reserve(server.Client(), s, ok).status, 201);
  ASSERT_EQ(Reserve(server.Client(), s, bad).status, 201);
  ASSERT_TRUE(gateway.WaitFor(ok, 1, 20s)) << server.LogTail();
  ASSERT_TRUE(gateway.WaitFor(bad, 1, 20s));
  auto req = gateway.RequestsFor(ok).at(0);
  EXPECT_EQ(req.fields["Action"], "SendSms");
  EXPECT_EQ(req.fields["SignatureMethod"], "HMAC-SHA1");
  EXPECT_EQ(req.fields["AccessKeyId"], "LTAI5tTest");
  EXPECT_EQ(req.fields["SignName"], "北京科技周");
  EXPECT_EQ(req.template_id, "SMS_100001");
  EXPECT_EQ(req.key.rfind("confirmed:", 0), 0u);
  EXPECT_FALSE(req.fields.value("Signature", "").empty());
  EXPECT_EQ(req.body.find("Aliyun#Secret2027"), std::string::npos);
  EXPECT_EQ(req.params["activity"], "阿里云短信");

  HttpClient unit = server.LoginAs("110108");
  nlohmann::json items;
  for (int i = 0; i < 200; ++i) {
    items = unit.Get(SessionPath(s) + "/messages").json()["items"];
    bool settled = items.size() == 2;
    for (const auto& m : items) settled = settled && m["status"] != "pending" && m["status"] != "sending";
    if (settled) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(items.size(), 2u);
  for (const auto& m : items) {
    if (m["recipient"] == ok.substr(0, 3) + "****" + ok.substr(7)) {
      EXPECT_EQ(m["status"], "sent");
    } else {
      EXPECT_EQ(m["status"], "failed") << m.dump();
      EXPECT_EQ(m["attempts"], 1);
      const std::string err = m["last_error"];
      EXPECT_NE(err.find("isv.MOBILE_NUMBER_ILLEGAL"), std::string::npos) << err;
      EXPECT_EQ(err.find(bad), std::string::npos) << "the quoted number is masked: " << err;
    }
  }
  const auto log = server.LogTail(200000);
  EXPECT_EQ(log.find(ok), std::string::npos);
  EXPECT_EQ(log.find(bad), std::string::npos);
  EXPECT_EQ(log.find("Aliyun#Secret2027"), std::string::npos);
}

// The day-before reminder: every server looks for it (here two, every second); each
// confirmed reservation of a session starting tomorrow gets exactly one.
TEST(VisitorMessagesReminderTest, DayBeforeReminderIsQueuedOnceWhateverTheNumberOfServers) {
  const std::time_t now = std::time(nullptr);
  const std::string today = ShanghaiDate(now), tomorrow = ShanghaiDate(now + 86400);
  if (today.substr(0, 4) != tomorrow.substr(0, 4)) GTEST_SKIP() << "the week would straddle two campaign years";
  FakeSmsGateway gateway;
  ServerOptions o;
  o.serve_args = SmsArgs("webhook", gateway.url());
  o.serve_args.insert(o.serve_args.end(), {"--sms-reminder-hour", "0", "--sms-reminder-sweep-seconds", "1"});
  TestServer first(o);
  TestServer second(first.shared_db(), o);
  HttpClient admin = first.LoginAs("admin");
  const int year = std::stoi(today.substr(0, 4));
  auto c = admin.Post("/api/v1/campaigns", {{"year", year},
                                            {"edition", year - 1994},
                                            {"name", std::to_string(year) + "年北京科技周"},
                                            {"theme", "热爱科学 崇尚科学"},
                                            {"start_date", today},
                                            {"end_date", ShanghaiDate(now + 6 * 86400)},
                                            {"report_deadline", ShanghaiDate(now + 20 * 86400) + "T18:00:00+08:00"},
                                            {"contacts", {{{"name", "栗英轩"}, {"phone", "55577988"}}}}});
  ASSERT_EQ(c.status, 201) << c;
  auto campaign = admin.Get("/api/v1/campaigns/" + std::to_string(year)).json();
  campaign.erase("year");
  campaign["status"] = "open";
  ASSERT_EQ(admin.Put("/api/v1/campaigns/" + std::to_string(year), campaign).status, 200);
  auto body = ActivityBody(year, "明日提醒", 5);
  body["starts_at"] = body["sessions"][0]["starts_at"] = tomorrow + "T10:00:00+08:00";
  body["ends_at"] = body["sessions"][0]["ends_at"] = tomorrow + "T11:00:00+08:00";
  auto a = Publish(first.LoginAs("110108"), first.LoginAs("reviewer"), year, body);
  ASSERT_FALSE(a.is_null());
  const long long s = a["sessions"][0]["id"];
  const std::string phone = TestPhone(6300);
  ASSERT_EQ(Reserve(first.Client(), s, phone).status, 201);
  ASSERT_TRUE(gateway.WaitFor(phone, 2, 20s)) << first.LogTail();
  std::this_thread::sleep_for(3000ms);  // both servers swept a few more times
  auto reqs = gateway.RequestsFor(phone);
  ASSERT_EQ(reqs.size(), 2u) << "the confirmation and one reminder";
  const auto& reminder = reqs[0].template_id == "reminder" ? reqs[0] : reqs[1];
  EXPECT_EQ(reminder.template_id, "reminder");
  EXPECT_EQ(reminder.params["venue"], "中关村科学城展示中心");
  EXPECT_NE(reminder.params["time"].get<std::string>().find("10:00"), std::string::npos);
  EXPECT_EQ(reminder.key.rfind("reminder:", 0), 0u);
  auto list = first.LoginAs("110108").Get(SessionPath(s) + "/messages").json();
  EXPECT_EQ(list["total"], 2) << list.dump();
}

// A visitor who leaves an e-mail address gets each message by mail as well as by SMS.
TEST(VisitorMessagesEmailTest, AVisitorWhoLeftAnAddressGetsTheMessageByMailToo) {
  FakeSmsGateway gateway;
  FakeSmtpServer smtp;
  ServerOptions o;
  o.serve_args = SmsArgs("webhook", gateway.url());
  o.serve_args.insert(o.serve_args.end(), {"--visitor-email", "--smtp-url", smtp.url(), "--smtp-from",
                                           "北京科技周 <kejizhou@example.org.cn>", "--smtp-starttls", "never"});
  TestServer server(o);
  const long long s = PublishedSession(server, "邮件通知", 5);
  ASSERT_GT(s, 0);
  const std::string path = "/api/v1/public/sessions/" + std::to_string(s) + "/reservations";
  HttpClient v = server.Client();
  const std::string phone = TestPhone(6400);
  for (const char* bad : {"not-an-email", "a@b", "张三@example.com", "x@example.com\r\nBcc: y@example.com"}) {
    auto r = v.Post(path, {{"name", "邮件观众"}, {"phone", phone}, {"email", bad}});
    EXPECT_TRUE(IsError(r, 422, "validation_failed")) << bad << r;
    EXPECT_TRUE(HasDetail(r, "email")) << bad;
  }
  EXPECT_TRUE(HasDetail(v.Post(path, {{"name", "邮件观众"}, {"phone", phone}, {"email", 42}}), "email"));
  auto r = v.Post(path, {{"name", "邮件观众"}, {"phone", phone}, {"email", "visitor@example.com"}});
  ASSERT_EQ(r.status, 201) << r;
  ASSERT_TRUE(smtp.WaitForMails(1, 20s)) << server.LogTail();
  ASSERT_TRUE(gateway.WaitFor(phone, 1, 20s));
  auto mail = smtp.Mails().at(0);
  EXPECT_EQ(mail.rcpt, std::vector<std::string>{"visitor@example.com"});
  EXPECT_EQ(DecodeHeaderWords(MailHeader(mail.data, "Subject")), "【北京科技周】预约成功");
  const std::string text = DecodedBody(mail.data);
  EXPECT_NE(text.find("邮件通知"), std::string::npos) << text;
  EXPECT_NE(text.find(kBase + "/tickets/" + r.json()["ticket_no"].get<std::string>()), std::string::npos) << text;
  nlohmann::json items;
  for (int i = 0; i < 100; ++i) {
    items = server.LoginAs("110108").Get(SessionPath(s) + "/messages").json()["items"];
    bool sent = items.size() == 2;
    for (const auto& m : items) sent = sent && m["status"] == "sent";
    if (sent) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(items.size(), 2u) << items.dump();
  std::set<std::string> recipients;
  for (const auto& m : items)
    recipients.insert(m["channel"].get<std::string>() + " " + m["recipient"].get<std::string>());
  EXPECT_EQ(recipients,
            (std::set<std::string>{"email ***@example.com", "sms " + phone.substr(0, 3) + "****" + phone.substr(7)}));
  EXPECT_EQ(server.LogTail(200000).find("visitor@example.com"), std::string::npos);
}

// A server killed while the gateway holds its request: the message stays claimed, and once
// the claim lapses (twice the timeout + 10 s) the restarted server sends it, with the same key.
TEST(VisitorMessagesCrashTest, AMessageInFlightWhenTheServerDiesIsSentAfterRestart) {
  FakeSmsGateway gateway;
  ServerOptions o;
  o.serve_args = SmsArgs("webhook", gateway.url());
  TestServer server(o);
  const long long s = PublishedSession(server, "短信宕机", 5);
  ASSERT_GT(s, 0);
  const std::string phone = TestPhone(6500);
  gateway.Script(phone, {Answer::kHang});
  ASSERT_EQ(Reserve(server.Client(), s, phone).status, 201);
  ASSERT_TRUE(gateway.WaitFor(phone, 1, 20s)) << server.LogTail();
  server.Kill();  // mid-send: the gateway has the request, we have no answer
  server.Start();
  ASSERT_TRUE(gateway.WaitFor(phone, 2, 40s)) << server.LogTail();
  auto reqs = gateway.RequestsFor(phone);
  EXPECT_EQ(reqs[0].key, reqs[1].key) << "the gateway can tell it is the same message";
  nlohmann::json items;
  for (int i = 0; i < 100; ++i) {
    items = server.LoginAs("110108").Get(SessionPath(s) + "/messages").json()["items"];
    if (items.size() == 1 && items[0]["status"] == "sent") break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["status"], "sent") << items.dump();
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(gateway.RequestsFor(phone).size(), 2u);
}

// An offer nobody accepts lapses at the sweep: the visitor hears it went to the next in line,
// and the next in line gets the offer.
TEST(VisitorMessagesOfferExpiryTest, ALapsedOfferIsAnnouncedAndPassedOn) {
  FakeSmsGateway gateway;
  ServerOptions o;
  o.serve_args = SmsArgs("webhook", gateway.url());
  o.serve_args.insert(o.serve_args.end(), {"--offer-sweep-seconds", "1"});
  TestServer server(o);
  const long long s = PublishedSession(server, "短信递补过期", 1, {{"offer_minutes", 1}});
  ASSERT_GT(s, 0);
  HttpClient v = server.Client();
  const std::string holder = TestPhone(6600), first = TestPhone(6601), second = TestPhone(6602);
  auto h = Reserve(v, s, holder);
  ASSERT_EQ(h.status, 201);
  const std::string wl = "/api/v1/public/sessions/" + std::to_string(s) + "/waitlist";
  ASSERT_EQ(v.Post(wl, {{"name", "候补甲"}, {"phone", first}}).status, 201);
  ASSERT_EQ(v.Post(wl, {{"name", "候补乙"}, {"phone", second}}).status, 201);
  ASSERT_EQ(CancelTicket(v, h.json()["code"], holder).status, 204);
  ASSERT_TRUE(gateway.WaitFor(first, 1, 20s));
  EXPECT_EQ(gateway.RequestsFor(first)[0].template_id, "SMS_100002");
  // The campaign's minute passes in the database rather than on the test's clock.
  RunSql(server.db(), "UPDATE reservations SET offer_expires_at = offer_expires_at - 61 WHERE session_id = " +
                          std::to_string(s) + " AND status = 'offered'");
  ASSERT_TRUE(gateway.WaitFor(first, 2, 30s)) << "the offer lapses after its minute";
  EXPECT_EQ(gateway.RequestsFor(first)[1].template_id, "offer_expired");
  ASSERT_TRUE(gateway.WaitFor(second, 1, 20s));
  EXPECT_EQ(gateway.RequestsFor(second)[0].template_id, "SMS_100002") << "the next in line gets the offer";
}

// serve refuses SMS flags that cannot work, before it opens anything.
TEST(VisitorMessagesConfigTest, BadSmsSettingsRefuseToStart) {
  TestDatabase db;
  auto r = RunSciweek({"serve", "--db", db.url(), "--listen", "127.0.0.1:0", "--sms-provider", "aliyun",
                       "--public-base-url", kBase, "--sms-aliyun-access-key-id", "x", "--sms-sign-name", "y"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("SCIWEEK_SMS_ALIYUN_ACCESS_KEY_SECRET"), std::string::npos) << r.err;
  r = RunSciweek({"serve", "--db", db.url(), "--listen", "127.0.0.1:0", "--sms-provider", "webhook",
                  "--public-base-url", kBase, "--sms-endpoint", "ftp://x"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  r = RunSciweek({"serve", "--db", db.url(), "--listen", "127.0.0.1:0", "--sms-provider", "webhook", "--sms-endpoint",
                  "http://127.0.0.1:9/"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--public-base-url"), std::string::npos) << r.err;
  r = RunSciweek(
      {"serve", "--db", db.url(), "--listen", "127.0.0.1:0", "--sms-provider", "log", "--sms-template", "nonsense=1"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  r = RunSciweek({"serve", "--db", db.url(), "--sms-secret", "abc"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

}  // namespace
}  // namespace sciweek::test
