// Public reservations (issue 5 §3–5): bad input refused and nothing taken, one live
// reservation per phone and session, tickets looked up by code + phone with masked personal
// data and a QR of the signed code, cancellation freeing places, the waiting list offering
// them in order, lotteries for high-demand sessions (one per phone per day), the calendar's
// ETag/304/gzip and ICS, and access logs that never hold a phone number.
#include <chrono>
#include <ctime>
#include <thread>

#include "support/activities.hpp"
#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

class ReservationsTest : public SharedServerTest {
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
  // A published activity of `capacity` places in one session; its session id.
  static long long NewSession(const std::string& title, int capacity) {
    HttpClient unit = As("110108");
    HttpClient reviewer = As("reviewer");
    auto a = Publish(unit, reviewer, year_, ActivityBody(year_, title, capacity));
    return a.is_null() ? 0 : a["sessions"][0]["id"].get<long long>();
  }
  static long long Remaining(long long session) {
    auto r = As("110108").Get("/api/v1/sessions/" + std::to_string(session) + "/counter");
    return r.status == 200 ? r.json()["capacity"].get<long long>() - r.json()["reserved"].get<long long>() : -1;
  }
  static inline int year_ = 0;
};

TEST_F(ReservationsTest, BadInputIs422NamingTheFieldAndTakesNothing) {
  const long long s = NewSession("输入校验", 5);
  ASSERT_GT(s, 0);
  HttpClient v = Anonymous();
  for (const char* phone : {"12812345678", "1381234567", "138123456789", "1381234567a", "+8613812345678"}) {
    auto r = Reserve(v, s, phone);
    EXPECT_TRUE(IsError(r, 422, "validation_failed")) << phone;
    EXPECT_TRUE(HasDetail(r, "phone")) << phone;
  }
  auto r = Reserve(v, s, TestPhone(1), 6);
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(r, "party_size"));
  EXPECT_TRUE(HasDetail(Reserve(v, s, TestPhone(1), 0), "party_size"));
  EXPECT_TRUE(HasDetail(Reserve(v, s, TestPhone(1), 1, "  "), "name"));
  EXPECT_TRUE(IsError(v.Post("/api/v1/public/sessions/" + std::to_string(s) + "/reservations",
                             {{"name", "张三"}, {"phone", 13812345678LL}}),
                      422, "validation_failed"));
  EXPECT_TRUE(
      IsError(v.PostRaw("/api/v1/public/sessions/" + std::to_string(s) + "/reservations", "[]"), 400, "invalid_input"));
  EXPECT_TRUE(IsError(Reserve(v, 999999999, TestPhone(1)), 404, "not_found"));
  EXPECT_EQ(Remaining(s), 5) << "no place was taken";
}

