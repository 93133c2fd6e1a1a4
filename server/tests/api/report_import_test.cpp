// Importing the statistics table from a spreadsheet (issue 10 §5). The browser reads the
// xlsx into a grid of cells; here the grid is what openpyxl reads from the server's own
// exports (the per-unit table and a district's summary), so these tests are the round trip:
// export → edit cells → dry run (per-cell problems: unknown or foreign unit, not a number,
// hard rules, locked report, duplicates) → apply as drafts the units then review and submit.
#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

using nlohmann::json;

const std::string kDistrict = "imp-d", kA = "imp-a", kB = "imp-b", kLocked = "imp-c", kForeign = "imp-x";

class ReportImportTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    if (!server_) return;
    HttpClient admin = As("admin");
    year_ = CreateOpenCampaign(admin).year;
    if (!year_) return;
    for (const auto& [code, name, type, parent] :
         std::vector<std::tuple<std::string, std::string, std::string, std::string>>{
             {kDistrict, "导入测试区", "district", ""},
             {kA, "导入测试科技馆", "science_base", kDistrict},
             {kB, "导入测试研究所", "institute", kDistrict},
             {kLocked, "导入测试已提交单位", "science_base", kDistrict},
             {"imp-e", "另一个区", "district", ""},
             {kForeign, "别区的单位", "science_base", "imp-e"}})
      EXPECT_TRUE(AddUnitWithReporter(admin, code, name, type, parent));
    HttpClient probe = As(kA);
    fields_ = FormFields(probe, year_);
    // One unit has filed already: an import must not overwrite it.
    Figures f;
    for (const auto& field : fields_) f[field.code] = 100;
    HttpClient c = As(kLocked);
    EXPECT_EQ(SaveDraft(c, year_, kLocked, FiguresJson(f, fields_)).status, 200);
    EXPECT_EQ(Submit(c, year_, kLocked).status, 200);
  }

 protected:
  static std::string Import(const std::string& mode) {
    return "/api/v1/campaigns/" + std::to_string(year_) + "/report-import?mode=" + mode;
  }
  // The workbook of a download as openpyxl reads it, as the import's grid.
  static json Grid(const HttpResponse& r) {
    EXPECT_EQ(r.status, 200) << r;
    TempDir tmp;
    WriteBytes(tmp.File("w.xlsx"), r.body);
    json sheets = json::array();
    try {
      for (const auto& s : ReadXlsx(tmp.File("w.xlsx"))) sheets.push_back({{"name", s["title"]}, {"rows", s["rows"]}});
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
    }
    return {{"sheets", sheets}};
  }
  static std::string Header(const std::string& code) {
    for (const auto& f : fields_)
      if (f.code == code) return f.unit.empty() ? f.label : f.label + "（" + f.unit + "）";
    ADD_FAILURE() << "no field " << code;
    return {};
  }
  // In the summary sheet: the row of unit `code` and the column of field `field`.
  static void SetSummaryCell(json& grid, const std::string& code, const std::string& field, const json& value) {
    auto& rows = grid["sheets"][0]["rows"];
    int code_col = -1, header = -1;
    for (size_t r = 0; r < rows.size() && header < 0; ++r)
      for (size_t c = 0; c < rows[r].size(); ++c)
        if (rows[r][c] == "单位代码") header = static_cast<int>(r), code_col = static_cast<int>(c);
    ASSERT_GE(header, 0) << grid.dump();
    int col = -1;
    for (int h = header; h <= header + 1; ++h)
      for (size_t c = 0; c < rows[h].size(); ++c)
        if (rows[h][c] == Header(field)) col = static_cast<int>(c);
    ASSERT_GE(col, 0) << "no column " << Header(field);
    for (auto& row : rows)
      if (row.size() > static_cast<size_t>(code_col) && row[code_col] == code) {
        while (row.size() <= static_cast<size_t>(col)) row.push_back(nullptr);
        row[col] = value;
        return;
      }
    ADD_FAILURE() << "no row for " << code;
  }
  static json Report(const std::string& code) { return As(code).Get(ReportPath(year_, code)).json(); }
  static std::set<std::string> ProblemCodes(const json& outcome) {
    std::set<std::string> out;
    for (const auto& p : outcome["problems"])
      out.insert(p["code"].get<std::string>() + "@" + p["unit"].get<std::string>());
    return out;
  }

  static inline int year_ = 0;
  static inline std::vector<FormFieldInfo> fields_;
};

