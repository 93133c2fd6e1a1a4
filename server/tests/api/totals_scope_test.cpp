// Totals that count every figure once (issue 10 §3, docs/api.md "Oversight"): each unit
// files its own activities only (the form says so); a district's area (辖区合计) is its own
// report plus its subtree's; the city total counts each unit exactly once. A district of its
// own with two museums files figures of different magnitudes (1, 10, 100 per item), so any
// figure counted twice shows in the sums (112 instead of 111). Checked in the totals, the
// district reporter's view, the xlsx's 小计 rows (read back by openpyxl) and the print page.
#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

const std::string kDistrict = "own-dist";
const std::vector<std::string> kMuseums = {"own-mus-a", "own-mus-b"};

class TotalsScopeTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    if (!server_) return;
    HttpClient admin = As("admin");
    year_ = CreateOpenCampaign(admin).year;
    if (!year_) return;
    EXPECT_TRUE(AddUnitWithReporter(admin, kDistrict, "示范区", "district", ""));
    EXPECT_TRUE(AddUnitWithReporter(admin, kMuseums[0], "示范区甲博物馆", "science_base", kDistrict));
    EXPECT_TRUE(AddUnitWithReporter(admin, kMuseums[1], "示范区乙博物馆", "science_base", kDistrict));
    HttpClient probe = As(kDistrict);
    fields_ = FormFields(probe, year_);
    // The district files 1 of every item, the museums 10 and 100.
    long long scale = 100;  // hundredths
    for (const std::string& code : {kDistrict, kMuseums[0], kMuseums[1]}) {
      Figures f;
      for (const auto& field : fields_) f[field.code] = scale;
      filed_[code] = f;
      HttpClient c = As(code);
      auto r = SaveDraft(c, year_, code, FiguresJson(f, fields_));
      if (r.status != 200) ADD_FAILURE() << code << ": " << r;
      r = Submit(c, year_, code);
      if (r.status != 200) ADD_FAILURE() << code << ": " << r;
      scale *= 10;
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
    ASSERT_EQ(filed_.size(), 3u);
  }
  static std::string Totals(const std::string& query) {
    return "/api/v1/campaigns/" + std::to_string(year_) + "/totals?" + query;
  }
  // Every item at `hundredths`: the district files 100, the museums 1000 and 10000.
  static Figures All(long long hundredths) {
    Figures f;
    for (const auto& field : fields_) f[field.code] = hundredths;
    return f;
  }
  static ::testing::AssertionResult Are(const Figures& expected, const nlohmann::json& totals) {
    for (const auto& field : fields_) {
      if (!totals.contains(field.code)) return ::testing::AssertionFailure() << field.code << " missing in " << totals;
      auto v = Hundredths(totals[field.code]);
      if (!v || *v != expected.at(field.code))
        return ::testing::AssertionFailure() << field.code << ": " << totals[field.code] << ", expected "
                                             << FormatHundredths(expected.at(field.code));
    }
    return ::testing::AssertionSuccess();
  }

  static inline int year_ = 0;
  static inline std::vector<FormFieldInfo> fields_;
  static inline std::map<std::string, Figures> filed_;
};

TEST_F(TotalsScopeTest, TheFormTellsUnitsToFileTheirOwnActivitiesOnly) {
  auto r = As(kMuseums[0]).Get("/api/v1/campaigns/" + std::to_string(year_) + "/form");
  ASSERT_EQ(r.status, 200) << r;
  const std::string text = r.json().value("instructions", "");
  EXPECT_NE(text.find("只填报本单位"), std::string::npos) << text;
  EXPECT_NE(text.find("重复统计"), std::string::npos) << text;
}

TEST_F(TotalsScopeTest, CityTotalCountsTheDistrictAndEachMuseumOnce) {
  // No other unit filed in this campaign: the city is exactly these three.
  auto r = As("reviewer").Get(Totals("status=submitted&group_by=none"));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["units"], 3);
  EXPECT_TRUE(Are(All(11100), r.json()["totals"])) << "city total = 1 + 10 + 100 per item";
  EXPECT_TRUE(r.json()["scope"].is_null());
  EXPECT_TRUE(r.json()["own"].is_null()) << "the city has no report of its own";
  // Grouped by type, the museums and the district are still counted once each.
  r = As("reviewer").Get(Totals("status=submitted&group_by=type"));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(Are(All(11100), r.json()["totals"]));
  const auto by_type = r.json();  // kept alive: a range-for over r.json()["groups"] reads freed memory (ASan)
  for (const auto& g : by_type["groups"]) {
    if (g["key"] == "district") {
      EXPECT_TRUE(Are(All(100), g["totals"])) << g;
    } else if (g["key"] == "science_base") {
      EXPECT_TRUE(Are(All(11000), g["totals"])) << g;
    }
  }
}

TEST_F(TotalsScopeTest, ADistrictGroupShowsItsAreaAndItsOwnReportApart) {
  auto r = As("admin").Get(Totals("status=submitted&group_by=district"));
  ASSERT_EQ(r.status, 200) << r;
  const auto t = r.json();
  EXPECT_TRUE(Are(All(11100), t["totals"]));
  ASSERT_EQ(t["groups"].size(), 1u) << t["groups"];
  const auto& g = t["groups"][0];
  EXPECT_EQ(g["key"], kDistrict);
  EXPECT_EQ(g["name"], "示范区");
  EXPECT_EQ(g["units"], 3);
  EXPECT_TRUE(Are(All(11100), g["totals"])) << "area = own + both museums";
  ASSERT_TRUE(g["own"].is_object()) << g;
  EXPECT_EQ(g["own"]["units"], 1);
  EXPECT_TRUE(Are(All(100), g["own"]["totals"])) << "本单位: the district's own report only";
  // Only approved reports: none yet, so the district's own report does not count either.
  r = As("admin").Get(Totals("status=approved&group_by=district"));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["units"], 0);
  EXPECT_TRUE(r.json()["groups"].empty()) << r.json()["groups"];
}

