// A whole reporting season through HTTP (issue 3, "Tests that must exist"): in a campaign
// open now, the 17 districts, the 7 member units and the 8 units under districts file seeded
// random figures (万元 with two decimals). 110105 first hits the hard rule municipal_le_held,
// skx (which filed 2023) explains a 20× jump in offline participants, sjw is returned by the
// reviewer with per-field reasons and resubmits, 110119 files after the deadline; 海淀区
// approves its own children and the reviewer the rest. Then totals, completeness, the xlsx
// (read back by openpyxl), the csv, history, the unit's xlsx and the print page must all agree
// with what the test itself submitted — summed here in exact hundredths.
#include <algorithm>
#include <functional>
#include <random>
#include <set>
#include <sstream>

#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

constexpr unsigned kSeed = 20230520;
const std::string kHardUnit = "110105";                                 // hits municipal_le_held first, then fixes it
const std::string kSoftUnit = "skx";                                    // explains offline_vs_previous
const std::string kLateUnit = "110119";                                 // files after the deadline
const std::string kReturnedUnit = "sjw";                                // returned with per-field reasons, resubmits
const std::set<std::string> kWithSummary = {"110101", "pku", "swxcb"};  // complete packages
const std::set<std::string> kHaidianChildren = {"pku", "tsinghua", "iop"};

// Every unit that files a table in the demo data: 17 districts, 7 member units, 8 below districts.
const std::vector<std::string> kExpectedUnits = {
    "110101", "110102", "110105", "110106", "110107", "110108",   "110109", "110111", "110112", "110113",  "110114",
    "110115", "110116", "110117", "110118", "110119", "bda",      "swxcb",  "skx",    "sjw",    "sylj",    "sxfzd",
    "skyy",   "btjt",   "kjg",    "twg",    "zrbwg",  "tsinghua", "pku",    "iop",    "ioz",    "etdz-ent"};

struct Org {
  std::string code, name, type, parent;
};

struct Season {
  bool done = false;
  int year = 0;
  std::vector<FormFieldInfo> fields;
  std::map<std::string, Org> orgs;       // every org of the demo data
  std::map<std::string, Figures> filed;  // what each unit's approved report holds
  Figures returned_first;                // kReturnedUnit's first submission
  Figures previous;                      // kSoftUnit's 2023 report
  std::set<std::string> returned_fields;
};

// Plausible figures that pass every default rule for a unit with no previous report.
Figures RandomFigures(std::mt19937& rng, const std::vector<FormFieldInfo>& fields) {
  auto between = [&](long long lo, long long hi) { return std::uniform_int_distribution<long long>(lo, hi)(rng); };
  Figures f;
  for (const auto& field : fields) {
    long long v;
    if (field.decimal) v = between(0, 20000);  // 0.00 … 200.00 万元, in hundredths
    else if (field.code == "activities_held") v = between(10, 200) * 100;
    else if (field.code == "participants_offline") v = between(1000, 20000) * 100;
    else if (field.code == "participants_online") v = between(0, 100000) * 100;
    else if (field.code.rfind("staff_", 0) == 0) v = between(0, 500) * 100;
    else if (field.code == "media_reports") v = between(0, 300) * 100;
    else v = between(0, 20) * 100;
    f[field.code] = v;
  }
  if (f.contains("municipal_activities") && f.contains("activities_held"))
    f["municipal_activities"] = between(0, f["activities_held"] / 100) * 100;
  return f;
}

Figures Sum(const std::vector<const Figures*>& all) {
  Figures total;
  for (const Figures* f : all)
    for (const auto& [code, v] : *f) total[code] += v;
  return total;
}

// The district a unit rolls up to (itself for a district), "" for none.
std::string DistrictOf(const std::map<std::string, Org>& orgs, std::string code) {
  for (int depth = 0; depth < 20 && !code.empty(); ++depth) {
    auto it = orgs.find(code);
    if (it == orgs.end()) return "";
    if (it->second.type == "district") return code;
    code = it->second.parent;
  }
  return "";
}