TEST_F(ReservationsTest, TicketShowsMaskedDataAndASignedQrAndCancellingFreesThePlaces) {
  const long long s = NewSession("票面信息", 5);
  ASSERT_GT(s, 0);
  HttpClient v = Anonymous();
  const std::string phone = "13812345678";
  auto r = Reserve(v, s, phone, 3, "张小明");
  ASSERT_EQ(r.status, 201) << r;
  auto t = r.json();
  EXPECT_EQ(t["status"], "confirmed");
  EXPECT_EQ(t["phone"], "138****5678");
  EXPECT_EQ(t["name"], "张**");
  EXPECT_EQ(r.body.find(phone), std::string::npos) << "the whole number never comes back";
  const std::string code = t["code"];
  EXPECT_EQ(code.rfind("T2.k1." + std::to_string(s) + ".", 0), 0u) << code;
  EXPECT_EQ(t["ticket_no"].get<std::string>().size(), 16u);
  EXPECT_EQ(Remaining(s), 2);
  EXPECT_TRUE(IsError(Reserve(v, s, phone), 409, "conflict")) << "same phone, same session";
  // The places are taken in the statement that reads the phone's checks: a refusal rolls them back.
  EXPECT_EQ(Remaining(s), 2) << "a refused phone keeps no place";
  EXPECT_TRUE(IsError(Reserve(v, s, TestPhone(9), 3), 409, "slot_full")) << "3 asked, 2 left";

  EXPECT_TRUE(IsError(GetTicket(v, code, "13900000000"), 404, "not_found")) << "wrong phone";
  // Another character inside the signature. Not its last two: they hold the signature's top byte,
  // which is zero (ending "AA") in about one Ed25519 signature in sixteen.
  std::string tampered = code;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(IsError(GetTicket(v, tampered, phone), 404, "not_found")) << "tampered signature";
  auto got = GetTicket(v, code, phone);
  ASSERT_EQ(got.status, 200) << got;
  EXPECT_EQ(got.json()["qr_svg"].get<std::string>().rfind("<svg", 0), 0u) << "the ticket page shows the QR";
  EXPECT_EQ(got.json()["activity"]["title"], "票面信息");
  // What the page may offer comes from the server, not from the client's reading of statuses.
  EXPECT_EQ(got.json()["can"], (nlohmann::json{{"cancel", true}, {"accept_offer", false}, {"show_code", true}}));
  // The ticket number alone (as typed, grouped) finds it too.
  const std::string no = t["ticket_no"];
  EXPECT_EQ(GetTicket(v, no.substr(0, 4) + "-" + no.substr(4, 4) + "-" + no.substr(8), phone).status, 200);

  ASSERT_EQ(CancelTicket(v, code, phone).status, 204);
  EXPECT_EQ(Remaining(s), 5);
  const auto cancelled = GetTicket(v, code, phone).json();
  EXPECT_EQ(cancelled["status"], "cancelled");
  EXPECT_EQ(cancelled["can"], (nlohmann::json{{"cancel", false}, {"accept_offer", false}, {"show_code", false}}));
  EXPECT_TRUE(IsError(CancelTicket(v, code, phone), 409, "conflict"));
  EXPECT_EQ(Reserve(v, s, phone).status, 201) << "after cancelling, the phone may book again";
  // The access log holds paths only, and the phone is never in a path.
  EXPECT_EQ(server().LogTail(200000).find(phone), std::string::npos);
}

TEST_F(ReservationsTest, WaitingListGetsFreedPlacesInOrderAndMayAcceptThem) {
  const long long s = NewSession("候补测试", 2);
  ASSERT_GT(s, 0);
  HttpClient v = Anonymous();
  const std::string wl = "/api/v1/public/sessions/" + std::to_string(s) + "/waitlist";
  EXPECT_TRUE(IsError(v.Post(wl, {{"name", "早到"}, {"phone", TestPhone(100)}}), 409, "conflict"))
      << "places left: reserve instead";
  auto a = Reserve(v, s, TestPhone(101), 2);
  ASSERT_EQ(a.status, 201);
  auto w1 = v.Post(wl, {{"name", "候补一"}, {"phone", TestPhone(102)}, {"party_size", 1}});
  auto w2 = v.Post(wl, {{"name", "候补二"}, {"phone", TestPhone(103)}, {"party_size", 1}});
  ASSERT_EQ(w1.status, 201) << w1;
  ASSERT_EQ(w2.status, 201) << w2;
  EXPECT_EQ(w1.json()["status"], "waiting");
  EXPECT_EQ(w1.json()["position"], 1);
  EXPECT_EQ(w2.json()["position"], 2);
  EXPECT_EQ(w1.json()["qr_svg"], "") << "no entry QR while waiting";
  // Newcomers cannot jump the line.
  EXPECT_TRUE(IsError(Reserve(v, s, TestPhone(104)), 409, "slot_full"));
  ASSERT_EQ(CancelTicket(v, a.json()["code"], TestPhone(101)).status, 204);
  auto t1 = GetTicket(v, w1.json()["code"], TestPhone(102)).json();
  auto t2 = GetTicket(v, w2.json()["code"], TestPhone(103)).json();
  EXPECT_EQ(t1["status"], "offered");
  EXPECT_EQ(t2["status"], "offered") << "two places freed, two offered";
  EXPECT_FALSE(t1["offer_expires_at"].is_null());
  EXPECT_EQ(t1["can"], (nlohmann::json{{"cancel", true}, {"accept_offer", true}, {"show_code", false}}));
  EXPECT_EQ(t1["qr_svg"], "") << "an offer is not yet an entry ticket";
  auto acc = AcceptOffer(v, w1.json()["code"], TestPhone(102));
  ASSERT_EQ(acc.status, 200) << acc;
  EXPECT_EQ(acc.json()["status"], "confirmed");
  EXPECT_EQ(acc.json()["qr_svg"].get<std::string>().rfind("<svg", 0), 0u);
  EXPECT_TRUE(IsError(AcceptOffer(v, w1.json()["code"], TestPhone(102)), 409, "conflict"));
  EXPECT_EQ(Remaining(s), 0);
}