TEST_F(TotalsScopeTest, TheDistrictReporterSeesItsAreaAndItsOwnFigures) {
  auto r = As(kDistrict).Get(Totals("status=submitted&group_by=none"));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["scope"], kDistrict);
  EXPECT_EQ(r.json()["units"], 3);
  EXPECT_TRUE(Are(All(11100), r.json()["totals"])) << "辖区合计";
  ASSERT_TRUE(r.json()["own"].is_object()) << r;
  EXPECT_EQ(r.json()["own"]["units"], 1);
  EXPECT_TRUE(Are(All(100), r.json()["own"]["totals"])) << "本单位";
  // A museum's scope is itself: area and own are the same single report.
  r = As(kMuseums[1]).Get(Totals("status=submitted&group_by=none"));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["units"], 1);
  EXPECT_TRUE(Are(All(10000), r.json()["totals"]));
  EXPECT_TRUE(Are(All(10000), r.json()["own"]["totals"]));
}

TEST_F(TotalsScopeTest, TheWorkbookHasTheDistrictsAreaAndOwnSubtotalsAndATotalCountingEachUnitOnce) {
  auto r = As(kDistrict).Get("/api/v1/campaigns/" + std::to_string(year_) + "/export.xlsx");
  ASSERT_EQ(r.status, 200) << r;
  TempDir tmp;
  WriteBytes(tmp.File("w.xlsx"), r.body);
  nlohmann::json wb;
  try {
    wb = ReadXlsx(tmp.File("w.xlsx"));
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  const auto rows = SheetRows(wb, "汇总");
  // The district's own export: its three units, then its area, its own figures and 合计.
  std::map<std::string, Figures> labelled;
  int unit_rows = 0;
  for (const auto& row : rows) {
    if (row.size() < 6 + fields_.size()) continue;
    if (row[1].is_string() && (row[1] == kDistrict || row[1] == kMuseums[0] || row[1] == kMuseums[1])) ++unit_rows;
    if (!row[2].is_string()) continue;
    Figures f;
    for (size_t k = 0; k < fields_.size(); ++k)
      if (auto v = Hundredths(row[6 + k])) f[fields_[k].code] = *v;
    EXPECT_TRUE(labelled.emplace(row[2].get<std::string>(), f).second) << "row " << row[2] << " twice";
  }
  EXPECT_EQ(unit_rows, 3) << "each unit has one row";
  ASSERT_TRUE(labelled.count("小计：示范区（辖区合计）")) << rows;
  EXPECT_EQ(labelled["小计：示范区（辖区合计）"], All(11100));
  ASSERT_TRUE(labelled.count("其中：示范区（本单位）")) << rows;
  EXPECT_EQ(labelled["其中：示范区（本单位）"], All(100));
  ASSERT_TRUE(labelled.count("合计"));
  EXPECT_EQ(labelled["合计"], All(11100));
  // Per type, too: the two museums (科普基地) and the district (区).
  EXPECT_EQ(labelled["小计：科普基地"], All(11000));
  EXPECT_EQ(labelled["小计：区"], All(100));
}

TEST_F(TotalsScopeTest, ThePrintPageSaysTheTableHoldsTheUnitsOwnFigures) {
  auto r = As(kMuseums[0]).Get(ReportPath(year_, kMuseums[0], "/print"));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_NE(r.body.find("（本单位数据）"), std::string::npos);
  EXPECT_NE(r.body.find("只填报本单位"), std::string::npos) << "the form's instructions are printed";
  EXPECT_EQ(r.body.find("num area"), std::string::npos) << "no unit reports under a museum: no area column";
  EXPECT_EQ(r.body.find("<thead>"), std::string::npos);
}

// A district stamps its own figures and its area's: every item's own cell holds the
// district's 1 and its area cell 111 (1 + 10 + 100, each unit once), whatever its format.
TEST_F(TotalsScopeTest, ADistrictsPrintPageSetsItsAreaBesideItsOwnFigures) {
  for (const std::string& viewer : {kDistrict, std::string("admin")}) {
    auto r = As(viewer).Get(ReportPath(year_, kDistrict, "/print"));
    ASSERT_EQ(r.status, 200) << r;
    EXPECT_NE(r.body.find("（本单位数据及辖区合计）"), std::string::npos);
    EXPECT_NE(r.body.find("<th scope=\"col\">辖区合计</th>"), std::string::npos);
    EXPECT_NE(r.body.find("共 3 家单位"), std::string::npos);
    const std::string own_cell = "<td class=\"num\">", area_cell = "<td class=\"num area\">";
    size_t rows = 0;
    for (size_t at = r.body.find(own_cell); at != std::string::npos; at = r.body.find(own_cell, at + 1)) {
      const size_t own_end = r.body.find("</td>", at);
      const std::string own = r.body.substr(at + own_cell.size(), own_end - at - own_cell.size());
      ASSERT_EQ(r.body.compare(own_end + 5, area_cell.size(), area_cell), 0) << "row " << rows << " has no area cell";
      const size_t area_at = own_end + 5 + area_cell.size();
      const std::string area = r.body.substr(area_at, r.body.find("</td>", area_at) - area_at);
      EXPECT_TRUE(own == "1" || own == "1.00") << "row " << rows << ": " << own;
      EXPECT_TRUE(area == "111" || area == "111.00") << "row " << rows << ": " << area;
      ++rows;
    }
    EXPECT_EQ(rows, fields_.size()) << "one row per item of the form";
  }
}

}  // namespace
}  // namespace sciweek::test