::testing::AssertionResult SameFigures(const Figures& expected, const nlohmann::json& actual_json,
                                       const std::string& what) {
  std::ostringstream os;
  std::set<std::string> codes;
  for (const auto& [c, v] : expected) codes.insert(c);
  for (const auto& [c, v] : actual_json.items()) codes.insert(c);
  for (const auto& c : codes) {
    auto e = expected.find(c);
    const long long ev = e == expected.end() ? 0 : e->second;
    if (!actual_json.contains(c)) {
      os << "\n  " << c << ": missing, expected " << FormatHundredths(ev);
      continue;
    }
    auto a = Hundredths(actual_json[c]);
    if (!a) os << "\n  " << c << ": " << actual_json[c].dump() << " is not an exact 2-decimal figure";
    else if (*a != ev) os << "\n  " << c << ": " << actual_json[c].dump() << ", expected " << FormatHundredths(ev);
  }
  if (os.str().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << what << " differs:" << os.str();
}

bool HasRuleDetail(const HttpResponse& r, const std::string& field, const std::string& code) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("error") || !j["error"].contains("details")) return false;
  for (const auto& d : j["error"]["details"])
    if (d.value("field", "") == field && d.value("code", "") == code) return true;
  return false;
}

class ReportingSeasonTest : public SharedServerTest {
 public:
  static void TearDownTestSuite() {
    season_ = Season{};
    attempted_ = false;
    SharedServerTest::TearDownTestSuite();
  }

 protected:
  // The season, played once per suite by whichever test comes first.
  static const Season& TheSeason() {
    if (!attempted_) {
      attempted_ = true;
      Play(season_);
    }
    return season_;
  }

  static nlohmann::json Completeness(int year) {
    auto r = As("reviewer").Get("/api/v1/campaigns/" + std::to_string(year) + "/completeness");
    EXPECT_EQ(r.status, 200) << r;
    return r.status == 200 ? r.json() : nlohmann::json::object();
  }

  static void ExpectCounts(const nlohmann::json& c, std::map<std::string, int> expected, const std::string& when) {
    SCOPED_TRACE(when);
    for (const char* k : {"expected", "not_started", "draft", "submitted_on_time", "submitted_late", "returned",
                          "approved", "complete", "late"})
      EXPECT_EQ(c["counts"].value(k, -1), expected[k]) << "counts." << k << " " << when << ": " << c["counts"];
  }

  static void Play(Season& s);

  static inline Season season_;
  static inline bool attempted_ = false;
};