TEST_F(ReportImportTest, AUnitsOwnTableRoundTripsAndAnEditedCellBecomesItsDraft) {
  ASSERT_NE(year_, 0);
  HttpClient a = As(kA);
  Figures f;
  long long n = 1;
  for (const auto& field : fields_) f[field.code] = field.decimal ? n * 111 : n * 100, ++n;
  f["municipal_activities"] = 100;  // ≤ activities_held
  ASSERT_EQ(SaveDraft(a, year_, kA, FiguresJson(f, fields_)).status, 200);
  const int version = Report(kA)["version"];

  // Downloaded and sent back unchanged: every figure is found, none differs.
  auto grid = Grid(a.Get(ReportPath(year_, kA, "/export.xlsx")));
  auto r = a.Post(Import("dry_run") + "&org=" + kA, grid);
  ASSERT_EQ(r.status, 200) << r;
  ASSERT_EQ(r.json()["units"].size(), 1u) << r;
  EXPECT_EQ(r.json()["units"][0]["code"], kA);
  EXPECT_EQ(r.json()["units"][0]["figures"], static_cast<int>(fields_.size()));
  EXPECT_EQ(r.json()["units"][0]["changed"], 0);
  EXPECT_TRUE(r.json()["problems"].empty()) << r;
  EXPECT_FALSE(r.json()["applied"]);

  // One figure changed in the file (the 数量 column, on the row of 举办活动次数).
  for (auto& row : grid["sheets"][0]["rows"])
    if (row.size() >= 3 && row[1] == Header("activities_held")) row[2] = 4321;
  r = a.Post(Import("dry_run") + "&org=" + kA, grid);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["units"][0]["changed"], 1);
  EXPECT_EQ(Report(kA)["version"], version) << "a dry run changes nothing";
  r = a.Post(Import("apply") + "&org=" + kA, grid);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(r.json()["applied"]);
  const auto after = Report(kA);
  EXPECT_EQ(after["status"], "draft");
  EXPECT_EQ(after["version"], version + 1);
  auto expected = f;
  expected["activities_held"] = 432100;
  EXPECT_EQ(FiguresOf(after["values"]), expected);
  auto audit = As("admin").Get("/api/v1/audit?action=report.imported&entity_id=" + std::to_string(year_) + "/" + kA);
  EXPECT_EQ(audit.json()["total"], 1) << audit;
}

TEST_F(ReportImportTest, ADistrictFillsItsAreasSummaryAndEachUnitGetsADraftToSubmit) {
  ASSERT_NE(year_, 0);
  HttpClient district = As(kDistrict);
  auto grid = Grid(district.Get("/api/v1/campaigns/" + std::to_string(year_) + "/export.xlsx"));
  SetSummaryCell(grid, kB, "activities_held", 12);
  SetSummaryCell(grid, kB, "municipal_activities", 3);
  SetSummaryCell(grid, kB, "participants_offline", "1,500");  // as typed in WPS: a thousands separator
  auto r = district.Post(Import("dry_run"), grid);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(r.json()["problems"].empty()) << r;
  r = district.Post(Import("apply"), grid);
  ASSERT_EQ(r.status, 200) << r;
  const auto b = Report(kB);
  EXPECT_EQ(b["status"], "draft");
  EXPECT_EQ(b["values"]["activities_held"], 12);
  EXPECT_EQ(b["values"]["municipal_activities"], 3);
  EXPECT_EQ(b["values"]["participants_offline"], 1500);
  // The unit reviews its draft and submits it itself.
  HttpClient unit = As(kB);
  Figures rest;
  for (const auto& field : fields_)
    if (b["values"][field.code].is_null()) rest[field.code] = 0;
  ASSERT_EQ(SaveDraft(unit, year_, kB, FiguresJson(rest, fields_)).status, 200);
  EXPECT_EQ(Submit(unit, year_, kB).status, 200);
}

TEST_F(ReportImportTest, EveryProblemNamesItsCellAndAnApplyWithProblemsChangesNothing) {
  ASSERT_NE(year_, 0);
  auto grid = Grid(As("admin").Get("/api/v1/campaigns/" + std::to_string(year_) + "/export.xlsx"));
  SetSummaryCell(grid, kA, "activities_held", "十二");  // not a number
  SetSummaryCell(grid, kA, "fund_municipal", 1.234);    // three decimals in a 万元 field
  SetSummaryCell(grid, kB, "activities_held", 2);
  SetSummaryCell(grid, kB, "municipal_activities", 5);  // the hard rule: ≤ activities_held
  SetSummaryCell(grid, kLocked, "activities_held", 7);  // submitted: locked
  auto& rows = grid["sheets"][0]["rows"];
  json unknown = rows.back();
  for (auto& cell : unknown) cell = nullptr;
  unknown[1] = "no-such-unit";
  rows.push_back(unknown);
  json dup = unknown;
  dup[1] = kA;
  rows.push_back(dup);
  HttpClient admin = As("admin");
  const int a_version = Report(kA)["version"], b_version = Report(kB)["version"];
  auto r = admin.Post(Import("dry_run"), grid);
  ASSERT_EQ(r.status, 200) << r;
  const auto codes = ProblemCodes(r.json());
  for (const std::string& want : std::vector<std::string>{"type@" + kA, "rule@" + kB, "locked@" + kLocked,
                                                          "unknown_unit@no-such-unit", "duplicate_unit@" + kA})
    EXPECT_TRUE(codes.count(want)) << want << " in " << r.json()["problems"].dump();
  // The parsed answer is kept: a range over a temporary's member would dangle (ASan's report).
  const auto answer = r.json();
  for (const auto& p : answer["problems"]) {
    EXPECT_FALSE(p["cell"].get<std::string>().empty()) << p;
    EXPECT_EQ(p["sheet"], "汇总") << p;
    EXPECT_FALSE(p["message"].get<std::string>().empty());
  }
  r = admin.Post(Import("apply"), grid);
  EXPECT_TRUE(IsError(r, 422, "validation_failed")) << r;
  EXPECT_NE(r.body.find("汇总!"), std::string::npos) << "details name sheet!cell: " << r;
  EXPECT_EQ(Report(kA)["version"], a_version) << "all or nothing";
  EXPECT_EQ(Report(kB)["version"], b_version);
}

