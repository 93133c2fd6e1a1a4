// Verified phones (issue 11 §2): one-time SMS codes through the outbox to a loopback gateway,
// required by the campaign's rule before a reservation is accepted, and "my reservations" on
// any device with phone + code. Codes are stored as keyed digests and forgotten by the outbox
// once sent; every check is counted before it is compared; a code is used once.
#include <atomic>
#include <chrono>
#include <latch>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "support/sms_suite.hpp"

namespace sciweek::test {
namespace {

using namespace std::chrono_literals;

class VerifiedPhonesTest : public SmsSuite<VerifiedPhonesTest> {
 public:
  static std::vector<std::string> ExtraServeArgs() {
    return {"--sms-retry-seconds",       "1", "--sms-timeout-seconds", "2",
            "--reserve-rate-per-ip",     "0", "--sms-template",        kCodeTemplateArg,
            "--sms-code-resend-seconds", "3"};
  }

 protected:
  static HttpResponse SetRule(const std::string& rule) {
    HttpClient admin = server_->LoginAs("admin");
    auto c = admin.Get("/api/v1/campaigns/" + std::to_string(year_)).json();
    c.erase("year");
    c["phone_verification"] = rule;
    return admin.Put("/api/v1/campaigns/" + std::to_string(year_), c);
  }
  // A published activity of one session; `high_demand` marks that session.
  static nlohmann::json NewActivity(const std::string& title, bool high_demand = false) {
    auto body = ActivityBody(year_, title, 20);
    body["sessions"][0]["high_demand"] = high_demand;
    return Publish(server_->LoginAs("110108"), server_->LoginAs("reviewer"), year_, body);
  }
  static long long NewSession(const std::string& title, bool high_demand = false) {
    auto a = NewActivity(title, high_demand);
    return a.is_null() ? 0 : a["sessions"][0]["id"].get<long long>();
  }
  // The public calendar's view of an activity, once it shows there (the catalog follows
  // changes within a second or so).
  static nlohmann::json PublicActivity(long long id) {
    for (int i = 0; i < 100; ++i) {
      auto r = server_->Client().Get("/api/v1/public/activities/" + std::to_string(id));
      if (r.status == 200) return r.json();
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << "activity " << id << " never showed in the public calendar";
    return nlohmann::json::object();
  }
  static HttpResponse ReserveWith(long long session, const std::string& phone, const std::string& code) {
    nlohmann::json body = {{"name", "验证观众"}, {"phone", phone}, {"party_size", 1}};
    if (!code.empty()) body["phone_code"] = code;
    return server_->Client().Post("/api/v1/public/sessions/" + std::to_string(session) + "/reservations", body);
  }
  static std::string DetailCode(const HttpResponse& r) {
    auto j = r.json();
    return j["error"]["details"].empty() ? "" : j["error"]["details"][0].value("code", "");
  }
  static HttpResponse Mine(const std::string& token) {
    return server_->Client().Send("GET", "/api/v1/public/my-reservations", "", "", {{"X-Visitor-Token", token}});
  }
};

TEST_F(VerifiedPhonesTest, ACodeGoesOutBySmsAndOnlyItsKeyedDigestIsKept) {
  const std::string phone = TestPhone(7001);
  auto r = AskCode(phone);
  ASSERT_EQ(r.status, 202) << r;
  EXPECT_EQ(r.json()["expires_in"], 300);
  EXPECT_EQ(r.json()["resend_in"], 3) << "--sms-code-resend-seconds";
  const std::string code = CodeSentTo(phone);
  ASSERT_EQ(code.size(), 6u);
  const auto sms = gateway_->RequestsFor(phone).at(0);
  EXPECT_EQ(sms.template_id, kCodeTemplate);
  EXPECT_EQ(sms.params.value("minutes", ""), "5");

  const std::string stored = RunSql(server_->db(), "SELECT code_hash FROM phone_codes WHERE phone = '" + phone + "'");
  EXPECT_EQ(stored.size(), 65u) << "a 64-digit digest: " << stored;
  EXPECT_EQ(stored.find(code), std::string::npos);
  // Sent: the outbox forgets the code (the row stays, for the delivery status).
  std::string params;
  for (int i = 0; i < 100; ++i) {
    params = RunSql(server_->db(), "SELECT status || ' ' || params FROM visitor_messages WHERE recipient = '" + phone +
                                       "' AND kind = 'verification_code'");
    if (params.rfind("sent", 0) == 0) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(params, "sent {}\n");
  // The whole phone is nowhere in the server's log.
  const std::string log = server_->LogTail(1 << 20);
  EXPECT_EQ(log.find(phone), std::string::npos);
  EXPECT_NE(log.find("verification code (reserve) for " + phone.substr(0, 3) + "****"), std::string::npos);
}

TEST_F(VerifiedPhonesTest, ANewCodeWaitsTheResendIntervalAndBadRequestsChangeNothing) {
  const std::string phone = TestPhone(7002);
  ASSERT_EQ(AskCode(phone).status, 202);
  auto again = AskCode(phone, "manage");
  EXPECT_EQ(again.status, 429) << again;
  EXPECT_EQ(again.json()["error"]["code"], "rate_limited");
  const int wait = std::atoi(again.Header("retry-after").c_str());
  EXPECT_GE(wait, 1);
  EXPECT_LE(wait, 3);

  for (const auto& body :
       {nlohmann::json{{"phone", "12345"}, {"purpose", "reserve"}},
        nlohmann::json{{"phone", TestPhone(7003)}, {"purpose", "anything"}}, nlohmann::json{{"phone", TestPhone(7003)}},
        nlohmann::json{{"phone", TestPhone(7003)}, {"purpose", "reserve"}, {"extra", 1}}}) {
    auto r = server_->Client().Post("/api/v1/public/phone-codes", body);
    EXPECT_EQ(r.status, 422) << body.dump() << " " << r;
  }
  auto huge = server_->Client().PostRaw("/api/v1/public/phone-codes", std::string(4096, ' '), "application/json");
  EXPECT_EQ(huge.status, 413) << huge;
  EXPECT_EQ(RunSql(server_->db(), "SELECT COUNT(*) FROM phone_codes WHERE phone = '" + TestPhone(7003) + "'"), "0\n");
}

// What a burst of simultaneous code requests got: 202s, 429s, and anything else.
struct BurstResult {
  int accepted = 0, limited = 0;
  std::string unexpected;
};

// `n` code requests at once, request i for phone_of(i), alternating between the servers; with
// `address`, each says it comes from there (the servers must trust X-Forwarded-For).
template <typename PhoneOf>
BurstResult CodeBurst(const std::vector<const TestServer*>& servers, int n, PhoneOf phone_of,
                      const std::string& address = "") {
  std::latch start(n + 1);
  std::atomic<int> accepted{0}, limited{0};
  BurstResult out;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      HttpClient c = servers[static_cast<size_t>(i) % servers.size()]->Client();
      const std::string body = nlohmann::json{{"phone", phone_of(i)}, {"purpose", "reserve"}}.dump();
      std::vector<std::pair<std::string, std::string>> headers;
      if (!address.empty()) headers.emplace_back("X-Forwarded-For", address);
      start.arrive_and_wait();
      auto r = c.Send("POST", "/api/v1/public/phone-codes", body, "application/json", headers);
      if (r.status == 202) ++accepted;
      else if (r.status == 429) ++limited;
      else {
        std::lock_guard lock(mu);
        out.unexpected = std::to_string(r.status) + " " + r.body + r.transport_error;
      }
    });
  start.arrive_and_wait();
  for (auto& t : threads) t.join();
  out.accepted = accepted;
  out.limited = limited;
  return out;
}

// One phone asking for codes from many places at once, through two processes: the resend
// interval is read from the phone's history before the new code is inserted, so on
// PostgreSQL (READ COMMITTED) nothing but holding the phone keeps simultaneous requests from
// each seeing no recent code — each sent an SMS (5 or 6 of 8 before the fix): cost, and a way
// to flood a phone.
TEST_F(VerifiedPhonesTest, SimultaneousCodeRequestsForOnePhoneSendOneCode) {
  ServerOptions o;
  o.serve_args = SmsServeArgs("webhook", gateway_->url(), ExtraServeArgs());
  o.env = kWebhookSecretEnv;
  TestServer second(server_->shared_db(), o);
  for (int round = 0; round < 4; ++round) {
    const std::string phone = TestPhone(7600 + round);
    auto r = CodeBurst({server_.get(), &second}, 8, [&](int) { return TestPhone(7600 + round); });
    EXPECT_TRUE(r.unexpected.empty()) << r.unexpected;
    EXPECT_EQ(r.accepted, 1) << "round " << round << ": " << r.accepted << " codes for one phone at once";
    EXPECT_EQ(r.accepted + r.limited, 8);
    EXPECT_EQ(RunSql(server_->db(), "SELECT COUNT(*) FROM phone_codes WHERE phone = '" + phone + "'"), "1\n");
  }
}

// The same for one address asking codes for many phones at once (a script behind one
// address): its hourly count (30) holds for simultaneous requests too.
TEST_F(VerifiedPhonesTest, SimultaneousCodeRequestsFromOneAddressKeepItsHourlyLimit) {
  constexpr int kPerAddressPerHour = 30, kRequests = 40;  // domain::CodePolicy::per_ip_per_hour
  ServerOptions o;
  o.serve_args = SmsServeArgs("webhook", gateway_->url(), ExtraServeArgs());
  o.serve_args.emplace_back("--trust-proxy");
  o.env = kWebhookSecretEnv;
  TestServer first(server_->shared_db(), o), second(server_->shared_db(), o);
  const std::string address = "198.51.100.37";
  auto r = CodeBurst(
      {&first, &second}, kRequests, [](int i) { return TestPhone(7700 + i); }, address);
  EXPECT_TRUE(r.unexpected.empty()) << r.unexpected;
  EXPECT_EQ(r.accepted, kPerAddressPerHour);
  EXPECT_EQ(r.limited, kRequests - kPerAddressPerHour);
  EXPECT_EQ(RunSql(server_->db(), "SELECT COUNT(*) FROM phone_codes WHERE ip = '" + address + "'"),
            std::to_string(kPerAddressPerHour) + "\n");
}

TEST_F(VerifiedPhonesTest, WithTheRuleAllAReservationNeedsTheRightCodeUsedOnce) {
  ASSERT_EQ(SetRule("all").status, 200);
  const long long s = NewSession("验证码预约：全部");
  ASSERT_GT(s, 0);
  const std::string phone = TestPhone(7010);

  auto none = ReserveWith(s, phone, "");
  EXPECT_EQ(none.status, 422) << none;
  EXPECT_EQ(DetailCode(none), "code_required");
  EXPECT_EQ(none.json()["error"]["field"], "phone_code");

  ASSERT_EQ(AskCode(phone).status, 202);
  const std::string code = CodeSentTo(phone);
  const std::string wrong = code == "000000" ? "111111" : "000000";
  auto bad = ReserveWith(s, phone, wrong);
  EXPECT_EQ(bad.status, 422) << bad;
  EXPECT_EQ(DetailCode(bad), "code_wrong");
  EXPECT_NE(bad.json()["error"]["message"].get<std::string>().find("还可再试4次"), std::string::npos) << bad;
  auto malformed = ReserveWith(s, phone, "12a456");
  EXPECT_EQ(malformed.status, 422);
  EXPECT_EQ(DetailCode(malformed), "invalid");

  auto ok = ReserveWith(s, phone, code);
  ASSERT_EQ(ok.status, 201) << ok;
  EXPECT_EQ(ok.json()["status"], "confirmed");
  // Used: the same code does not open a second session.
  const long long other = NewSession("验证码预约：另一场");
  auto reused = ReserveWith(other, phone, code);
  EXPECT_EQ(reused.status, 422) << reused;
  EXPECT_EQ(DetailCode(reused), "code_expired");
  ASSERT_EQ(SetRule("off").status, 200);
}

TEST_F(VerifiedPhonesTest, FiveChecksSpendACodeEvenIfTheSixthIsRight) {
  ASSERT_EQ(SetRule("all").status, 200);
  const long long s = NewSession("验证码预约：猜测");
  const std::string phone = TestPhone(7020);
  ASSERT_EQ(AskCode(phone).status, 202);
  const std::string code = CodeSentTo(phone);
  const std::string wrong = code == "999999" ? "888888" : "999999";
  // Concurrent guesses cannot slip past the limit: each check is counted before it compares.
  std::vector<std::thread> guessers;
  std::atomic<int> wrong_answers{0};
  for (int i = 0; i < 8; ++i)
    guessers.emplace_back([&] {
      auto r = ReserveWith(s, phone, wrong);
      if (r.status == 422 && (DetailCode(r) == "code_wrong" || DetailCode(r) == "code_exhausted")) ++wrong_answers;
    });
  for (auto& t : guessers) t.join();
  EXPECT_EQ(wrong_answers.load(), 8);
  EXPECT_EQ(RunSql(server_->db(), "SELECT attempts FROM phone_codes WHERE phone = '" + phone + "'"), "5\n");
  auto right = ReserveWith(s, phone, code);
  EXPECT_EQ(right.status, 422) << right;
  EXPECT_EQ(DetailCode(right), "code_exhausted");
  ASSERT_EQ(SetRule("off").status, 200);
}

TEST_F(VerifiedPhonesTest, TheHighDemandRuleCoversOnlyHighDemandSessionsAndThePublicSessionSaysSo) {
  ASSERT_EQ(SetRule("high_demand").status, 200);
  const auto plain_activity = NewActivity("验证码预约：普通场"), hot_activity = NewActivity("验证码预约：热门场", true);
  ASSERT_FALSE(plain_activity.is_null());
  ASSERT_FALSE(hot_activity.is_null());
  const long long plain = plain_activity["sessions"][0]["id"], hot = hot_activity["sessions"][0]["id"];
  std::map<long long, bool> required;
  for (const auto& a : {PublicActivity(plain_activity["id"]), PublicActivity(hot_activity["id"])})
    for (const auto& sess : a["sessions"]) required[sess["id"].get<long long>()] = sess["phone_code_required"];
  EXPECT_FALSE(required.at(plain));
  EXPECT_TRUE(required.at(hot));
  EXPECT_EQ(ReserveWith(plain, TestPhone(7030), "").status, 201);
  EXPECT_EQ(DetailCode(ReserveWith(hot, TestPhone(7030), "")), "code_required");
  ASSERT_EQ(SetRule("off").status, 200);
}

// The public calendar follows the rule even when it changes several times within a second
// (it notices a change by the campaign's updated_at, which now always moves).
TEST_F(VerifiedPhonesTest, RapidRuleChangesReachThePublicCalendar) {
  const auto activity = NewActivity("验证码预约：规则连改");
  ASSERT_FALSE(activity.is_null());
  auto required = [&] {
    const auto pub = PublicActivity(activity["id"]);
    return pub["sessions"][0].value("phone_code_required", false);
  };
  auto settles_at = [&](bool want) {
    for (int i = 0; i < 50 && required() != want; ++i) std::this_thread::sleep_for(100ms);
    return required() == want;
  };
  ASSERT_EQ(SetRule("all").status, 200);
  ASSERT_TRUE(settles_at(true));
  for (const char* rule : {"off", "all", "off"}) ASSERT_EQ(SetRule(rule).status, 200);
  std::this_thread::sleep_for(2500ms);  // more than the calendar's one-second look
  EXPECT_FALSE(required()) << "the last of three quick changes is what the public sees";
}

TEST_F(VerifiedPhonesTest, AnUnknownRuleIsRefused) {
  auto r = SetRule("sometimes");
  EXPECT_EQ(r.status, 422) << r;
  EXPECT_EQ(r.json()["error"]["field"], "phone_verification");
}

TEST_F(VerifiedPhonesTest, MyReservationsOnAnyDeviceWithPhoneAndCode) {
  const std::string phone = TestPhone(7040), other = TestPhone(7041);
  const long long a = NewSession("我的预约：甲"), b = NewSession("我的预约：乙");
  auto ta = Reserve(server_->Client(), a, phone);
  auto tb = Reserve(server_->Client(), b, phone);
  ASSERT_EQ(ta.status, 201) << ta;
  ASSERT_EQ(tb.status, 201) << tb;
  auto foreign = Reserve(server_->Client(), a, other);
  ASSERT_EQ(foreign.status, 201) << foreign;

  EXPECT_EQ(Mine("").status, 401);
  EXPECT_EQ(Mine("not-a-token").status, 401);
  ASSERT_EQ(AskCode(phone, "manage").status, 202);
  const std::string code = CodeSentTo(phone);
  // A reserve code does not sign in, nor does a wrong one.
  auto wrong = server_->Client().Post("/api/v1/public/visitor-logins",
                                      {{"phone", phone}, {"code", code == "123456" ? "654321" : "123456"}});
  EXPECT_EQ(wrong.status, 422) << wrong;
  auto in = server_->Client().Post("/api/v1/public/visitor-logins", {{"phone", phone}, {"code", code}});
  ASSERT_EQ(in.status, 201) << in;
  const std::string token = in.json()["token"];
  EXPECT_GE(token.size(), 40u);
  EXPECT_EQ(in.json()["phone"], phone.substr(0, 3) + "****" + phone.substr(7));
  EXPECT_EQ(server_->Client().Post("/api/v1/public/visitor-logins", {{"phone", phone}, {"code", code}}).status, 422)
      << "a code signs in once";

  auto mine = Mine(token);
  ASSERT_EQ(mine.status, 200) << mine;
  ASSERT_EQ(mine.json()["items"].size(), 2u) << mine;
  EXPECT_EQ(mine.json()["items"][0]["ticket_no"], tb.json()["ticket_no"]) << "newest first";
  const auto listed = mine.json();  // kept: a range over a temporary's member would dangle
  for (const auto& t : listed["items"]) EXPECT_EQ(t["phone"], in.json()["phone"]);
  EXPECT_EQ(mine.body.find(phone), std::string::npos) << "the whole phone never comes back";

  // Cancel one from here: its place is free again; another phone's ticket is not reachable.
  const std::string ticket_a = ta.json()["ticket_no"];
  auto gone = server_->Client().Send("DELETE", "/api/v1/public/my-reservations/" + ticket_a, "", "",
                                     {{"X-Visitor-Token", token}});
  EXPECT_EQ(gone.status, 204) << gone;
  auto after = Mine(token).json()["items"];
  for (const auto& t : after) {
    if (t["ticket_no"] == ticket_a) {
      EXPECT_EQ(t["status"], "cancelled");
    }
  }
  auto theirs = server_->Client().Send(
      "DELETE", "/api/v1/public/my-reservations/" + foreign.json()["ticket_no"].get<std::string>(), "", "",
      {{"X-Visitor-Token", token}});
  EXPECT_EQ(theirs.status, 404) << theirs;
  EXPECT_EQ(GetTicket(server_->Client(), foreign.json()["code"], other).json()["status"], "confirmed");

  auto out =
      server_->Client().Send("DELETE", "/api/v1/public/visitor-logins/current", "", "", {{"X-Visitor-Token", token}});
  EXPECT_EQ(out.status, 204);
  EXPECT_EQ(Mine(token).status, 401) << "signed out";
  EXPECT_EQ(RunSql(server_->db(), "SELECT COUNT(*) FROM visitor_logins WHERE token_hash = '" + token + "'"), "0\n")
      << "only the token's digest was ever stored";
}

// The visitor's right to erasure (issue 11 §4): with an `erase` code, reservations still to
// come are cancelled and their places freed; every reservation of the phone keeps its status
// and counts but loses name, phone and e-mail; the outbox forgets the phone; sign-ins end.
TEST_F(VerifiedPhonesTest, AnEraseCodeDeletesTheVisitorsDataAndFreesPlacesToCome) {
  const std::string phone = TestPhone(7060);
  const auto activity = NewActivity("删除个人信息");
  ASSERT_FALSE(activity.is_null());
  const long long s = activity["sessions"][0]["id"];
  auto booked =
      server_->Client().Post("/api/v1/public/sessions/" + std::to_string(s) + "/reservations",
                             {{"name", "李想"}, {"phone", phone}, {"party_size", 2}, {"email", "li@example.cn"}});
  ASSERT_EQ(booked.status, 201) << booked;
  const std::string code = booked.json()["code"], ticket_no = booked.json()["ticket_no"];
  auto remaining = [&] {
    const auto pub = PublicActivity(activity["id"]);
    for (const auto& sess : pub["sessions"])
      if (sess["id"] == s) return sess["remaining"].get<int>();
    return -1;
  };
  for (int i = 0; i < 50 && remaining() != 18; ++i) std::this_thread::sleep_for(100ms);
  ASSERT_EQ(remaining(), 18);
  ASSERT_EQ(AskCode(phone, "manage").status, 202);
  auto in = server_->Client().Post("/api/v1/public/visitor-logins", {{"phone", phone}, {"code", CodeSentTo(phone)}});
  ASSERT_EQ(in.status, 201) << in;
  const std::string token = in.json()["token"];

  // An erase code is asked after the resend interval (3 s here); a manage code does not erase.
  std::this_thread::sleep_for(3500ms);
  ASSERT_EQ(AskCode(phone, "erase").status, 202);
  const std::string erase_code = CodeSentTo(phone, 2);
  auto wrong = server_->Client().Post("/api/v1/public/my-data/erase",
                                      {{"phone", phone}, {"code", erase_code == "000000" ? "000001" : "000000"}});
  EXPECT_EQ(wrong.status, 422) << wrong;
  auto erased = server_->Client().Post("/api/v1/public/my-data/erase", {{"phone", phone}, {"code", erase_code}});
  ASSERT_EQ(erased.status, 200) << erased;
  EXPECT_EQ(erased.json()["cancelled"], 1);
  EXPECT_EQ(erased.json()["erased"], 1);

  EXPECT_EQ(GetTicket(server_->Client(), code, phone).status, 404) << "the phone no longer finds it";
  EXPECT_EQ(Mine(token).status, 401) << "its sign-ins ended";
  const std::string row =
      RunSql(server_->db(),
             "SELECT status || '|' || name || '|' || email || '|' || CASE WHEN phone LIKE 'erased:%' THEN "
             "'token' ELSE phone END FROM "
             "reservations WHERE ticket_no = '" +
                 ticket_no + "'");
  EXPECT_EQ(row, "cancelled|（已删除）||token\n");
  EXPECT_EQ(RunSql(server_->db(), "SELECT COUNT(*) FROM visitor_messages WHERE recipient = '" + phone +
                                      "' OR recipient = 'li@example.cn'"),
            "0\n");
  EXPECT_EQ(RunSql(server_->db(), "SELECT COUNT(*) FROM phone_codes WHERE phone = '" + phone + "'"), "0\n");
  for (int i = 0; i < 50 && remaining() != 20; ++i) std::this_thread::sleep_for(100ms);
  EXPECT_EQ(remaining(), 20) << "its places are free again";
  auto audit = server_->LoginAs("admin").Get("/api/v1/audit?action=visitor.erased");
  ASSERT_EQ(audit.status, 200) << audit;
  ASSERT_GE(audit.json()["total"].get<int>(), 1);
  EXPECT_EQ(audit.json()["items"][0]["entity_id"], phone.substr(0, 3) + "****" + phone.substr(7));
  EXPECT_EQ(audit.body.find(phone), std::string::npos);
}

// Every new public route takes hostile bodies calmly: bad UTF-8, nesting past the limit, a
// body past the route's 1 KiB, no JSON at all — each a clear 4xx that changes nothing, and
// the server keeps serving.
TEST_F(VerifiedPhonesTest, HostileBodiesOnTheNewRoutesAreRefusedAndChangeNothing) {
  const std::string phone = TestPhone(7070);
  const std::vector<std::string> bodies = {
      "{\"phone\":\"" + phone + "\",\"purpose\":\"\xff\xfe\"}",                     // bad UTF-8
      "{\"phone\":" + std::string(3000, '[') + std::string(3000, ']') + "}",        // deep
      "{\"phone\":\"" + phone + "\",\"code\":\"" + std::string(2000, '1') + "\"}",  // huge
      "not json",
      "",
      "[]",
      "{\"phone\":13900000000,\"code\":123456}"};
  for (const char* route :
       {"/api/v1/public/phone-codes", "/api/v1/public/visitor-logins", "/api/v1/public/my-data/erase"})
    for (const auto& body : bodies) {
      auto r = server_->Client().PostRaw(route, body);
      EXPECT_TRUE(r.status == 400 || r.status == 413 || r.status == 422) << route << " " << r;
      EXPECT_NO_THROW(r.json()["error"]["message"].get<std::string>()) << route << " " << r;
    }
  EXPECT_EQ(RunSql(server_->db(), "SELECT COUNT(*) FROM phone_codes WHERE phone = '" + phone + "'"), "0\n");
  EXPECT_EQ(Mine(std::string(5000, 'x')).status, 401) << "an absurd token is simply unknown";
  EXPECT_EQ(server_->Client().Get("/healthz").status, 200);
}

// A server that sends no SMS cannot send codes, and no campaign on it may require them.
TEST(VerifiedPhonesWithoutSmsTest, NoCodesAndNoRuleThatWouldNeedThem) {
  TestServer server;
  auto r = server.Client().Post("/api/v1/public/phone-codes", {{"phone", TestPhone(7050)}, {"purpose", "manage"}});
  EXPECT_EQ(r.status, 503) << r;
  HttpClient admin = server.LoginAs("admin");
  const int year = CreateFutureCampaign(admin);
  auto c = admin.Get("/api/v1/campaigns/" + std::to_string(year)).json();
  c.erase("year");
  c["phone_verification"] = "high_demand";
  auto put = admin.Put("/api/v1/campaigns/" + std::to_string(year), c);
  EXPECT_EQ(put.status, 422) << put;
  EXPECT_EQ(put.json()["error"]["details"][0]["code"], "sms_off");
}

}  // namespace
}  // namespace sciweek::test