void ReportingSeasonTest::Play(Season& s) {
  HttpClient admin = As("admin");
  HttpClient reviewer = As("reviewer");
  auto orgs = admin.Get("/api/v1/orgs?limit=500");
  ASSERT_EQ(orgs.status, 200) << orgs;
  const auto org_list = orgs.json();
  for (const auto& o : org_list["items"]) {
    const std::string code = o["code"].get<std::string>();
    s.orgs[code] = {code, o["name"].get<std::string>(), o["type"].get<std::string>(),
                    o["parent_code"].is_string() ? o["parent_code"].get<std::string>() : ""};
  }
  for (const auto& code : kExpectedUnits) ASSERT_TRUE(s.orgs.count(code)) << "demo data lacks " << code;

  // skx's previous campaign: filed (late) in 2023, so this year's figures are compared with it.
  {
    HttpClient skx = As(kSoftUnit);
    const auto f2023 = FormFields(skx, 2023);
    ASSERT_FALSE(f2023.empty());
    Figures prev;
    for (const auto& f : f2023) prev[f.code] = f.decimal ? 2000 : 500;  // 20.00 万元 each, 5 of each count
    prev["activities_held"] = 2000;
    prev["municipal_activities"] = 200;
    prev["participants_offline"] = 100000;  // 1000 人次
    prev["participants_online"] = 1000000;  // 10000 人次
    auto r = SaveDraft(skx, 2023, kSoftUnit, FiguresJson(prev, f2023));
    ASSERT_EQ(r.status, 200) << r;
    r = Submit(skx, 2023, kSoftUnit);
    ASSERT_EQ(r.status, 200) << r;
    EXPECT_EQ(r.json()["on_time"], false) << "2023's deadline has passed";
    s.previous = prev;
  }

  const OpenCampaign campaign = CreateOpenCampaign(admin);
  ASSERT_NE(campaign.year, 0);
  s.year = campaign.year;
  const int y = s.year;
  s.fields = FormFields(admin, y);
  ASSERT_EQ(s.fields.size(), 18u) << "the new campaign copies the default 18-field form";
  {
    auto c = admin.Get("/api/v1/campaigns/" + std::to_string(y)).json();
    ASSERT_EQ(c["required_materials"], nlohmann::json::array({"summary"})) << c;
  }

  std::mt19937 rng(kSeed);
  std::map<std::string, Figures> planned;
  for (const auto& code : kExpectedUnits) planned[code] = RandomFigures(rng, s.fields);
  planned[kSoftUnit]["participants_offline"] = 2000000;  // 20000 人次: 20× skx's 2023 figure

  // The late unit starts a partial draft in time.
  Figures late_first_half;
  for (size_t i = 0; i < s.fields.size() / 2; ++i)
    late_first_half[s.fields[i].code] = planned[kLateUnit][s.fields[i].code];
  {
    HttpClient c = As(kLateUnit);
    auto r = SaveDraft(c, y, kLateUnit, FiguresJson(late_first_half, s.fields));
    ASSERT_EQ(r.status, 200) << r;
    EXPECT_EQ(r.json()["status"], "draft");
  }

  const std::string pdf = MinimalPdf("Science Week summary");
  for (const auto& code : kExpectedUnits) {
    if (code == kLateUnit) continue;
    SCOPED_TRACE("unit " + code);
    HttpClient c = As(code);
    Figures f = planned[code];
    if (code == kHardUnit) {
      Figures wrong = f;
      wrong["municipal_activities"] = wrong["activities_held"] + 100;
      auto r = SaveDraft(c, y, code, FiguresJson(wrong, s.fields));
      ASSERT_EQ(r.status, 200) << "a draft may break a rule: " << r;
      r = Submit(c, y, code);
      EXPECT_TRUE(IsError(r, 422, "validation_failed"));
      EXPECT_TRUE(HasRuleDetail(r, "municipal_activities", "municipal_le_held")) << r;
      EXPECT_TRUE(HasRuleDetail(r, "activities_held", "municipal_le_held")) << r;
      auto back = c.Get(ReportPath(y, code)).json();
      EXPECT_EQ(back["status"], "draft") << "a refused submit leaves the draft";
      EXPECT_TRUE(back["submitted_at"].is_null());
    }
    // Funds travel as numbers, except that every third unit sends them as "12.34" strings.
    nlohmann::json values = FiguresJson(f, s.fields);
    const auto index = std::find(kExpectedUnits.begin(), kExpectedUnits.end(), code) - kExpectedUnits.begin();
    if (index % 3 == 0)
      for (const auto& field : s.fields)
        if (field.decimal) values[field.code] = FormatHundredths(f[field.code]);
    auto r = SaveDraft(c, y, code, values);
    ASSERT_EQ(r.status, 200) << r;
    EXPECT_TRUE(SameFigures(f, r.json()["values"], "saved draft of " + code));
    if (kWithSummary.contains(code)) {
      auto u = Upload(c, y, code, "summary", s.orgs[code].name + "科技周工作总结.pdf", pdf);
      ASSERT_EQ(u.status, 201) << u;
    }
    if (code == kSoftUnit) {
      r = Submit(c, y, code);
      EXPECT_TRUE(IsError(r, 422, "validation_failed"));
      EXPECT_TRUE(HasDetail(r, "explanations.offline_vs_previous")) << "a warning needs an explanation";
      r = Submit(c, y, code, {{"offline_vs_previous", "短"}});
      EXPECT_TRUE(IsError(r, 422, "validation_failed")) << "an explanation needs at least 4 characters";
      EXPECT_EQ(c.Get(ReportPath(y, code)).json()["status"], "draft");
      r = Submit(c, y, code, {{"offline_vs_previous", "今年增设奥林匹克公园主会场，线下参与人数大幅增加"}});
      ASSERT_EQ(r.status, 200) << r;
      EXPECT_EQ(r.json()["explanations"]["offline_vs_previous"], "今年增设奥林匹克公园主会场，线下参与人数大幅增加");
    } else {
      r = Submit(c, y, code);
      ASSERT_EQ(r.status, 200) << r;
    }
    auto rep = r.json();
    EXPECT_EQ(rep["status"], "submitted");
    EXPECT_EQ(rep["on_time"], true) << "filed before the deadline";
    EXPECT_FALSE(rep["submitted_at"].is_null());
    s.filed[code] = f;
  }

  // The reviewer returns sjw with a reason per field; the unit sees them.
  const nlohmann::json reasons = {{"fund_other", "其他经费与附件不符，请核实"},
                                  {"staff_volunteers", "志愿者人数请按实际签到统计"}};
  {
    auto r = reviewer.Post(ReportPath(y, kReturnedUnit, "/return"),
                           {{"comment", "请核实经费和志愿者人数后重新提交"}, {"fields", reasons}});
    ASSERT_EQ(r.status, 200) << r;
    EXPECT_EQ(r.json()["status"], "returned");
    auto seen = As(kReturnedUnit).Get(ReportPath(y, kReturnedUnit));
    ASSERT_EQ(seen.status, 200) << seen;
    EXPECT_EQ(seen.json()["status"], "returned");
    EXPECT_EQ(seen.json()["comments"]["fields"], reasons) << "the unit sees each field's reason";
    EXPECT_EQ(seen.json()["comments"]["comment"], "请核实经费和志愿者人数后重新提交");
  }
  ExpectCounts(Completeness(y),
               {{"expected", 32},
                {"draft", 1},
                {"submitted_on_time", 30},
                {"returned", 1},
                {"complete", static_cast<int>(kWithSummary.size())}},
               "after the return");

  // sjw fixes both fields and resubmits, still in time.
  {
    HttpClient c = As(kReturnedUnit);
    s.returned_first = s.filed[kReturnedUnit];
    Figures& f = s.filed[kReturnedUnit];
    f["fund_other"] += 1234;       // +12.34 万元
    f["staff_volunteers"] += 700;  // +7 人
    s.returned_fields = {"fund_other", "staff_volunteers"};
    auto r = SaveDraft(c, y, kReturnedUnit,
                       {{"fund_other", FigureJson(f["fund_other"], true)},
                        {"staff_volunteers", FigureJson(f["staff_volunteers"], false)}});
    ASSERT_EQ(r.status, 200) << r;
    r = Submit(c, y, kReturnedUnit);
    ASSERT_EQ(r.status, 200) << r;
    EXPECT_EQ(r.json()["status"], "submitted");
    EXPECT_EQ(r.json()["on_time"], true);
    EXPECT_TRUE(SameFigures(f, r.json()["values"], "resubmitted " + kReturnedUnit));
  }

  // The deadline passes; the last unit completes its draft and files late.
  {
    auto r = SetCampaignDeadline(admin, y, campaign.past_deadline);
    ASSERT_EQ(r.status, 200) << r;
    HttpClient c = As(kLateUnit);
    Figures second_half;
    for (size_t i = s.fields.size() / 2; i < s.fields.size(); ++i)
      second_half[s.fields[i].code] = planned[kLateUnit][s.fields[i].code];
    r = SaveDraft(c, y, kLateUnit, FiguresJson(second_half, s.fields));
    ASSERT_EQ(r.status, 200) << r;
    EXPECT_TRUE(SameFigures(planned[kLateUnit], r.json()["values"], "merged draft of " + kLateUnit));
    r = Submit(c, y, kLateUnit);
    ASSERT_EQ(r.status, 200) << "late filing is not locked: " << r;
    EXPECT_EQ(r.json()["status"], "submitted");
    EXPECT_EQ(r.json()["on_time"], false) << "filed after the deadline";
    s.filed[kLateUnit] = planned[kLateUnit];
  }
  ExpectCounts(Completeness(y),
               {{"expected", 32},
                {"submitted_on_time", 31},
                {"submitted_late", 1},
                {"late", 1},
                {"complete", static_cast<int>(kWithSummary.size())}},
               "after every unit filed");

  // 海淀区 approves its children; the reviewer approves everyone else.
  for (const auto& code : kExpectedUnits) {
    SCOPED_TRACE("approving " + code);
    HttpClient approver = kHaidianChildren.contains(code) ? As("110108") : reviewer;
    auto r = approver.Post(ReportPath(y, code, "/approve"), {{"comment", "审核通过"}});
    ASSERT_EQ(r.status, 200) << r;
    EXPECT_EQ(r.json()["status"], "approved");
    EXPECT_TRUE(SameFigures(s.filed[code], r.json()["values"], "approved report of " + code));
  }
  s.done = true;
}