TEST_F(ReservationsTest, HighDemandSessionsDrawLotsAmongApplicantsOnePerPhonePerDay) {
  HttpClient unit = As("110108");
  auto body = ActivityBody(year_, "热门天文台夜观", 2, 2);
  const auto now = std::chrono::system_clock::now();
  const std::time_t cutoff = std::chrono::system_clock::to_time_t(now) + 3;
  for (auto& s : body["sessions"]) {
    s["high_demand"] = true;
    s["lottery_cutoff"] = ShanghaiDateTime(cutoff);
  }
  auto a = Publish(unit, As("reviewer"), year_, body);
  ASSERT_FALSE(a.is_null());
  const long long s1 = a["sessions"][0]["id"], s2 = a["sessions"][1]["id"];
  HttpClient v = Anonymous();
  for (int i = 0; i < 6; ++i) {
    auto r = Reserve(v, s1, TestPhone(200 + i));
    ASSERT_EQ(r.status, 201) << r;
    EXPECT_EQ(r.json()["status"], "applied");
  }
  EXPECT_TRUE(IsError(Reserve(v, s2, TestPhone(200)), 409, "conflict")) << "one high-demand session per phone per day";
  EXPECT_TRUE(IsError(unit.Post("/api/v1/sessions/" + std::to_string(s1) + "/lottery", nlohmann::json::object()), 409,
                      "conflict"))
      << "not before the cut-off";
  std::this_thread::sleep_until(std::chrono::system_clock::from_time_t(cutoff + 1));
  EXPECT_TRUE(IsError(Reserve(v, s1, TestPhone(299)), 409, "conflict")) << "applications closed";
  EXPECT_TRUE(
      IsError(As("110101").Post("/api/v1/sessions/" + std::to_string(s1) + "/lottery", nlohmann::json::object()), 404,
              "not_found"));
  auto draw = unit.Post("/api/v1/sessions/" + std::to_string(s1) + "/lottery", nlohmann::json::object());
  ASSERT_EQ(draw.status, 200) << draw;
  EXPECT_EQ(draw.json()["applicants"], 6);
  EXPECT_EQ(draw.json()["winners"], 2);
  EXPECT_EQ(draw.json()["waiting"], 4);
  EXPECT_EQ(Remaining(s1), 0);
  EXPECT_TRUE(IsError(unit.Post("/api/v1/sessions/" + std::to_string(s1) + "/lottery", nlohmann::json::object()), 409,
                      "conflict"))
      << "drawn once";
  auto counter = unit.Get("/api/v1/sessions/" + std::to_string(s1) + "/counter").json();
  EXPECT_EQ(counter["reserved"], 2);
  EXPECT_EQ(counter["waiting"], 4) << "those not drawn wait in the drawn order";
}

