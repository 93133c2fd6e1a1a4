// Totals of any chosen years side by side (issue 10 §7, docs/api.md "Oversight"):
// GET …/totals?compare=2023,2024 sets each chosen campaign — its edition and dates with it —
// beside the requested one, summed and grouped the same way (per item and per district).
// kjg (中国科学技术馆, under 朝阳区 110105) files in 2023 and in this year's campaign; a 2024
// campaign exists with no report. Bad lists are refused with a Chinese message naming
// `compare`; a year without a campaign is not found, naming the year.
#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

constexpr const char* kUnit = "kjg";
constexpr const char* kUnitDistrict = "110105";

class TotalsCompareTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    if (!server_) return;
    HttpClient admin = As("admin");
    auto r = admin.Post("/api/v1/campaigns", {{"year", 2024},
                                              {"edition", 30},
                                              {"name", "2024年北京科技周"},
                                              {"theme", "科技创新 引领未来"},
                                              {"start_date", "2024-05-18"},
                                              {"end_date", "2024-05-26"},
                                              {"report_deadline", "2024-06-12T18:00:00+08:00"},
                                              {"contacts", {{{"name", "栗英轩"}, {"phone", "55577988"}}}},
                                              {"contact_email", "kjz@example.cn"},
                                              {"mailing_address", "海淀区阜成路73号"}});
    if (r.status != 201) ADD_FAILURE() << r;
    year_ = CreateOpenCampaign(admin).year;
    if (!year_) return;
    HttpClient unit = As(kUnit);
    for (auto [year, each] : {std::pair{2023, 500LL}, std::pair{year_, 700LL}}) {
      const auto fields = FormFields(unit, year);
      Figures f;
      for (const auto& field : fields) f[field.code] = each;
      filed_[year] = f;
      r = SaveDraft(unit, year, kUnit, FiguresJson(f, fields));
      if (r.status != 200) ADD_FAILURE() << year << ": " << r;
      r = Submit(unit, year, kUnit, nlohmann::json::object());
      if (r.status != 200) ADD_FAILURE() << year << ": " << r;
    }
  }
  static void TearDownTestSuite() {
    year_ = 0;
    filed_.clear();
    SharedServerTest::TearDownTestSuite();
  }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    ASSERT_NE(year_, 0);
    ASSERT_EQ(filed_.size(), 2u);
  }
  static HttpResponse Get(const std::string& query, const std::string& login = "reviewer") {
    return As(login).Get("/api/v1/campaigns/" + std::to_string(year_) + "/totals?status=submitted&" + query);
  }
  static ::testing::AssertionResult Are(const Figures& expected, const nlohmann::json& totals) {
    for (const auto& [code, v] : expected) {
      auto got = totals.contains(code) ? Hundredths(totals[code]) : std::nullopt;
      if (!got || *got != v)
        return ::testing::AssertionFailure()
               << code << ": " << totals.value(code, nlohmann::json()) << ", expected " << FormatHundredths(v);
    }
    return ::testing::AssertionSuccess();
  }
  static Figures Zero(const Figures& like) {
    Figures z = like;
    for (auto& [code, v] : z) v = 0;
    return z;
  }

  static inline int year_ = 0;
  static inline std::map<int, Figures> filed_;
};

TEST_F(TotalsCompareTest, ChosenYearsStandBesideThisYearWithTheirEditionAndDates) {
  auto r = Get("group_by=none&compare=2024,2023");
  ASSERT_EQ(r.status, 200) << r;
  const auto t = r.json();
  EXPECT_EQ(t["campaign"]["year"], year_);
  EXPECT_EQ(t["campaign"]["edition"], year_ - 1994);
  EXPECT_TRUE(t["campaign"]["start_date"].is_string());
  EXPECT_EQ(t["units"], 1);
  EXPECT_TRUE(Are(filed_[year_], t["totals"]));
  ASSERT_EQ(t["comparisons"].size(), 2u) << t["comparisons"];
  const auto& y2023 = t["comparisons"][0];  // oldest first, whatever order was asked
  EXPECT_EQ(y2023["year"], 2023);
  EXPECT_EQ(y2023["edition"], 29);
  EXPECT_EQ(y2023["start_date"], "2023-05-20");
  EXPECT_EQ(y2023["end_date"], "2023-05-31");
  EXPECT_EQ(y2023["units"], 1);
  EXPECT_TRUE(Are(filed_[2023], y2023["totals"]));
  const auto& y2024 = t["comparisons"][1];
  EXPECT_EQ(y2024["year"], 2024);
  EXPECT_EQ(y2024["edition"], 30);
  EXPECT_EQ(y2024["start_date"], "2024-05-18");
  EXPECT_EQ(y2024["units"], 0);
  EXPECT_TRUE(Are(Zero(filed_[2023]), y2024["totals"])) << "a year with no report is all zeros, not missing";
  EXPECT_TRUE(t["previous"].is_null()) << "previous belongs to compare=previous";
}