// `s` is the name of the variable the macro declares, so it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define REQUIRE_SEASON(s)        \
  const Season& s = TheSeason(); \
  ASSERT_TRUE(s.done) << "the season did not complete (see the first failure)"
// NOLINTEND(bugprone-macro-parentheses)

TEST_F(ReportingSeasonTest, EveryUnitFilesThroughHardAndSoftRulesReturnLateFilingAndApproval) {
  REQUIRE_SEASON(s);
  EXPECT_EQ(s.filed.size(), kExpectedUnits.size());
}

TEST_F(ReportingSeasonTest, TotalsEqualAnIndependentSumInExactHundredths) {
  REQUIRE_SEASON(s);
  std::vector<const Figures*> all;
  for (const auto& [code, f] : s.filed) all.push_back(&f);
  const Figures expected = Sum(all);
  auto r = As("reviewer").Get("/api/v1/campaigns/" + std::to_string(s.year) + "/totals?status=approved&group_by=none");
  ASSERT_EQ(r.status, 200) << r;
  auto t = r.json();
  EXPECT_EQ(t["units"], 32);
  EXPECT_TRUE(SameFigures(expected, t["totals"], "totals"));
  ASSERT_EQ(t["groups"].size(), 1u) << t["groups"];
  EXPECT_TRUE(SameFigures(expected, t["groups"][0]["totals"], "the single group"));
  auto sub = As("admin").Get("/api/v1/campaigns/" + std::to_string(s.year) + "/totals?status=submitted&group_by=none");
  ASSERT_EQ(sub.status, 200) << sub;
  EXPECT_TRUE(SameFigures(expected, sub.json()["totals"], "status=submitted totals (approved count too)"));
  // compare=previous: 2023 holds skx's submitted (not approved) report only.
  auto cmp = As("reviewer")
                 .Get("/api/v1/campaigns/" + std::to_string(s.year) +
                      "/totals?status=submitted&group_by=none&compare=previous");
  ASSERT_EQ(cmp.status, 200) << cmp;
  auto prev = cmp.json()["previous"];
  ASSERT_TRUE(prev.is_object()) << cmp;
  EXPECT_EQ(prev["year"], 2023);
  EXPECT_EQ(prev["units"], 1);
  EXPECT_TRUE(SameFigures(s.previous, prev["totals"], "previous (2023) totals"));
  EXPECT_TRUE(SameFigures(expected, cmp.json()["totals"], "this year's totals beside them"));
}

