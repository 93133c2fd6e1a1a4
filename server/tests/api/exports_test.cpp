// Exports (issue 3 §7, docs/api.md "Exports"), read back by readers we did not write: the
// unit's table in the attachment's own layout (2023年北京科技周活动开展情况统计表, 各区、各有关
// 部门（盖章）：, merged category cells), the campaign workbook (汇总 with the two-level header,
// subtotals per type and 合计; 填报情况), the CSV (BOM, one row per expected unit) and the
// print page (HTML-escaped). Works in the demo's 2023 campaign.
#include <set>

#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

constexpr int kYear = 2023;
const std::string kBase = "/api/v1/campaigns/2023";

class ExportsTest : public SharedServerTest {
 protected:
  // kjg files these figures and the reviewer approves them (once per suite).
  static const Figures& KjgFigures() {
    static Figures f;
    if (!filed_) {
      f.clear();
      filed_ = true;
      HttpClient c = As("kjg");
      fields_ = FormFields(c, kYear);
      long long n = 1;
      for (const auto& field : fields_) f[field.code] = field.decimal ? n * 111 + 1 : n * 100, ++n;
      f["municipal_activities"] = 100;  // ≤ activities_held
      auto r = SaveDraft(c, kYear, "kjg", FiguresJson(f, fields_));
      EXPECT_EQ(r.status, 200) << r;
      r = Submit(c, kYear, "kjg");
      EXPECT_EQ(r.status, 200) << r;
      r = As("reviewer").Post(ReportPath(kYear, "kjg", "/approve"), nlohmann::json::object());
      EXPECT_EQ(r.status, 200) << r;
    }
    return f;
  }

  static nlohmann::json Workbook(const HttpResponse& r) {
    TempDir tmp;
    WriteBytes(tmp.File("w.xlsx"), r.body);
    try {
      return ReadXlsx(tmp.File("w.xlsx"));
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
      return nlohmann::json::array();
    }
  }

  static void TearDownTestSuite() {
    filed_ = false;
    SharedServerTest::TearDownTestSuite();
  }

  static inline bool filed_ = false;
  static inline std::vector<FormFieldInfo> fields_;
};

TEST_F(ExportsTest, UnitWorkbookFollowsTheAttachmentLayout) {
  const Figures& f = KjgFigures();
  auto r = As("kjg").Get(ReportPath(kYear, "kjg", "/export.xlsx"));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.Header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(r.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos)
      << r.Header("content-disposition");
  auto wb = Workbook(r);
  ASSERT_EQ(wb.size(), 1u);
  const auto& rows = wb[0]["rows"];
  ASSERT_GE(rows.size(), 3 + fields_.size());
  EXPECT_EQ(rows[0][0], "2023年北京科技周活动开展情况统计表");
  EXPECT_EQ(rows[1][0], "各区、各有关部门（盖章）：中国科学技术馆");
  // One row per field in the form's order: category (merged down its rows), item, figure.
  size_t i = 0;
  for (size_t row = 0; row < rows.size() && i < fields_.size(); ++row) {
    const auto& cells = rows[row];
    if (cells.size() < 3 || !cells[2].is_number()) continue;
    const std::string item = cells[1].is_string() ? cells[1].get<std::string>() : cells[0].get<std::string>();
    EXPECT_NE(item.find(fields_[i].label), std::string::npos) << "row " << row << " should be " << fields_[i].label;
    EXPECT_EQ(Hundredths(cells[2]), f.at(fields_[i].code)) << fields_[i].code;
    ++i;
  }
  EXPECT_EQ(i, fields_.size()) << "a figure for every field";
  // The five fund items share one merged category cell, as on the attachment.
  std::set<std::string> merged(wb[0]["merged"].begin(), wb[0]["merged"].end());
  EXPECT_TRUE(merged.count("A6:A10")) << wb[0]["merged"];
  EXPECT_TRUE(merged.count("A1:C1")) << "the title spans the table";
}

