// The check-in desk that survives the network (issue 11 §3, decision 0022), server side: the
// ticket list a desk keeps (no phones), scans sent back later and applied once at the time
// they were made, the earliest entry of a ticket being its check-in, and conflicts — a ticket
// in through two gates, or admitted offline after it was cancelled — reported and listed.
#include <ctime>

#include "support/activities.hpp"
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

// "YYYY-MM-DDTHH:MM:SSZ" of now minus `seconds_ago`.
std::string UtcAgo(long long seconds_ago) {
  const std::time_t t = std::time(nullptr) - seconds_ago;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class OfflineDeskTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    if (!server_) return;
    HttpClient admin = As("admin");
    year_ = CreateFutureCampaign(admin);
    for (const char* login : {"hd-desk-1", "hd-desk-2"}) {
      auto r = admin.Post("/api/v1/users", {{"login", login},
                                            {"name", "海淀检票"},
                                            {"role", "checkin"},
                                            {"org_code", "110108"},
                                            {"password", kDemoPassword}});
      if (r.status != 201) ADD_FAILURE() << r;
    }
  }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    ASSERT_NE(year_, 0);
  }
  // A published activity of 海淀区 with one session of 20 places: its session id.
  static long long NewSession(const std::string& title) {
    auto a = Publish(As("110108"), As("reviewer"), year_, ActivityBody(year_, title, 20));
    return a.is_null() ? 0 : a["sessions"][0]["id"].get<long long>();
  }
  static nlohmann::json ScanItem(const std::string& id, const std::string& code, long long session,
                                 long long seconds_ago, const std::string& direction = "in") {
    return {{"id", id},
            {"code", code},
            {"session_id", session},
            {"direction", direction},
            {"scanned_at", UtcAgo(seconds_ago)}};
  }
  static HttpResponse Sync(const std::string& login, const nlohmann::json& scans) {
    return As(login).Post("/api/v1/checkin/sync", {{"device", "gate-east-ipad"}, {"scans", scans}});
  }
  static nlohmann::json Counter(long long session) {
    return As("110108").Get("/api/v1/sessions/" + std::to_string(session) + "/counter").json();
  }
  static std::string Path(long long session, const std::string& what) {
    return "/api/v1/sessions/" + std::to_string(session) + "/" + what;
  }
  static inline int year_ = 0;
};

TEST_F(OfflineDeskTest, TheDeskListHasEveryTicketWithoutPhonesForTheVenueOnly) {
  const long long s = NewSession("离线检票·名单");
  ASSERT_NE(s, 0);
  HttpClient v = Anonymous();
  auto t1 = Reserve(v, s, TestPhone(9100), 2, "赵六").json();
  auto t2 = Reserve(v, s, TestPhone(9101)).json();
  ASSERT_EQ(CancelTicket(v, t2["code"], TestPhone(9101)).status, 204);

  auto r = As("hd-desk-1").Get(Path(s, "desk-list"));
  ASSERT_EQ(r.status, 200) << r;
  const auto list = r.json();
  EXPECT_EQ(list["session"]["id"], s);
  EXPECT_EQ(list["session"]["capacity"], 20);
  EXPECT_EQ(list["activity"]["title"], "离线检票·名单");
  EXPECT_FALSE(list["generated_at"].get<std::string>().empty());
  ASSERT_EQ(list["tickets"].size(), 2u);
  EXPECT_EQ(list["tickets"][0]["ticket_no"], t1["ticket_no"]);
  EXPECT_EQ(list["tickets"][0]["status"], "confirmed");
  EXPECT_TRUE(list["tickets"][0]["admits"].get<bool>());
  EXPECT_EQ(list["tickets"][0]["party_size"], 2);
  EXPECT_EQ(list["tickets"][0]["name"], "赵*");
  EXPECT_EQ(list["tickets"][1]["status"], "cancelled");
  EXPECT_FALSE(list["tickets"][1]["admits"].get<bool>());
  EXPECT_EQ(r.body.find(TestPhone(9100).substr(3)), std::string::npos) << "no phone, not even in part";

  EXPECT_TRUE(IsError(Anonymous().Get(Path(s, "desk-list")), 401, "unauthenticated"));
  EXPECT_TRUE(IsError(As("110101").Get(Path(s, "desk-list")), 404, "not_found")) << "another unit";
  EXPECT_TRUE(IsError(As("reviewer").Get(Path(s, "desk-list")), 403, "forbidden")) << "reviewers do not scan";
  EXPECT_TRUE(IsError(As("hd-desk-1").Get(Path(999999999, "desk-list")), 404, "not_found"));
}