TEST_F(ReportingSeasonTest, TotalsByTypeDistrictAndParentCountEachUnitOnceAndAddUp) {
  REQUIRE_SEASON(s);
  std::vector<const Figures*> all;
  for (const auto& [code, f] : s.filed) all.push_back(&f);
  const Figures grand = Sum(all);
  using KeyFn = std::function<std::string(const std::string&)>;
  const std::map<std::string, KeyFn> groupings = {
      {"type", [&](const std::string& c) { return s.orgs.at(c).type; }},
      {"district", [&](const std::string& c) { return DistrictOf(s.orgs, c); }},
      {"parent", [&](const std::string& c) { return s.orgs.at(c).parent; }},
  };
  for (const auto& [group_by, key_of] : groupings) {
    SCOPED_TRACE("group_by=" + group_by);
    std::map<std::string, std::vector<const Figures*>> members;
    for (const auto& [code, f] : s.filed) members[key_of(code)].push_back(&f);
    auto r = As("reviewer")
                 .Get("/api/v1/campaigns/" + std::to_string(s.year) + "/totals?status=approved&group_by=" + group_by);
    ASSERT_EQ(r.status, 200) << r;
    auto t = r.json();
    EXPECT_EQ(t["units"], 32);
    EXPECT_TRUE(SameFigures(grand, t["totals"], "grand total"));
    std::set<std::string> seen;
    long long units = 0;
    std::vector<Figures> group_figures;
    for (const auto& g : t["groups"]) {
      const std::string key = g["key"];
      EXPECT_TRUE(seen.insert(key).second) << "group " << key << " appears twice";
      units += g["units"].get<long long>();
      auto it = members.find(key);
      if (it == members.end()) {
        ADD_FAILURE() << "unexpected group '" << key << "': " << g;
        continue;
      }
      EXPECT_EQ(g["units"], it->second.size()) << "units in group '" << key << "'";
      EXPECT_TRUE(SameFigures(Sum(it->second), g["totals"], "group '" + key + "'"));
      group_figures.push_back(FiguresOf(g["totals"]));
    }
    EXPECT_EQ(units, 32) << "each unit counted exactly once";
    EXPECT_EQ(seen.size(), members.size()) << "every group present";
    std::vector<const Figures*> ptrs;
    for (const auto& f : group_figures) ptrs.push_back(&f);
    EXPECT_EQ(Sum(ptrs), grand) << "the groups add up to the total";
  }
  // 海淀区 includes its subtree: itself, 清华, 北大, 物理所.
  auto r = As("admin").Get("/api/v1/campaigns/" + std::to_string(s.year) + "/totals?status=approved&group_by=district");
  ASSERT_EQ(r.status, 200) << r;
  const auto by_district = r.json();
  for (const auto& g : by_district["groups"])
    if (g["key"] == "110108") {
      EXPECT_EQ(g["units"], 4);
      EXPECT_TRUE(
          SameFigures(Sum({&s.filed.at("110108"), &s.filed.at("pku"), &s.filed.at("tsinghua"), &s.filed.at("iop")}),
                      g["totals"], "海淀区 with its subtree"));
    }
  // A district reporter's totals cover exactly its subtree.
  auto mine = As("110108").Get("/api/v1/campaigns/" + std::to_string(s.year) + "/totals?status=approved&group_by=none");
  ASSERT_EQ(mine.status, 200) << mine;
  EXPECT_EQ(mine.json()["units"], 4);
  EXPECT_TRUE(SameFigures(Sum({&s.filed.at("110108"), &s.filed.at("pku"), &s.filed.at("tsinghua"), &s.filed.at("iop")}),
                          mine.json()["totals"], "110108's own totals"));
}