TEST_F(ExportsTest, CampaignWorkbookHasTwoLevelHeaderSubtotalsAndTotal) {
  const Figures& f = KjgFigures();
  auto r = As("admin").Get(kBase + "/export.xlsx");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.Header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(r.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
  auto wb = Workbook(r);
  std::vector<std::string> titles;
  for (const auto& s : wb) titles.push_back(s["title"]);
  EXPECT_EQ(titles, (std::vector<std::string>{"汇总", "填报情况"}));
  ASSERT_FALSE(wb.empty());
  const auto& rows = wb[0]["rows"];
  std::set<std::string> merged(wb[0]["merged"].begin(), wb[0]["merged"].end());
  // Row 2 holds the categories, merged across their items in row 3 (G2:H2 for the two
  // activity items, I2:M2 for the five funds).
  EXPECT_TRUE(merged.count("G2:H2")) << wb[0]["merged"];
  EXPECT_TRUE(merged.count("I2:M2")) << wb[0]["merged"];
  ASSERT_GE(rows.size(), 4u);
  EXPECT_EQ(rows[1][8], "活动经费投入数量（单位：万元）");
  EXPECT_EQ(rows[2][8], "北京市财政经费投入情况（万元）");
  // kjg's row, its type's subtotal (the only filed 科普基地) and the total.
  bool unit_row = false, subtotal = false, total = false;
  for (const auto& row : rows) {
    if (row.size() < 6 + fields_.size()) continue;
    const bool is_unit = row[1] == "kjg";
    const bool is_sub = row[2] == "小计：科普基地";
    const bool is_total = row[2] == "合计";
    if (!is_unit && !is_sub && !is_total) continue;
    for (size_t k = 0; k < fields_.size(); ++k)
      EXPECT_EQ(Hundredths(row[6 + k]), f.at(fields_[k].code)) << row[1] << row[2] << " " << fields_[k].code;
    unit_row |= is_unit;
    subtotal |= is_sub;
    total |= is_total;
  }
  EXPECT_TRUE(unit_row && subtotal && total) << unit_row << subtotal << total;
}

TEST_F(ExportsTest, CsvHasBomAHeaderAndOneRowPerExpectedUnit) {
  const Figures& f = KjgFigures();
  auto r = As("reviewer").Get(kBase + "/export.csv");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_NE(r.Header("content-type").find("text/csv"), std::string::npos) << r.Header("content-type");
  EXPECT_NE(r.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
  ASSERT_EQ(r.body.rfind("\xEF\xBB\xBF", 0), 0u) << "no UTF-8 BOM";
  auto rows = ParseCsv(r.body.substr(3));
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "单位代码");
  std::set<std::string> codes;
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].size(), rows[0].size()) << "row " << i;
    EXPECT_TRUE(codes.insert(rows[i][0]).second) << rows[i][0] << " twice";
    if (rows[i][0] != "kjg") continue;
    for (size_t k = 0; k < fields_.size(); ++k)
      EXPECT_EQ(Hundredths(nlohmann::json(rows[i][5 + k])), f.at(fields_[k].code)) << fields_[k].code;
  }
  // 17 districts, 7 member units, 8 units under districts (and units other tests here add).
  size_t demo_units = 0;
  for (const auto& code : codes) demo_units += code.rfind("exp-", 0) != 0;
  EXPECT_EQ(demo_units, 32u);
  EXPECT_FALSE(codes.count("bjkw")) << "the organizer files no table";
}

TEST_F(ExportsTest, PrintPageIsHtmlWithTheTableAndEscapesTheUnitName) {
  const Figures& f = KjgFigures();
  auto r = As("kjg").Get(ReportPath(kYear, "kjg", "/print"));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_NE(r.Header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(r.body.find("中国科学技术馆"), std::string::npos);
  EXPECT_NE(r.body.find("2023年北京科技周活动开展情况统计表"), std::string::npos);
  EXPECT_NE(r.body.find("盖章"), std::string::npos) << "room for the seal";
  EXPECT_NE(r.body.find(">" + FormatHundredths(f.at("fund_municipal")) + "<"), std::string::npos)
      << "funds printed with two decimals";

  // A unit name with markup is printed as text.
  auto c = As("admin").Post("/api/v1/orgs",
                            OrgBody("exp-xss", "科普<script>alert(1)</script>&单位", "science_base", "110101"));
  ASSERT_EQ(c.status, 201) << c;
  r = As("admin").Get(ReportPath(kYear, "exp-xss", "/print"));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body.find("<script>alert(1)"), std::string::npos) << "unescaped markup in the print page";
  EXPECT_NE(r.body.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(ExportsTest, ExportsOfAnUnknownCampaignOrUnitAre404) {
  HttpClient a = As("admin");
  for (const std::string target :
       {"/api/v1/campaigns/1999/export.xlsx", "/api/v1/campaigns/1999/export.csv",
        "/api/v1/campaigns/1999/completeness.xlsx", "/api/v1/campaigns/1999/reports/kjg/export.xlsx",
        "/api/v1/campaigns/2023/reports/no-such-unit/export.xlsx",
        "/api/v1/campaigns/2023/reports/no-such-unit/print"}) {
    EXPECT_TRUE(IsError(a.Get(target), 404, "not_found")) << target;
  }
}

}  // namespace
}  // namespace sciweek::test