TEST_F(OfflineDeskTest, ScansSentLaterCountOnceAtTheTimeTheyWereMade) {
  const long long s = NewSession("离线检票·补传");
  ASSERT_NE(s, 0);
  HttpClient v = Anonymous();
  auto a = Reserve(v, s, TestPhone(9200), 3).json();
  auto b = Reserve(v, s, TestPhone(9201), 1).json();
  const auto batch = nlohmann::json::array({ScanItem("desk1-0001-aaaa", a["code"], s, 1800),
                                            ScanItem("desk1-0002-aaaa", b["ticket_no"], s, 1700),
                                            ScanItem("desk1-0003-aaaa", b["code"], s, 600, "out")});
  auto r = Sync("hd-desk-1", batch);
  ASSERT_EQ(r.status, 200) << r;
  auto res = r.json()["results"];
  ASSERT_EQ(res.size(), 3u);
  for (const auto& x : res) {
    EXPECT_EQ(x["result"], "ok") << x;
    EXPECT_TRUE(x["conflict"].is_null()) << x;
    EXPECT_FALSE(x["replayed"].get<bool>());
  }
  EXPECT_EQ(res[0]["id"], "desk1-0001-aaaa");
  EXPECT_EQ(r.json()["conflicts"], 0);
  auto c = Counter(s);
  EXPECT_EQ(c["checked_in_people"], 4);
  EXPECT_EQ(c["occupancy"], 3) << "b went out again";

  // The check-in is dated when the desk scanned, not when the scan arrived.
  auto list = As("hd-desk-1").Get(Path(s, "desk-list")).json();
  const std::string at = list["tickets"][0]["checked_in_at"];
  EXPECT_EQ(at.substr(0, 13), [] {
    const std::time_t t = std::time(nullptr) - 1800 + 8 * 3600;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H", &tm);
    return std::string(buf);
  }()) << at;

  // The same batch again (the answer was lost on the way): answered from what was kept.
  auto again = Sync("hd-desk-1", batch);
  ASSERT_EQ(again.status, 200) << again;
  const auto replayed = again.json()["results"];  // kept: a loop over a temporary's member dangles
  for (const auto& x : replayed) {
    EXPECT_TRUE(x["replayed"].get<bool>()) << x;
    EXPECT_EQ(x["result"], "ok");
  }
  auto c2 = Counter(s);
  EXPECT_EQ(c2["checked_in_people"], 4);
  EXPECT_EQ(c2["occupancy"], 3) << "nothing applied twice";

  // Another account sending one of those ids gets nothing of it and changes nothing.
  auto clash = Sync("hd-desk-2", nlohmann::json::array({ScanItem("desk1-0001-aaaa", a["code"], s, 100)}));
  ASSERT_EQ(clash.status, 200) << clash;
  EXPECT_EQ(clash.json()["results"][0]["result"], "unknown");
  EXPECT_FALSE(clash.json()["results"][0]["replayed"].get<bool>());
  EXPECT_EQ(Counter(s)["occupancy"], 3);
}

TEST_F(OfflineDeskTest, TwoGatesAdmittingOneTicketIsAConflictAndTheEarliestEntryStands) {
  const long long s = NewSession("离线检票·两门");
  ASSERT_NE(s, 0);
  auto t = Reserve(Anonymous(), s, TestPhone(9300), 2).json();
  // The west gate, online, admits the ticket now.
  auto online = As("hd-desk-2").Post("/api/v1/checkin", {{"code", t["code"]}, {"session_id", s}});
  ASSERT_EQ(online.json()["result"], "ok") << online;
  // The east gate had admitted it offline 10 minutes earlier.
  auto r = Sync("hd-desk-1", nlohmann::json::array({ScanItem("east-0001-bbbb", t["code"], s, 600)}));
  ASSERT_EQ(r.status, 200) << r;
  auto x = r.json()["results"][0];
  EXPECT_EQ(x["result"], "already_checked_in");
  EXPECT_EQ(x["conflict"], "double_entry");
  EXPECT_EQ(x["other_by"], "hd-desk-2");
  EXPECT_FALSE(x["other_at"].is_null());
  EXPECT_EQ(x["checked_in_by"], "hd-desk-1") << "the earlier entry is the check-in";
  EXPECT_NE(x["message"].get<std::string>().find("本次扫码更早"), std::string::npos) << x;
  EXPECT_EQ(r.json()["conflicts"], 1);
  EXPECT_EQ(Counter(s)["checked_in_people"], 2) << "one ticket, counted once";
  EXPECT_EQ(Counter(s)["occupancy"], 2);

  auto conflicts = As("110108").Get(Path(s, "desk-conflicts"));
  ASSERT_EQ(conflicts.status, 200) << conflicts;
  ASSERT_EQ(conflicts.json()["items"].size(), 1u);
  const auto item = conflicts.json()["items"][0];
  EXPECT_EQ(item["conflict"], "double_entry");
  EXPECT_EQ(item["ticket_no"], t["ticket_no"]);
  EXPECT_EQ(item["by"], "hd-desk-1");
  EXPECT_EQ(item["device"], "gate-east-ipad");
  EXPECT_EQ(item["other_by"], "hd-desk-2");
  EXPECT_EQ(As("reviewer").Get(Path(s, "desk-conflicts")).status, 200) << "the organizer follows up";
  EXPECT_TRUE(IsError(As("110101").Get(Path(s, "desk-conflicts")), 404, "not_found"));
}