TEST_F(ReportingSeasonTest, CompletenessCountsTheSeason) {
  REQUIRE_SEASON(s);
  auto c = Completeness(s.year);
  ExpectCounts(c,
               {{"expected", 32}, {"approved", 32}, {"late", 1}, {"complete", static_cast<int>(kWithSummary.size())}},
               "after approval");
  ASSERT_EQ(c["units"].size(), 32u);
  std::set<std::string> codes;
  for (const auto& u : c["units"]) {
    const std::string code = u["code"];
    codes.insert(code);
    EXPECT_EQ(u["status"], "approved") << code;
    EXPECT_EQ(u["on_time"], code != kLateUnit) << code;
    EXPECT_EQ(u["complete"], kWithSummary.count(code) == 1) << code;
    EXPECT_EQ(u["missing_materials"],
              kWithSummary.contains(code) ? nlohmann::json::array() : nlohmann::json::array({"summary"}))
        << code;
  }
  EXPECT_EQ(codes, std::set<std::string>(kExpectedUnits.begin(), kExpectedUnits.end()));
}

TEST_F(ReportingSeasonTest, XlsxExportReadByOpenpyxlHoldsEveryNumberAndTheTotal) {
  REQUIRE_SEASON(s);
  auto r = As("reviewer").Get("/api/v1/campaigns/" + std::to_string(s.year) + "/export.xlsx");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_NE(r.Header("content-type").find("spreadsheetml"), std::string::npos) << r.Header("content-type");
  TempDir tmp;
  WriteBytes(tmp.File("export.xlsx"), r.body);
  nlohmann::json wb;
  try {
    wb = ReadXlsx(tmp.File("export.xlsx"));
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  auto rows = SheetRows(wb, "汇总");
  ASSERT_GE(rows.size(), 35u);
  // The two-level header: find each field's column by "label（unit）" in either header row.
  size_t header = rows.size();
  for (size_t i = 0; i < rows.size() && header == rows.size(); ++i)
    for (const auto& cell : rows[i])
      if (cell == "单位代码") header = i;
  ASSERT_LT(header + 1, rows.size()) << "no 单位代码 header";
  size_t code_col = 0;
  for (size_t j = 0; j < rows[header].size(); ++j)
    if (rows[header][j] == "单位代码") code_col = j;
  std::map<std::string, size_t> col;
  for (const auto& f : s.fields) {
    const std::string title = f.unit.empty() ? f.label : f.label + "（" + f.unit + "）";
    for (size_t h : {header, header + 1})
      for (size_t j = 0; j < rows[h].size(); ++j)
        if (rows[h][j] == title) col[f.code] = j;
    EXPECT_TRUE(col.count(f.code)) << "no column headed " << title;
  }
  std::set<std::string> units_seen;
  bool total_seen = false;
  std::vector<const Figures*> all;
  for (const auto& [code, f] : s.filed) all.push_back(&f);
  const Figures grand = Sum(all);
  for (size_t i = header + 2; i < rows.size(); ++i) {
    const auto& row = rows[i];
    auto cell_figures = [&]() {
      nlohmann::json j = nlohmann::json::object();
      for (const auto& [code, c] : col) j[code] = c < row.size() ? row[c] : nullptr;
      return j;
    };
    const bool is_total = std::any_of(row.begin(), row.end(), [](const nlohmann::json& c) { return c == "合计"; });
    if (is_total) {
      total_seen = true;
      EXPECT_TRUE(SameFigures(grand, cell_figures(), "the 合计 row"));
      continue;
    }
    if (code_col >= row.size() || !row[code_col].is_string()) continue;
    const std::string code = row[code_col];
    if (!s.filed.contains(code)) continue;
    EXPECT_TRUE(units_seen.insert(code).second) << code << " appears twice";
    EXPECT_TRUE(SameFigures(s.filed.at(code), cell_figures(), "xlsx row of " + code));
  }
  EXPECT_TRUE(total_seen) << "no 合计 row";
  EXPECT_EQ(units_seen.size(), s.filed.size()) << "one row per unit";

  auto status = SheetRows(wb, "填报情况");
  int late_rows = 0, unit_rows = 0;
  for (const auto& row : status) {
    if (row.size() < 2 || !row[1].is_string() || !s.filed.contains(row[1].get<std::string>())) continue;
    ++unit_rows;
    for (const auto& cell : row)
      if (cell == "否") ++late_rows;
  }
  EXPECT_EQ(unit_rows, 32) << "填报情况 lists every expected unit";
  EXPECT_EQ(late_rows, 1) << "only " << kLateUnit << " filed late";
}

TEST_F(ReportingSeasonTest, CsvExportHasBomAndOneRowPerUnitWithItsFigures) {
  REQUIRE_SEASON(s);
  auto r = As("reviewer").Get("/api/v1/campaigns/" + std::to_string(s.year) + "/export.csv");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_NE(r.Header("content-type").find("text/csv"), std::string::npos) << r.Header("content-type");
  ASSERT_EQ(r.body.rfind("\xEF\xBB\xBF", 0), 0u) << "no UTF-8 BOM";
  auto rows = ParseCsv(r.body.substr(3));
  ASSERT_GE(rows.size(), 2u);
  const auto& head = rows[0];
  std::map<std::string, size_t> col;
  for (const auto& f : s.fields)
    for (size_t j = 0; j < head.size(); ++j)
      if (head[j] == f.label + "（" + f.unit + "）" || head[j] == f.label) col[f.code] = j;
  EXPECT_EQ(col.size(), s.fields.size()) << "a column per field in the header";
  std::map<std::string, int> seen;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].empty() || (rows[i].size() == 1 && rows[i][0].empty())) continue;
    const std::string code = rows[i][0];
    ++seen[code];
    auto it = s.filed.find(code);
    if (it == s.filed.end()) {
      ADD_FAILURE() << "row for an unexpected unit " << code;
      continue;
    }
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [c, k] : col) j[c] = k < rows[i].size() ? rows[i][k] : "";
    EXPECT_TRUE(SameFigures(it->second, j, "csv row of " + code));
  }
  EXPECT_EQ(seen.size(), 32u);
  for (const auto& [code, n] : seen) EXPECT_EQ(n, 1) << code;
}