TEST_F(ReservationsTest, CalendarAnswersCarryETagsAnswer304AndGzipLargeLists) {
  for (int i = 0; i < 12; ++i) ASSERT_GT(NewSession("日历活动" + std::to_string(i), 30), 0);
  HttpClient v = Anonymous();
  const std::string path = "/api/v1/public/activities?campaign=" + std::to_string(year_) +
                           "&date=" + std::to_string(year_) + "-05-20&district=110108";
  auto r = v.Get(path);
  ASSERT_EQ(r.status, 200) << r;
  const std::string etag = r.Header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_GE(r.json()["total"].get<int>(), 12);
  const auto list = r.json();
  for (const auto& it : list["items"]) EXPECT_EQ(it["district"]["code"], "110108");
  auto again = v.Send("GET", path, "", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  auto gz = v.Send("GET", path, "", "", {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.Header("content-encoding"), "gzip");
  ASSERT_GE(gz.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz.body[0]), 0x1f);
  EXPECT_LT(gz.body.size(), r.body.size());
  // Another day has none of them; a bad date is refused.
  EXPECT_EQ(v.Get("/api/v1/public/activities?campaign=" + std::to_string(year_) + "&date=" + std::to_string(year_) +
                  "-05-21&district=110108")
                .json()["total"],
            0);
  EXPECT_TRUE(IsError(v.Get("/api/v1/public/activities?date=2023-13-40"), 400, "invalid_input"));
  // A reservation changes what the list says, so the tag changes.
  auto first = r.json()["items"][0];
  auto detail = v.Get("/api/v1/public/activities/" + std::to_string(first["id"].get<long long>())).json();
  ASSERT_EQ(Reserve(v, detail["sessions"][0]["id"], TestPhone(300)).status, 201);
  auto after = v.Get(path);
  EXPECT_NE(after.Header("etag"), etag);
}

TEST_F(ReservationsTest, IcsFilesListEachSessionInUtc) {
  HttpClient unit = As("110108");
  auto a = Publish(unit, As("reviewer"), year_, ActivityBody(year_, "日历导出, 测试; 活动", 10, 3));
  ASSERT_FALSE(a.is_null());
  auto r = Anonymous().Get("/api/v1/public/activities/" + std::to_string(a["id"].get<long long>()) + "/calendar.ics");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.Header("content-type").rfind("text/calendar", 0), 0u);
  size_t events = 0;
  for (size_t p = r.body.find("BEGIN:VEVENT"); p != std::string::npos; p = r.body.find("BEGIN:VEVENT", p + 1)) ++events;
  EXPECT_EQ(events, 3u);
  // 09:00 in Shanghai is 01:00 UTC.
  EXPECT_NE(r.body.find("DTSTART:" + std::to_string(year_) + "0520T010000Z"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("SUMMARY:日历导出\\, 测试\\; 活动"), std::string::npos) << "commas and semicolons escaped";
  EXPECT_NE(r.body.find("\r\n"), std::string::npos);
  auto feed = Anonymous().Get("/api/v1/public/calendar.ics?campaign=" + std::to_string(year_) + "&district=110108");
  ASSERT_EQ(feed.status, 200);
  EXPECT_NE(feed.body.find("日历导出"), std::string::npos);
}

TEST_F(ReservationsTest, PublicListsOfDistrictsInstitutionsAndTheCurrentCampaign) {
  HttpClient v = Anonymous();
  auto d = v.Get("/api/v1/public/districts");
  ASSERT_EQ(d.status, 200);
  EXPECT_EQ(d.json()["total"], 17) << "16 districts and 北京经济技术开发区";
  auto tsinghua = Publish(As("tsinghua"), As("reviewer"), year_, ActivityBody(year_, "清华大学实验室开放日", 20));
  ASSERT_FALSE(tsinghua.is_null());
  auto inst = v.Get("/api/v1/public/institutions?campaign=" + std::to_string(year_));
  ASSERT_EQ(inst.status, 200);
  bool found = false;
  const auto units = inst.json();
  for (const auto& u : units["items"]) found |= u["code"] == "tsinghua" && u["type"] == "university";
  EXPECT_TRUE(found) << inst;
  auto key = v.Get("/api/v1/public/ticket-key");
  ASSERT_EQ(key.status, 200);
  EXPECT_EQ(key.json()["alg"], "Ed25519");
  EXPECT_EQ(key.json()["public_key"].get<std::string>().size(), 43u);
  EXPECT_EQ(key.json()["kid"], "k1");
  ASSERT_EQ(key.json()["keys"].size(), 1u);
  EXPECT_EQ(key.json()["keys"][0]["public_key"], key.json()["public_key"]);
  EXPECT_TRUE(key.json()["keys"][0]["verify_until"].is_null()) << "the signing key has no end date";
}

// An offer not taken in time goes to the next in line: the campaign's offer_minutes = 1 and
// a server sweeping every second.
class OfferExpiryTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    try {
      server_ = std::make_unique<TestServer>(ServerOptions{{"--offer-sweep-seconds", "1"}});
    } catch (const std::exception& e) {
      error_ = e.what();
    }
    if (!server_) return;
    HttpClient admin = As("admin");
    year_ = CreateFutureCampaign(admin);
    auto c = admin.Get("/api/v1/campaigns/" + std::to_string(year_)).json();
    c.erase("year");
    c["offer_minutes"] = 1;
    auto r = admin.Put("/api/v1/campaigns/" + std::to_string(year_), c);
    if (r.status != 200) ADD_FAILURE() << r;
  }
  static inline int year_ = 0;
};

