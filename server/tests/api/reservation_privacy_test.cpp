// What an anonymous caller may learn about a phone number (security issue 9): every
// per-phone refusal reads the same, so "this number holds a place here" cannot be told from
// the daily limit or the one-hot-session-a-day rule; cancelled reservations do not use up a
// phone's daily quota; the phone never rides in a URL (?phone= is refused with a 400 that
// names the header), and a ticket answers only to its code with the right phone.
#include <chrono>

#include "support/activities.hpp"
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

class ReservationPrivacyTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    try {
      server_ = std::make_unique<TestServer>(ServerOptions{{"--reserve-rate-per-phone", "2"}});
    } catch (const std::exception& e) {
      error_ = e.what();
    }
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
  // The session ids of a new published activity of `sessions` sessions.
  static std::vector<long long> Sessions(const std::string& title, int sessions, bool high_demand = false) {
    auto body = ActivityBody(year_, title, 20, sessions);
    if (high_demand)
      for (auto& s : body["sessions"]) s["high_demand"] = true;
    auto a = Publish(As("110108"), As("reviewer"), year_, body);
    std::vector<long long> out;
    if (!a.is_null())
      for (const auto& s : a["sessions"]) out.push_back(s["id"]);
    return out;
  }
  static inline int year_ = 0;
};

TEST_F(ReservationPrivacyTest, EveryPerPhoneRefusalLooksTheSame) {
  auto s = Sessions("手机号隐私", 3);
  auto hot = Sessions("热门隐私", 2, true);
  ASSERT_EQ(s.size(), 3u);
  ASSERT_EQ(hot.size(), 2u);
  HttpClient v = Anonymous();
  // A: already holds a place in s[0].
  ASSERT_EQ(Reserve(v, s[0], TestPhone(9100)).status, 201);
  auto holds_here = Reserve(v, s[0], TestPhone(9100));
  // B: used its two reservations of the day elsewhere.
  ASSERT_EQ(Reserve(v, s[1], TestPhone(9101)).status, 201);
  ASSERT_EQ(Reserve(v, s[2], TestPhone(9101)).status, 201);
  auto daily_limit = Reserve(v, s[0], TestPhone(9101));
  // C: holds another high-demand session that day.
  ASSERT_EQ(Reserve(v, hot[0], TestPhone(9102)).status, 201);
  auto hot_day = Reserve(v, hot[1], TestPhone(9102));

  EXPECT_TRUE(IsError(holds_here, 409, "conflict")) << holds_here;
  for (const auto* r : {&daily_limit, &hot_day}) {
    EXPECT_EQ(r->status, holds_here.status);
    EXPECT_EQ(r->body, holds_here.body) << "the same code, message and field, byte for byte";
    EXPECT_EQ(r->Header("retry-after"), holds_here.Header("retry-after"));
  }
  EXPECT_EQ(holds_here.json()["error"]["field"], "phone");
}

TEST_F(ReservationPrivacyTest, ACancelledReservationDoesNotUseUpThePhonesDailyQuota) {
  auto s = Sessions("取消不计数", 3);
  ASSERT_EQ(s.size(), 3u);
  HttpClient v = Anonymous();
  const std::string phone = TestPhone(9200);
  for (int i = 0; i < 2; ++i) {
    auto r = Reserve(v, s[static_cast<size_t>(i)], phone);
    ASSERT_EQ(r.status, 201) << r;
    ASSERT_EQ(CancelTicket(v, r.json()["code"], phone).status, 204);
  }
  auto third = Reserve(v, s[2], phone);
  EXPECT_EQ(third.status, 201) << "two cancelled reservations leave both of the day's places: " << third;
  auto again = Reserve(v, s[0], phone);
  EXPECT_EQ(again.status, 201) << "re-booking a cancelled session: " << again;
  EXPECT_TRUE(IsError(Reserve(v, s[1], phone), 409, "conflict")) << "two live ones: the limit holds";
}

TEST_F(ReservationPrivacyTest, ThePhoneNeverRidesInTheUrl) {
  auto s = Sessions("网址不含手机号", 1);
  ASSERT_EQ(s.size(), 1u);
  HttpClient v = Anonymous();
  const std::string phone = TestPhone(9300);
  auto t = Reserve(v, s[0], phone);
  ASSERT_EQ(t.status, 201) << t;
  const std::string path = "/api/v1/public/reservations/" + t.json()["code"].get<std::string>();
  for (const auto& [method, target] :
       std::vector<std::pair<std::string, std::string>>{{"GET", path + "?phone=" + phone},
                                                        {"DELETE", path + "?phone=" + phone},
                                                        {"POST", path + "/accept?phone=" + phone}}) {
    auto r = v.Send(method, target, method == "POST" ? "{}" : "", method == "POST" ? "application/json" : "",
                    {{"X-Visitor-Phone", phone}});
    EXPECT_TRUE(IsError(r, 400, "invalid_input")) << method << " " << r;
    EXPECT_NE(r.body.find("X-Visitor-Phone"), std::string::npos) << "names the new way: " << r;
  }
  auto ticket = GetTicket(v, t.json()["code"], phone);
  ASSERT_EQ(ticket.status, 200) << ticket;
  EXPECT_EQ(ticket.json()["status"], "confirmed") << "the refused DELETE changed nothing";
  // Without the header, or with another phone, the ticket is simply not there.
  auto none = v.Get(path);
  auto wrong = GetTicket(v, t.json()["code"], TestPhone(9301));
  EXPECT_TRUE(IsError(none, 404, "not_found"));
  EXPECT_EQ(wrong.body, none.body);
  EXPECT_TRUE(IsError(AcceptOffer(v, t.json()["code"], TestPhone(9301)), 404, "not_found"));
  EXPECT_TRUE(IsError(v.Post(path + "/accept", {{"telephone", phone}}), 422, "validation_failed"));
  EXPECT_EQ(CancelTicket(v, t.json()["code"], phone).status, 204);
}

}  // namespace
}  // namespace sciweek::test