TEST_F(ReportingSeasonTest, HistoryShowsBothVersionsOfTheReturnedUnitAndTheDiff) {
  REQUIRE_SEASON(s);
  auto r = As(kReturnedUnit).Get(ReportPath(s.year, kReturnedUnit, "/history"));
  ASSERT_EQ(r.status, 200) << r;
  auto h = r.json();
  ASSERT_EQ(h["total"], 2) << h;
  ASSERT_EQ(h["items"].size(), 2u);
  // Oldest first or newest first: identify them by their values.
  auto first = h["items"][0], second = h["items"][1];
  if (first["version"].get<int>() > second["version"].get<int>()) std::swap(first, second);
  EXPECT_TRUE(SameFigures(s.returned_first, first["values"], "first version"));
  EXPECT_TRUE(SameFigures(s.filed.at(kReturnedUnit), second["values"], "second version"));
  ASSERT_TRUE(first["review"].is_object()) << first;
  EXPECT_EQ(first["review"]["action"], "returned");
  EXPECT_EQ(first["review"]["fields"]["fund_other"], "其他经费与附件不符，请核实");
  std::set<std::string> changed;
  for (const auto& c : second["changes"]) {
    const std::string field = c["field"];
    changed.insert(field);
    EXPECT_FALSE(c.value("label", "").empty()) << c;
    EXPECT_EQ(Hundredths(c["before"]), s.returned_first.at(field)) << c;
    EXPECT_EQ(Hundredths(c["after"]), s.filed.at(kReturnedUnit).at(field)) << c;
  }
  EXPECT_EQ(changed, s.returned_fields) << second["changes"];
  // The organizer sees the same history.
  EXPECT_EQ(As("reviewer").Get(ReportPath(s.year, kReturnedUnit, "/history")).json(), h);
}