TEST_F(OfferExpiryTest, AnOfferNotAcceptedInTimePassesToTheNextInLine) {
  ASSERT_NE(year_, 0);
  auto a = Publish(As("110108"), As("reviewer"), year_, ActivityBody(year_, "候补过期", 1));
  ASSERT_FALSE(a.is_null());
  const long long s = a["sessions"][0]["id"];
  HttpClient v = Anonymous();
  const std::string wl = "/api/v1/public/sessions/" + std::to_string(s) + "/waitlist";
  auto holder = Reserve(v, s, TestPhone(900));
  ASSERT_EQ(holder.status, 201);
  auto first = v.Post(wl, {{"name", "候补甲"}, {"phone", TestPhone(901)}});
  auto second = v.Post(wl, {{"name", "候补乙"}, {"phone", TestPhone(902)}});
  ASSERT_EQ(first.status, 201) << first;
  ASSERT_EQ(second.status, 201) << second;
  ASSERT_EQ(CancelTicket(v, holder.json()["code"], TestPhone(900)).status, 204);
  auto ticket = [&](const HttpResponse& r, long long n) { return GetTicket(v, r.json()["code"], TestPhone(n)).json(); };
  EXPECT_EQ(ticket(first, 901)["status"], "offered");
  EXPECT_EQ(ticket(second, 902)["status"], "waiting");
  // The offer runs for the campaign's minute, counted from now.
  const std::string offered = " FROM reservations WHERE session_id = " + std::to_string(s) + " AND status = 'offered'";
  const long long left = std::stoll(RunSql(server().db(), "SELECT offer_expires_at" + offered)) - std::time(nullptr);
  EXPECT_GE(left, 55);
  EXPECT_LE(left, 61);
  // Nobody accepts. The minute passes in the database rather than on the test's clock: the
  // sweep, every second, then gives the place to the second in line.
  RunSql(server().db(), "UPDATE reservations SET offer_expires_at = offer_expires_at - 61 WHERE session_id = " +
                            std::to_string(s) + " AND status = 'offered'");
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (ticket(first, 901)["status"] == "offered" && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::seconds(2));  // lookups count against the per-address limit
  auto t1 = ticket(first, 901);
  EXPECT_EQ(t1["status"], "expired");
  EXPECT_EQ(t1["cancel_reason"], "候补名额未在规定时间内确认");
  EXPECT_EQ(ticket(second, 902)["status"], "offered");
  EXPECT_TRUE(IsError(AcceptOffer(v, first.json()["code"], TestPhone(901)), 409, "conflict"));
  auto counter = As("110108").Get("/api/v1/sessions/" + std::to_string(s) + "/counter").json();
  EXPECT_EQ(counter["reserved"], 1) << "the one place stays held, now for the second in line";
}

class ReservationLimitsTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    try {
      server_ =
          std::make_unique<TestServer>(ServerOptions{{"--reserve-rate-per-ip", "4", "--reserve-rate-per-phone", "2"}});
    } catch (const std::exception& e) {
      error_ = e.what();
    }
    if (server_) {
      HttpClient admin = As("admin");
      year_ = CreateFutureCampaign(admin);
    }
  }
  static inline int year_ = 0;
};

TEST_F(ReservationLimitsTest, PerPhoneLimitIsAPlainRefusalAndThePerAddressLimitAnswers429) {
  ASSERT_NE(year_, 0);
  auto a = Publish(As("110108"), As("reviewer"), year_, ActivityBody(year_, "限流测试", 50, 3));
  ASSERT_FALSE(a.is_null());
  HttpClient v = Anonymous();
  const std::string phone = TestPhone(400);
  EXPECT_EQ(Reserve(v, a["sessions"][0]["id"], phone).status, 201);
  EXPECT_EQ(Reserve(v, a["sessions"][1]["id"], phone).status, 201);
  auto third = Reserve(v, a["sessions"][2]["id"], phone);
  // Refused like every other per-phone rule (reservation_privacy_test.cpp): no 429 that
  // would tell this rule apart from "already holds a place".
  EXPECT_TRUE(IsError(third, 409, "conflict")) << "two a day for this phone";
  auto fourth = Reserve(v, a["sessions"][2]["id"], TestPhone(401));
  EXPECT_EQ(fourth.status, 201) << "another phone from the same address, 4th request";
  auto fifth = Reserve(v, a["sessions"][2]["id"], TestPhone(402));
  EXPECT_TRUE(IsError(fifth, 429, "rate_limited")) << "five a minute from one address";
  EXPECT_FALSE(fifth.Header("retry-after").empty());
}

// Issue 12: behind nginx one address is spread over every node, so the per-address limit is
// counted in PostgreSQL; each process counting its own would allow the limit once per node.
TEST(SharedReservationLimitTest, OneAddressSpreadOverTwoNodesGetsThePerAddressLimitOnce) {
  if (SelectedBackend() != Backend::kPostgres) GTEST_SKIP() << "SQLite is one machine: its limit is in memory";
  const ServerOptions options{{"--trust-proxy", "--reserve-rate-per-ip", "3", "--reserve-rate-per-phone", "0"}};
  TestServer first(options);
  TestServer second(first.shared_db(), options);
  HttpClient admin = first.LoginAs("admin");
  const int year = CreateFutureCampaign(admin);
  ASSERT_NE(year, 0);
  auto a = Publish(first.LoginAs("110108"), admin, year, ActivityBody(year, "跨节点限流", 50));
  ASSERT_FALSE(a.is_null());
  const std::string target = "/api/v1/public/sessions/" + a["sessions"][0]["id"].dump() + "/reservations";
  auto reserve = [&](const TestServer& node, const std::string& from, int n) {
    const nlohmann::json body{{"name", "访客"}, {"phone", TestPhone(900 + n)}, {"party_size", 1}};
    return node.Client().Send("POST", target, body.dump(), "application/json", {{"X-Forwarded-For", from}});
  };
  std::vector<int> statuses;
  for (int i = 0; i < 6; ++i) statuses.push_back(reserve(i % 2 ? second : first, "203.0.113.77", i).status);
  EXPECT_EQ(statuses, (std::vector<int>{201, 201, 201, 429, 429, 429})) << "three a minute, whichever node answers";
  auto other = reserve(second, "203.0.113.78", 10);
  EXPECT_EQ(other.status, 201) << "another address has its own count: " << other;
}

}  // namespace
}  // namespace sciweek::test
