// Real-name booking (issue 11 §2, decision 0021): an activity may ask each reservation for the
// holder's resident ID card. The number is checked by its check character, never stored (a
// keyed digest finds the same card twice, the last four go to the gate), shown masked, used
// once per session, checked at the gate by its last four, and erased with the visitor's data.
#include <chrono>
#include <thread>

#include "support/sms_suite.hpp"

namespace sciweek::test {
namespace {

using namespace std::chrono_literals;

// GB 11643-1999's own example, and a second valid number.
const std::string kCard = "11010519491231002X";
const std::string kOtherCard = "440304200001011239";

class RealNameBookingTest : public SmsSuite<RealNameBookingTest> {
 public:
  static std::vector<std::string> ExtraServeArgs() {
    return {"--reserve-rate-per-ip", "0", "--sms-template", kCodeTemplateArg, "--sms-retry-seconds", "1"};
  }

 protected:
  // A published activity of one session of 20 places; real-name when asked.
  static nlohmann::json NewActivity(const std::string& title, bool real_name) {
    auto body = ActivityBody(year_, title, 20);
    body["real_name_required"] = real_name;
    return Publish(server_->LoginAs("110108"), server_->LoginAs("reviewer"), year_, body);
  }
  static HttpResponse ReserveWith(long long session, const std::string& phone, const std::string& card,
                                  int party_size = 1) {
    nlohmann::json body = {{"name", "王实名"}, {"phone", phone}, {"party_size", party_size}};
    if (!card.empty()) body["id_card"] = card;
    return server_->Client().Post("/api/v1/public/sessions/" + std::to_string(session) + "/reservations", body);
  }
  static std::string Field(const HttpResponse& r) {
    auto j = r.json();
    if (j["error"].contains("details") && !j["error"]["details"].empty())
      return j["error"]["details"][0].value("field", "");
    return j["error"].value("field", "");
  }
  static nlohmann::json Scan(const std::string& code, long long session, const std::string& last4 = "") {
    nlohmann::json body = {{"code", code}, {"session_id", session}};
    if (!last4.empty()) body["id_last4"] = last4;
    auto r = server_->LoginAs("110108").Post("/api/v1/checkin", body);
    EXPECT_EQ(r.status, 200) << r;
    return r.json();
  }
  static std::string Stored(const std::string& ticket_no, const std::string& columns) {
    return RunSql(server_->db(), "SELECT " + columns + " FROM reservations WHERE ticket_no = '" + ticket_no + "'");
  }
};

TEST_F(RealNameBookingTest, TheCardIsCheckedKeptOnlyAsDigestAndLastFourAndShownMasked) {
  auto a = NewActivity("实名预约·天文馆夜观", true);
  ASSERT_FALSE(a.is_null());
  EXPECT_TRUE(a["real_name_required"].get<bool>());
  const long long s = a["sessions"][0]["id"];
  for (int i = 0; i < 100; ++i) {
    auto pub = server_->Client().Get("/api/v1/public/activities/" + a["id"].dump());
    if (pub.status == 200) {
      EXPECT_TRUE(pub.json()["real_name_required"].get<bool>()) << "the form knows to ask for the card";
      break;
    }
    std::this_thread::sleep_for(100ms);
  }

  auto none = ReserveWith(s, TestPhone(8100), "");
  EXPECT_EQ(none.status, 422) << none;
  EXPECT_EQ(Field(none), "id_card");
  EXPECT_NE(none.body.find("实名预约"), std::string::npos) << none;
  auto wrong_check = ReserveWith(s, TestPhone(8100), "110105194912310021");
  EXPECT_EQ(wrong_check.status, 422) << wrong_check;
  EXPECT_EQ(Field(wrong_check), "id_card");
  EXPECT_NE(wrong_check.body.find("校验位"), std::string::npos) << wrong_check;
  auto bad_utf8 = server_->Client().PostRaw(
      "/api/v1/public/sessions/" + std::to_string(s) + "/reservations",
      "{\"name\":\"王实名\",\"phone\":\"" + TestPhone(8100) + "\",\"id_card\":\"11010519491231\xff\xfe\"}");
  EXPECT_TRUE(bad_utf8.status == 400 || bad_utf8.status == 422) << bad_utf8;
  auto bad_birth = ReserveWith(s, TestPhone(8100), "110105194902300021");
  EXPECT_NE(bad_birth.body.find("出生日期"), std::string::npos) << bad_birth;
  EXPECT_EQ(RunSql(server_->db(), "SELECT COUNT(*) FROM reservations WHERE session_id = " + std::to_string(s)), "0\n")
      << "refused requests leave nothing";

  // Typed in groups with a lower-case x: the same card.
  auto ok = ReserveWith(s, TestPhone(8100), "110105 19491231 002x");
  ASSERT_EQ(ok.status, 201) << ok;
  const auto t = ok.json();
  EXPECT_EQ(t["id_card"], "**************002X");
  EXPECT_TRUE(t["real_name_required"].get<bool>());
  EXPECT_EQ(ok.body.find("110105"), std::string::npos) << "the number never comes back";
  const std::string ticket_no = t["ticket_no"];
  EXPECT_EQ(GetTicket(server_->Client(), t["code"], TestPhone(8100)).json()["id_card"], "**************002X");

  // What is stored: a 64-hex-digit digest and the last four, never the number or its birth date.
  const std::string row = Stored(ticket_no, "id_card_digest || '|' || id_card_last4");
  EXPECT_EQ(row.size(), 64u + 1 + 4 + 1) << row;
  EXPECT_EQ(row.substr(65), "002X\n");
  EXPECT_EQ(row.find("19491231"), std::string::npos);
  EXPECT_EQ(RunSql(server_->db(),
                   "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%19491231%' OR "
                   "before_json LIKE '%19491231%'"),
            "0\n")
      << "nor does the audit log hold it";
}

TEST_F(RealNameBookingTest, OneLiveReservationPerCardAndSessionWhateverThePhone) {
  auto a = NewActivity("实名预约·一证一票", true);
  ASSERT_FALSE(a.is_null());
  const long long s = a["sessions"][0]["id"];
  auto first = ReserveWith(s, TestPhone(8200), kCard);
  ASSERT_EQ(first.status, 201) << first;
  auto again = ReserveWith(s, TestPhone(8201), kCard);
  EXPECT_EQ(again.status, 409) << again;
  EXPECT_EQ(Field(again), "id_card");
  EXPECT_EQ(ReserveWith(s, TestPhone(8201), kOtherCard).status, 201) << "another card is another person";

  // Eight requests with one card from eight phones at once: exactly one place.
  auto b = NewActivity("实名预约·并发", true);
  ASSERT_FALSE(b.is_null());
  const long long s2 = b["sessions"][0]["id"];
  std::vector<std::thread> threads;
  std::atomic<int> created{0}, refused{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      auto r = ReserveWith(s2, TestPhone(8300 + i), kCard);
      if (r.status == 201) ++created;
      else if (r.status == 409) ++refused;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(refused.load(), 7);

  // Cancelled, the card may book again.
  const auto t = first.json();
  ASSERT_EQ(CancelTicket(server_->Client(), t["code"], TestPhone(8200)).status, 204);
  EXPECT_EQ(ReserveWith(s, TestPhone(8202), kCard).status, 201);
}

TEST_F(RealNameBookingTest, TheGateSeesTheLastFourAndRefusesAnotherCard) {
  auto a = NewActivity("实名预约·检票", true);
  ASSERT_FALSE(a.is_null());
  const long long s = a["sessions"][0]["id"];
  auto r = ReserveWith(s, TestPhone(8400), kCard, 2);
  ASSERT_EQ(r.status, 201) << r;
  const std::string code = r.json()["code"];

  auto mismatch = Scan(code, s, "1239");
  EXPECT_EQ(mismatch["result"], "id_mismatch");
  EXPECT_EQ(mismatch["id_card_last4"], "002X");
  EXPECT_EQ(mismatch["occupancy"], 0) << "nobody came in";
  EXPECT_EQ(Stored(r.json()["ticket_no"], "status"), "confirmed\n");

  auto ok = Scan(code, s, "002x");
  EXPECT_EQ(ok["result"], "ok");
  EXPECT_EQ(ok["occupancy"], 2);
  EXPECT_EQ(ok["id_card_last4"], "002X");

  // Without the typed digits the desk still shows them for staff to compare by eye.
  auto again = Scan(code, s);
  EXPECT_EQ(again["result"], "already_checked_in");
  EXPECT_EQ(again["id_card_last4"], "002X");
}

TEST_F(RealNameBookingTest, ActivitiesThatAskForNoCardNeverKeepOne) {
  auto a = NewActivity("普通预约·不收证件", false);
  ASSERT_FALSE(a.is_null());
  EXPECT_FALSE(a["real_name_required"].get<bool>());
  const long long s = a["sessions"][0]["id"];
  auto r = ReserveWith(s, TestPhone(8500), "not even a number");
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_TRUE(r.json()["id_card"].is_null());
  EXPECT_EQ(Stored(r.json()["ticket_no"], "COALESCE(id_card_digest, 'none') || COALESCE(id_card_last4, '')"), "none\n");
  EXPECT_TRUE(Scan(r.json()["code"], s, "0000")["result"] == "ok") << "no card, nothing to compare";
}

TEST_F(RealNameBookingTest, ErasingTheVisitorsDataTakesTheCardToo) {
  auto a = NewActivity("实名预约·删除个人信息", true);
  ASSERT_FALSE(a.is_null());
  const long long s = a["sessions"][0]["id"];
  const std::string phone = TestPhone(8600);
  auto r = ReserveWith(s, phone, kOtherCard);
  ASSERT_EQ(r.status, 201) << r;
  ASSERT_EQ(AskCode(phone, "erase").status, 202);
  const std::string code = CodeSentTo(phone);
  auto erased = server_->Client().Post("/api/v1/public/my-data/erase", {{"phone", phone}, {"code", code}});
  ASSERT_EQ(erased.status, 200) << erased;
  EXPECT_EQ(Stored(r.json()["ticket_no"], "COALESCE(id_card_digest, 'none') || COALESCE(id_card_last4, '')"), "none\n");
  EXPECT_EQ(ReserveWith(s, TestPhone(8601), kOtherCard).status, 201) << "its place and its card are free again";
}

}  // namespace
}  // namespace sciweek::test