TEST_F(ReportingSeasonTest, UnitXlsxExportAndPrintPageHoldTheUnitsValues) {
  REQUIRE_SEASON(s);
  const std::string code = kReturnedUnit;
  const std::string name = s.orgs.at(code).name;
  auto r = As(code).Get(ReportPath(s.year, code, "/export.xlsx"));
  ASSERT_EQ(r.status, 200) << r;
  TempDir tmp;
  WriteBytes(tmp.File("unit.xlsx"), r.body);
  nlohmann::json wb;
  try {
    wb = ReadXlsx(tmp.File("unit.xlsx"));
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  ASSERT_FALSE(wb.empty());
  const auto& rows = wb[0]["rows"];
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], std::to_string(s.year) + "年北京科技周活动开展情况统计表");
  EXPECT_EQ(rows[1][0], "各区、各有关部门（盖章）：" + name);
  // The attachment's layout lists the figures in the form's order, one row each.
  std::vector<nlohmann::json> numbers;
  for (const auto& row : rows)
    for (const auto& cell : row)
      if (cell.is_number()) numbers.push_back(cell);
  ASSERT_EQ(numbers.size(), s.fields.size()) << rows;
  for (size_t i = 0; i < s.fields.size(); ++i)
    EXPECT_EQ(Hundredths(numbers[i]), s.filed.at(code).at(s.fields[i].code)) << s.fields[i].code;

  auto p = As("reviewer").Get(ReportPath(s.year, code, "/print"));
  ASSERT_EQ(p.status, 200) << p;
  EXPECT_NE(p.Header("content-type").find("text/html"), std::string::npos) << p.Header("content-type");
  EXPECT_NE(p.body.find(name), std::string::npos) << "the unit's name";
  EXPECT_NE(p.body.find(std::to_string(s.year) + "年北京科技周活动开展情况统计表"), std::string::npos);
  EXPECT_NE(p.body.find(FormatHundredths(s.filed.at(code).at("fund_other"))), std::string::npos)
      << "the corrected fund_other figure";
}

}  // namespace
}  // namespace sciweek::test