TEST_F(TotalsCompareTest, ComparedYearsAreGroupedPerDistrictLikeThisYear) {
  auto r = Get("group_by=district&compare=2023");
  ASSERT_EQ(r.status, 200) << r;
  const auto t = r.json();
  auto district = [&](const nlohmann::json& groups) {
    for (const auto& g : groups)
      if (g["key"] == kUnitDistrict) return g;
    return nlohmann::json();
  };
  const auto now = district(t["groups"]);
  ASSERT_TRUE(now.is_object()) << t["groups"];
  EXPECT_TRUE(Are(filed_[year_], now["totals"]));
  ASSERT_EQ(t["comparisons"].size(), 1u);
  const auto then = district(t["comparisons"][0]["groups"]);
  ASSERT_TRUE(then.is_object()) << t["comparisons"][0];
  EXPECT_EQ(then["name"], now["name"]);
  EXPECT_EQ(then["units"], 1);
  EXPECT_TRUE(Are(filed_[2023], then["totals"]));
  EXPECT_EQ(then["own"]["units"], 0) << "朝阳区 itself did not file in 2023";
}

TEST_F(TotalsCompareTest, PreviousStillMeansTheCampaignBefore) {
  auto r = Get("group_by=none&compare=previous");
  ASSERT_EQ(r.status, 200) << r;
  const auto t = r.json();
  ASSERT_TRUE(t["previous"].is_object()) << t;
  EXPECT_EQ(t["previous"]["year"], 2024);
  EXPECT_EQ(t["previous"]["units"], 0);
  ASSERT_EQ(t["comparisons"].size(), 1u);
  EXPECT_EQ(t["comparisons"][0]["year"], 2024);
  EXPECT_EQ(t["comparisons"][0]["edition"], 30);
}

TEST_F(TotalsCompareTest, AReporterComparesItsOwnSubtreeOnly) {
  auto r = Get("group_by=none&compare=2023", "110101");  // 东城区: kjg is not under it
  ASSERT_EQ(r.status, 200) << r;
  ASSERT_EQ(r.json()["comparisons"].size(), 1u);
  EXPECT_EQ(r.json()["comparisons"][0]["units"], 0);
  r = Get("group_by=none&compare=2023", kUnitDistrict);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(Are(filed_[2023], r.json()["comparisons"][0]["totals"]));
}

TEST_F(TotalsCompareTest, BadYearListsAreRefusedNamingCompare) {
  for (const std::string bad :
       {"abc", "2023,", ",2023", "2023,,2024", "20231", "2023;2024", "2023,2023", "1999", "2101", "%2B2023", "2023%20",
        "2015,2016,2017,2018,2019,2020,2021,2022,2023,2024,2025", "previous,2023", "PREVIOUS", "-2023"}) {
    SCOPED_TRACE(bad);
    auto r = Get("group_by=none&compare=" + bad);
    EXPECT_TRUE(IsError(r, 400, "invalid_input")) << r;
    if (r.status == 400) {
      EXPECT_EQ(r.json()["error"]["field"], "compare");
    }
  }
}

TEST_F(TotalsCompareTest, AYearWithoutACampaignIsNotFoundByName) {
  auto r = Get("group_by=none&compare=2023,2019");
  EXPECT_TRUE(IsError(r, 404, "not_found")) << r;
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("2019"), std::string::npos) << r;
  EXPECT_EQ(r.json()["error"]["field"], "compare");
}

}  // namespace
}  // namespace sciweek::test
