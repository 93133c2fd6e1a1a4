// `sciweek demo` shows a living season (issue 10 §1): this year's campaign with its week a
// few days ahead, published activities open for reservation now (a visitor's reservation
// succeeds), reports in every state with materials and a chase log, totals with last year's
// reference beside them, and a past session with check-ins whose suggested figures are real.
#include <ctime>

#include "support/activities.hpp"
#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

class DemoSeasonTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    try {
      ServerOptions o;
      o.living_season = true;
      server_ = std::make_unique<TestServer>(o);
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }

 protected:
  // The one campaign whose week has not begun: the season the demo added.
  static nlohmann::json Season() {
    const std::string today = ShanghaiDate(std::time(nullptr));
    const auto all = As("admin").Get("/api/v1/campaigns").json();
    for (const auto& c : all["items"])
      if (c["start_date"].get<std::string>() > today) return c;
    return nullptr;
  }
  static std::string Year() { return std::to_string(Season()["year"].get<int>()); }
  static nlohmann::json Report(const std::string& org) {
    return As("reviewer").Get("/api/v1/campaigns/" + Year() + "/reports/" + org).json();
  }
};

TEST_F(DemoSeasonTest, TheCurrentCampaignIsOpenWithItsWeekAFewDaysAhead) {
  const auto c = Season();
  ASSERT_FALSE(c.is_null()) << "no campaign with its week ahead: " << As("admin").Get("/api/v1/campaigns");
  const std::time_t now = std::time(nullptr);
  const std::string start = c["start_date"], end = c["end_date"];
  EXPECT_EQ(c["status"], "open");
  EXPECT_GE(start, ShanghaiDate(now + 3 * 86400)) << "starts a few days after today";
  EXPECT_LE(start, ShanghaiDate(now + 9 * 86400));
  EXPECT_EQ(start.substr(0, 4), std::to_string(c["year"].get<int>())) << "inside its year";
  EXPECT_EQ(end.substr(0, 4), start.substr(0, 4)) << "inside its year";
  EXPECT_GT(end, start);
}

TEST_F(DemoSeasonTest, PublishedActivitiesAcrossDistrictsTakeAPublicReservationNow) {
  HttpClient v = Anonymous();
  auto list = v.Get("/api/v1/public/activities?campaign=" + Year() + "&limit=100");
  ASSERT_EQ(list.status, 200) << list;
  std::set<std::string> districts, categories;
  long long first_come = 0;
  int lotteries = 0;
  bool online = false, co_organized = false;
  const auto items = list.json()["items"];
  for (const auto& item : items) {
    districts.insert(item["district"]["code"].get<std::string>());
    categories.insert(item["category"].get<std::string>());
    online |= item["mode"] == "online";
    auto d = v.Get("/api/v1/public/activities/" + std::to_string(item["id"].get<long long>())).json();
    for (const auto& s : d["sessions"]) {
      if (s["high_demand"] == true && !s["lottery_cutoff"].is_null()) ++lotteries;
      else if (!first_come && s["remaining"].get<long long>() > 0) first_come = s["id"].get<long long>();
    }
    auto staff = As("admin").Get("/api/v1/activities/" + std::to_string(item["id"].get<long long>())).json();
    co_organized |= item["category"] == "分会场活动" && staff["co_organizers"].size() >= 2;
  }
  EXPECT_GE(districts.size(), 5u);
  EXPECT_GE(categories.size(), 5u);
  EXPECT_GE(lotteries, 2) << "a few high-demand sessions with a lottery";
  EXPECT_TRUE(online) << "one online activity";
  EXPECT_TRUE(co_organized) << "one sub-venue activity with co-organizers";
  ASSERT_GT(first_come, 0);
  auto r = Reserve(v, first_come, "13912340001", 2, "李明");
  EXPECT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.json()["status"], "confirmed") << r;
}

TEST_F(DemoSeasonTest, TheLargeEventWasPublishedWithItsEmergencyPlan) {
  auto list = As("admin").Get("/api/v1/campaigns/" + Year() + "/activities?status=approved&limit=100").json();
  int large = 0;
  for (const auto& a : list["items"]) {
    long long places = 0;
    for (const auto& s : a["sessions"]) places += s["capacity"].get<long long>();
    if (a["mode"] == "online" || places < 500) continue;
    ++large;
    auto full = As("admin").Get("/api/v1/activities/" + std::to_string(a["id"].get<long long>())).json();
    bool plan = false;
    for (const auto& f : full["files"]) plan |= f["kind"] == "emergency_plan";
    EXPECT_TRUE(plan) << full["title"];
  }
  EXPECT_GE(large, 1);
}