TEST_F(ReportImportTest, AUnitCannotImportForUnitsOutsideItsReach) {
  ASSERT_NE(year_, 0);
  auto grid = Grid(As("admin").Get("/api/v1/campaigns/" + std::to_string(year_) + "/export.xlsx"));
  SetSummaryCell(grid, kForeign, "activities_held", 1);
  auto r = As(kDistrict).Post(Import("dry_run"), grid);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(ProblemCodes(r.json()).count("unknown_unit@" + kForeign)) << r;
  r = As(kA).Post(Import("dry_run"), grid);  // a unit imports only for itself
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(ProblemCodes(r.json()).count("unknown_unit@" + kB)) << r;
}

TEST_F(ReportImportTest, MalformedGridsAndWrongCallersAreRefusedClearly) {
  ASSERT_NE(year_, 0);
  HttpClient admin = As("admin");
  EXPECT_TRUE(IsError(admin.Post(Import("dry_run"), json{{"sheets", "x"}}), 422, "validation_failed"));
  EXPECT_TRUE(IsError(admin.Post(Import("dry_run"), json{{"sheets", json::array()}}), 422, "validation_failed"));
  EXPECT_TRUE(IsError(admin.Post(Import("dry_run"), json{{"sheets", {{{"name", "a"}, {"rows", {1}}}}}}), 422,
                      "validation_failed"));
  EXPECT_TRUE(IsError(admin.Post(Import("dry_run"), json{{"sheets", {{{"rows", {}}}}}, {"extra", 1}}), 422,
                      "validation_failed"));
  EXPECT_TRUE(IsError(admin.Post(Import("nonsense"), json{{"sheets", {{{"rows", {}}}}}}), 400, "invalid_input"));
  auto r = admin.Post(Import("dry_run"), json{{"sheets", {{{"name", "随便"}, {"rows", {{"甲", "乙"}, {1, 2}}}}}}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(ProblemCodes(r.json()).count("no_table@")) << r;
  // A unit's table names no code: the caller says which unit it is for.
  auto grid = Grid(As(kA).Get(ReportPath(year_, kA, "/export.xlsx")));
  r = admin.Post(Import("dry_run"), grid);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(ProblemCodes(r.json()).count("unit_required@")) << r;
  // Hostile bodies: bad UTF-8 in a cell, nesting past the JSON depth limit, over 16 MB.
  const std::string bad_utf8 = "{\"sheets\":[{\"name\":\"a\",\"rows\":[[\"\xff\xfe\"]]}]}";
  EXPECT_EQ(admin.PostRaw(Import("dry_run"), bad_utf8).status / 100, 4);
  EXPECT_TRUE(
      IsError(admin.PostRaw(Import("dry_run"), "{\"sheets\":" + std::string(5000, '[') + std::string(5000, ']') + "}"),
              400, "invalid_input"));
  json huge_row = json::array();
  for (int i = 0; i < 400; ++i) huge_row.push_back(std::string(900, 'x'));
  json huge = {{"sheets", {{{"name", "big"}, {"rows", json::array()}}}}};
  for (int r = 0; r < 50; ++r) huge["sheets"][0]["rows"].push_back(huge_row);  // ≈ 18 MB
  EXPECT_TRUE(IsError(admin.Post(Import("dry_run"), huge), 413, "payload_too_large"));
  EXPECT_EQ(admin.Get("/api/v1/campaigns/" + std::to_string(year_)).status, 200) << "the server still serves";
  EXPECT_TRUE(IsError(server_->Client().Post(Import("dry_run"), grid), 401, "unauthenticated"));
  EXPECT_TRUE(IsError(As("checkin").Post(Import("dry_run"), grid), 403, "forbidden"));
}

}  // namespace
}  // namespace sciweek::test