TEST_F(OfflineDeskTest, AdmittedOfflineButCancelledMeanwhileOrForgedIsReportedNotLost) {
  const long long s = NewSession("离线检票·已取消");
  ASSERT_NE(s, 0);
  HttpClient v = Anonymous();
  auto t = Reserve(v, s, TestPhone(9400)).json();
  ASSERT_EQ(CancelTicket(v, t["code"], TestPhone(9400)).status, 204);
  std::string forged = t["code"];
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  auto r = Sync("hd-desk-1", nlohmann::json::array({ScanItem("east-0101-cccc", t["code"], s, 300),
                                                    ScanItem("east-0102-cccc", forged, s, 200),
                                                    ScanItem("east-0103-cccc", t["code"], s, 100, "out")}));
  ASSERT_EQ(r.status, 200) << r;
  auto res = r.json()["results"];
  EXPECT_EQ(res[0]["result"], "cancelled");
  EXPECT_EQ(res[0]["conflict"], "not_admissible");
  EXPECT_EQ(res[1]["result"], "unknown");
  EXPECT_EQ(res[1]["conflict"], "not_admissible");
  EXPECT_TRUE(res[2]["conflict"].is_null()) << "letting someone out is never a conflict";
  EXPECT_EQ(Counter(s)["checked_in_people"], 0);
  auto items = As("110108").Get(Path(s, "desk-conflicts")).json()["items"];
  ASSERT_EQ(items.size(), 2u) << items;
  EXPECT_EQ(items[0]["scan_id"], "east-0102-cccc") << "newest first, listed under the desk's session";
  EXPECT_EQ(items[1]["result"], "cancelled");
}

TEST_F(OfflineDeskTest, BadBatchesAreRefusedWholeAndChangeNothing) {
  const long long s = NewSession("离线检票·坏数据");
  ASSERT_NE(s, 0);
  auto t = Reserve(Anonymous(), s, TestPhone(9500)).json();
  const auto good = ScanItem("bad-0001-dddd", t["code"], s, 60);
  auto with = [&](const char* key, const nlohmann::json& value) {
    auto item = good;
    item[key] = value;
    return Sync("hd-desk-1", nlohmann::json::array({good, item}));
  };
  for (const auto& [r, field] :
       std::vector<std::pair<HttpResponse, std::string>>{{with("id", "short"), "scans[1].id"},
                                                         {with("id", "has space in it"), "scans[1].id"},
                                                         {with("scanned_at", "yesterday"), "scans[1].scanned_at"},
                                                         {with("direction", "sideways"), "scans[1].direction"},
                                                         {with("session_id", "1"), "scans[1].session_id"},
                                                         {with("code", std::string(401, 'T')), "scans[1].code"},
                                                         {with("extra", 1), "scans[1].extra"}}) {
    EXPECT_TRUE(IsError(r, 422, "validation_failed")) << r;
    EXPECT_NE(r.body.find(field), std::string::npos) << field << ": " << r;
  }
  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 501; ++i) many.push_back(ScanItem("many-" + std::to_string(100000 + i), t["code"], s, 60));
  EXPECT_TRUE(IsError(Sync("hd-desk-1", many), 422, "validation_failed"));
  EXPECT_TRUE(IsError(As("hd-desk-1").Post("/api/v1/checkin/sync", {{"scans", nlohmann::json::array({good})}}), 422,
                      "validation_failed"))
      << "no device";
  EXPECT_TRUE(IsError(As("hd-desk-1")
                          .PostRaw("/api/v1/checkin/sync", "{\"device\":\"x\",\"scans\":" + std::string(100, '[') +
                                                               std::string(100, ']') + "}"),
                      400, "invalid_input"));
  EXPECT_TRUE(
      IsError(Anonymous().Post("/api/v1/checkin/sync", {{"device", "x"}, {"scans", nlohmann::json::array({good})}}),
              401, "unauthenticated"));
  EXPECT_TRUE(IsError(As("hd-desk-1").PostRaw("/api/v1/checkin/sync", "{\"device\":\"gate\xff\xfe\",\"scans\":[]}"),
                      400, "invalid_input"))
      << "bad UTF-8";
  EXPECT_EQ(Counter(s)["checked_in_people"], 0) << "none of it applied";
  EXPECT_EQ(As("110108").Get(Path(s, "desk-conflicts")).json()["items"].size(), 0u);
  // The good scan alone goes through.
  auto ok = Sync("hd-desk-1", nlohmann::json::array({good}));
  ASSERT_EQ(ok.status, 200) << ok;
  EXPECT_EQ(ok.json()["results"][0]["result"], "ok");
}

}  // namespace
}  // namespace sciweek::test