// Issue 10 §2: the season's tables go through two levels, with 海淀区's reviewer at the
// district level and items at each level.
TEST_F(DemoSeasonTest, TablesAreReviewedAtTwoLevelsWithItemsAtEachLevel) {
  EXPECT_EQ(Season()["report_review_levels"], 2);
  const auto counts = As("reviewer").Get("/api/v1/campaigns/" + Year() + "/completeness").json()["counts"];
  EXPECT_GT(counts["at_district"].get<long long>(), 0) << counts;
  EXPECT_GT(counts["at_city"].get<long long>(), 0) << counts;
  EXPECT_EQ(Report("kjg")["review"]["level"], "district");
  HttpClient district = As("haidian-reviewer");
  const auto forwarded = district.Get("/api/v1/campaigns/" + Year() + "/reports/tsinghua/history").json();
  ASSERT_FALSE(forwarded["items"].empty()) << forwarded;
  const auto d = forwarded["items"].back()["decisions"];
  ASSERT_EQ(d.size(), 2u) << d;
  EXPECT_EQ(d[0]["level"], "district");
  EXPECT_EQ(d[0]["action"], "forwarded");
  EXPECT_EQ(d[0]["by"], "haidian-reviewer");
  EXPECT_EQ(d[1]["action"], "approved");
  const auto returned = district.Get("/api/v1/campaigns/" + Year() + "/reports/iop").json();
  EXPECT_EQ(returned["status"], "returned");
  EXPECT_FALSE(returned["comments"]["fields"].empty());
  EXPECT_EQ(district.Get("/api/v1/campaigns/" + Year() + "/reports/kjg").status, 404) << "朝阳区's unit";
}

TEST_F(DemoSeasonTest, ReportsAreInEveryStateWithMaterialsAndAChaseLog) {
  auto r = As("reviewer").Get("/api/v1/campaigns/" + Year() + "/completeness");
  ASSERT_EQ(r.status, 200) << r;
  const auto counts = r.json()["counts"];
  for (const char* k :
       {"not_started", "draft", "submitted_on_time", "submitted_late", "returned", "approved", "complete"})
    EXPECT_GT(counts[k].get<long long>(), 0) << k << " in " << counts;
  int chased = 0;
  const auto units = r.json()["units"];
  for (const auto& u : units) chased += u["reminders"].get<int>() > 0;
  EXPECT_GT(chased, 0) << "the chase log";

  EXPECT_EQ(Report("110101")["status"], "draft");
  const auto returned = Report("110105");
  EXPECT_EQ(returned["status"], "returned");
  EXPECT_FALSE(returned["comments"]["fields"]["participants_offline"].get<std::string>().empty())
      << "reasons per field";
  const auto late = Report("110112");
  EXPECT_EQ(late["status"], "submitted");
  EXPECT_EQ(late["on_time"], false);
  const auto extended = Report("110106");
  EXPECT_FALSE(extended["extension"].is_null());
  EXPECT_EQ(extended["on_time"], true);
  EXPECT_GT(extended["submitted_at"].get<std::string>(), Season()["report_deadline"].get<std::string>())
      << "filed after the common deadline, within its extension";
  const auto approved = Report("110108");
  EXPECT_EQ(approved["status"], "approved");
  EXPECT_EQ(approved["complete"], true);
  EXPECT_FALSE(approved["materials"].empty());
  EXPECT_FALSE(approved["media_reports"].empty());
}

TEST_F(DemoSeasonTest, TotalsShowThisYearBesideLastYearsReference) {
  auto r =
      As("reviewer").Get("/api/v1/campaigns/" + Year() + "/totals?status=approved&group_by=district&compare=previous");
  ASSERT_EQ(r.status, 200) << r;
  const auto t = r.json();
  EXPECT_GT(t["totals"]["participants_offline"].get<double>(), 0);
  EXPECT_GE(t["groups"].size(), 2u);
  ASSERT_FALSE(t["previous"].is_null());
  EXPECT_EQ(t["previous"]["year"], 2023);
  EXPECT_GT(t["previous"]["units"].get<long long>(), 0);
  EXPECT_GT(t["previous"]["totals"]["participants_offline"].get<double>(), 0);
  auto x = As("reviewer").Get("/api/v1/campaigns/" + Year() + "/export.xlsx");
  EXPECT_EQ(x.status, 200);
}

TEST_F(DemoSeasonTest, APastSessionWithCheckInsSuggestsFigures) {
  auto r = As("110108").Get("/api/v1/campaigns/2023/reports/110108/suggestions");
  ASSERT_EQ(r.status, 200) << r;
  const auto s = r.json();
  EXPECT_GT(s["participants_offline"]["checked_in_people"].get<long long>(), 0) << s;
  EXPECT_GT(s["participants_offline"]["value"].get<long long>(), 0) << s;
  EXPECT_GT(s["activities_held"]["value"].get<long long>(), 0) << s;
}

TEST_F(DemoSeasonTest, RunningDemoAgainAddsNothing) {
  HttpClient a = As("admin");
  const std::string activities = "/api/v1/campaigns/" + Year() + "/activities?limit=1";
  const long long before = Total(a, activities);
  const auto counts = a.Get("/api/v1/campaigns/" + Year() + "/completeness").json()["counts"];
  auto r = RunSciweek({"demo", "--db", server().db().url(), "--data-dir", server().db().dir() + "/data"}, "",
                      {{"SCIWEEK_DEMO_PASSWORD", kDemoPassword}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("season"), std::string::npos) << r.out;
  EXPECT_EQ(Total(a, activities), before);
  EXPECT_EQ(a.Get("/api/v1/campaigns/" + Year() + "/completeness").json()["counts"], counts);
}

}  // namespace
}  // namespace sciweek::test
