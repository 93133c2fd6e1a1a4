// Who may do what with reports (issue 3, docs/api.md "Statistical reporting"): a reporter
// cannot read, write, export, print or download materials of a unit outside its subtree —
// 404 with the very body a non-existent unit gets; a district reporter reads and reviews its
// children but cannot edit them; nobody approves their own report; reviewers and admins do not
// change figures; checkin staff see no reports; anonymous requests get 401; only the admin
// puts the form, reopens and grants extensions; a reporter's campaign-wide export holds only
// its subtree. Works in the demo's 2023 campaign, one unit per test.
#include <set>

#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

constexpr int kYear = 2023;

nlohmann::json ValidValues() {
  return {{"activities_held", 12},
          {"municipal_activities", 4},
          {"fund_municipal", 10.5},
          {"fund_district", 2.25},
          {"fund_enterprise", 0},
          {"fund_in_kind", 0.01},
          {"fund_other", 3},
          {"staff_fulltime", 3},
          {"staff_scientists", 8},
          {"staff_volunteers", 20},
          {"staff_other", 1},
          {"participants_offline", 2400},
          {"participants_online", 5000},
          {"media_outlets", 3},
          {"media_reports", 9},
          {"venues_opened", 1},
          {"institutes_opened", 0},
          {"universities_opened", 1}};
}

class ReportingAuthzTest : public SharedServerTest {
 protected:
  // The unit files a complete table and submits it; returns the submitted report.
  static nlohmann::json FileAndSubmit(const std::string& org) {
    HttpClient c = As(org);
    auto r = SaveDraft(c, kYear, org, ValidValues());
    EXPECT_EQ(r.status, 200) << r;
    r = Submit(c, kYear, org);
    EXPECT_EQ(r.status, 200) << r;
    return r.status == 200 ? r.json() : nlohmann::json(nullptr);
  }

  // pku's draft with one summary PDF, made once per suite: the material id.
  static std::string PkuMaterial() {
    if (pku_material_.empty()) {
      HttpClient c = As("pku");
      auto r = SaveDraft(c, kYear, "pku", {{"activities_held", 30}, {"fund_municipal", 88.8}});
      EXPECT_EQ(r.status, 200) << r;
      r = Upload(c, kYear, "pku", "summary", "北京大学科技周总结.pdf", MinimalPdf("PKU summary"));
      EXPECT_EQ(r.status, 201) << r;
      if (r.status == 201) pku_material_ = r.json()["id"].dump();
    }
    return pku_material_;
  }

  static nlohmann::json State(const std::string& org) {
    auto r = As("admin").Get(ReportPath(kYear, org));
    auto h = As("admin").Get(ReportPath(kYear, org, "/history"));
    return {{"report", r.json()}, {"history", h.json()}};
  }

  static HttpResponse Export(HttpClient& c, const std::string& what) {
    return c.Get("/api/v1/campaigns/" + std::to_string(kYear) + "/" + what);
  }

  // The unit codes in an export.xlsx (both sheets) as read back by openpyxl.
  static std::map<std::string, std::set<std::string>> XlsxUnits(const std::string& body) {
    TempDir tmp;
    WriteBytes(tmp.File("x.xlsx"), body);
    std::map<std::string, std::set<std::string>> out;
    nlohmann::json wb;
    try {
      wb = ReadXlsx(tmp.File("x.xlsx"));
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
      return out;
    }
    for (const auto& sheet : wb) {
      auto& codes = out[sheet["title"].get<std::string>()];
      for (const auto& row : sheet["rows"])
        if (row.size() > 1 && row[1].is_string() && known_.contains(row[1].get<std::string>()))
          codes.insert(row[1].get<std::string>());
    }
    return out;
  }

  static inline std::string pku_material_;
  static inline const std::set<std::string> known_ = {
      "110101", "110102", "110105", "110106", "110107", "110108",   "110109", "110111", "110112", "110113",  "110114",
      "110115", "110116", "110117", "110118", "110119", "bda",      "swxcb",  "skx",    "sjw",    "sylj",    "sxfzd",
      "skyy",   "btjt",   "kjg",    "twg",    "zrbwg",  "tsinghua", "pku",    "iop",    "ioz",    "etdz-ent"};
};

TEST_F(ReportingAuthzTest, OutsideTheSubtreeEverythingIs404LikeANonExistentUnit) {
  const std::string material = PkuMaterial();
  ASSERT_FALSE(material.empty());
  const auto before = State("pku");
  struct Op {
    std::string name, method, suffix;
    nlohmann::json body;  // null: no body
    std::string raw;      // raw upload body
  };
  const std::vector<Op> ops = {
      {"read", "GET", "", nullptr, ""},
      {"history", "GET", "/history", nullptr, ""},
      {"unit export.xlsx", "GET", "/export.xlsx", nullptr, ""},
      {"print", "GET", "/print", nullptr, ""},
      {"download material", "GET", "/materials/" + material, nullptr, ""},
      {"write", "PUT", "", {{"values", {{"activities_held", 1}}}, {"version", before["report"]["version"]}}, ""},
      {"submit", "POST", "/submit", nlohmann::json::object(), ""},
      {"return", "POST", "/return", {{"comment", "退回"}, {"fields", {{"activities_held", "不对"}}}}, ""},
      {"approve", "POST", "/approve", nlohmann::json::object(), ""},
      {"upload", "POST", "/materials?kind=summary&filename=x.pdf", nullptr, MinimalPdf("intruder")},
      {"delete material", "DELETE", "/materials/" + material, nullptr, ""},
      {"media report",
       "POST",
       "/media-reports",
       {{"outlet", "北京日报"}, {"title", "科技周开幕"}, {"url", "https://example.cn/a"}, {"date", "2023-05-20"}},
       ""},
  };
  // 朝阳区 (another district), 北京市科协 (a member unit), 科技馆 (under 朝阳区), 清华 (pku's sibling).
  for (const std::string who : {"110105", "skx", "kjg", "tsinghua"}) {
    HttpClient c = As(who);
    for (const auto& op : ops) {
      SCOPED_TRACE(who + " " + op.name);
      auto send = [&](const std::string& org) {
        const std::string target = ReportPath(kYear, org, op.suffix);
        if (!op.raw.empty()) return c.PostRaw(target, op.raw, "application/octet-stream");
        if (op.body.is_null()) return c.Send(op.method, target);
        return c.Send(op.method, target, op.body.dump(), "application/json");
      };
      auto outside = send("pku");
      auto missing = send("no-such-unit");
      EXPECT_TRUE(IsError(outside, 404, "not_found"));
      EXPECT_EQ(outside.body, missing.body) << "the answer must not reveal that pku exists";
    }
  }
  // A child cannot see its parent district either.
  auto r = As("pku").Get(ReportPath(kYear, "110108"));
  EXPECT_TRUE(IsError(r, 404, "not_found"));
  EXPECT_EQ(r.body, As("pku").Get(ReportPath(kYear, "no-such-unit")).body);
  EXPECT_EQ(State("pku"), before) << "nothing the outsiders sent changed pku's report";
  // The unit itself and its district can download the material.
  EXPECT_EQ(As("pku").Get(ReportPath(kYear, "pku", "/materials/" + material)).status, 200);
  EXPECT_EQ(As("110108").Get(ReportPath(kYear, "pku", "/materials/" + material)).status, 200);
}

TEST_F(ReportingAuthzTest, DistrictReporterReadsAndReviewsItsChildButCannotEditIt) {
  HttpClient district = As("110108");
  auto r = district.Get(ReportPath(kYear, "tsinghua"));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["can"]["review"], true);
  EXPECT_EQ(r.json()["can"]["edit"], false);
  const auto draft_version = r.json()["version"];
  r = district.Put(ReportPath(kYear, "tsinghua"), {{"values", ValidValues()}, {"version", draft_version}});
  EXPECT_TRUE(IsError(r, 403, "forbidden")) << "a district does not fill in its child's figures";
  r = Upload(district, kYear, "tsinghua", "summary", "代传.pdf", MinimalPdf("by the district"));
  EXPECT_TRUE(IsError(r, 403, "forbidden"));
  r = district.Post(ReportPath(kYear, "tsinghua", "/submit"), nlohmann::json::object());
  EXPECT_TRUE(IsError(r, 403, "forbidden"));
  EXPECT_EQ(As("admin").Get(ReportPath(kYear, "tsinghua")).json()["version"], draft_version);

  ASSERT_FALSE(FileAndSubmit("tsinghua").is_null());
  const auto submitted = State("tsinghua");
  r = district.Put(ReportPath(kYear, "tsinghua"),
                   {{"values", {{"activities_held", 1}}}, {"version", submitted["report"]["version"]}});
  EXPECT_TRUE(IsError(r, 403, "forbidden"));
  EXPECT_EQ(State("tsinghua"), submitted);

  r = district.Post(ReportPath(kYear, "tsinghua", "/return"),
                    {{"comment", "请补充志愿者人数"}, {"fields", {{"staff_volunteers", "与活动规模不符"}}}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "returned");
  EXPECT_EQ(As("tsinghua").Get(ReportPath(kYear, "tsinghua")).json()["comments"]["fields"]["staff_volunteers"],
            "与活动规模不符");
  HttpClient unit = As("tsinghua");
  r = Submit(unit, kYear, "tsinghua");
  ASSERT_EQ(r.status, 200) << r;
  r = district.Post(ReportPath(kYear, "tsinghua", "/approve"), {{"comment", "同意"}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "approved");
  // The district cannot review itself, nor reopen the child's approved report.
  ASSERT_FALSE(FileAndSubmit("110108").is_null());
  EXPECT_TRUE(
      IsError(district.Post(ReportPath(kYear, "110108", "/approve"), nlohmann::json::object()), 403, "forbidden"));
  EXPECT_TRUE(
      IsError(district.Post(ReportPath(kYear, "tsinghua", "/reopen"), {{"comment", "重新填报"}}), 403, "forbidden"));
}

TEST_F(ReportingAuthzTest, ReporterCannotApproveOrReturnItsOwnReport) {
  ASSERT_FALSE(FileAndSubmit("skx").is_null());
  const auto before = State("skx");
  HttpClient c = As("skx");
  EXPECT_TRUE(IsError(c.Post(ReportPath(kYear, "skx", "/approve"), nlohmann::json::object()), 403, "forbidden"));
  EXPECT_TRUE(IsError(
      c.Post(ReportPath(kYear, "skx", "/return"), {{"comment", "自己退回"}, {"fields", nlohmann::json::object()}}), 403,
      "forbidden"));
  EXPECT_TRUE(IsError(c.Post(ReportPath(kYear, "skx", "/reopen"), {{"comment", "x"}}), 403, "forbidden"));
  EXPECT_EQ(State("skx"), before);
  EXPECT_EQ(before["report"]["status"], "submitted");
}

TEST_F(ReportingAuthzTest, ReviewerAndAdminCannotChangeFigures) {
  HttpClient unit = As("swxcb");
  auto r = SaveDraft(unit, kYear, "swxcb", {{"activities_held", 5}});
  ASSERT_EQ(r.status, 200) << r;
  for (const char* who : {"reviewer", "admin"}) {
    SCOPED_TRACE(who);
    const auto before = State("swxcb");
    HttpClient c = As(who);
    r = c.Put(ReportPath(kYear, "swxcb"),
              {{"values", {{"activities_held", 500}}}, {"version", before["report"]["version"]}});
    EXPECT_TRUE(IsError(r, 403, "forbidden"));
    r = c.Post(ReportPath(kYear, "swxcb", "/submit"), nlohmann::json::object());
    EXPECT_TRUE(IsError(r, 403, "forbidden"));
    r = Upload(c, kYear, "swxcb", "summary", "代传.pdf", MinimalPdf("by the organizer"));
    EXPECT_TRUE(IsError(r, 403, "forbidden"));
    EXPECT_EQ(State("swxcb"), before);
  }
}

TEST_F(ReportingAuthzTest, CheckinStaffGet404OnReports) {
  HttpClient c = As("checkin");  // works at kjg (中国科学技术馆)
  for (const std::string org : {"kjg", "skx", "110105"}) {
    for (const std::string suffix : {"", "/history", "/export.xlsx", "/print"}) {
      auto r = c.Get(ReportPath(kYear, org, suffix));
      EXPECT_TRUE(IsError(r, 404, "not_found")) << org << suffix;
    }
    auto r = c.Put(ReportPath(kYear, org), {{"values", {{"activities_held", 1}}}, {"version", 0}});
    EXPECT_TRUE(r.status == 404 || r.status == 403) << org << ": " << r;
  }
  EXPECT_EQ(As("admin").Get(ReportPath(kYear, "kjg")).json()["status"], "not_started");
}

TEST_F(ReportingAuthzTest, AnonymousGets401OnEveryReportingEndpoint) {
  const std::string c = "/api/v1/campaigns/2023";
  const std::string rep = c + "/reports/skx";
  const std::vector<std::pair<std::string, std::string>> endpoints = {
      {"GET", c + "/form"},
      {"PUT", c + "/form"},
      {"GET", rep},
      {"PUT", rep},
      {"POST", rep + "/submit"},
      {"POST", rep + "/return"},
      {"POST", rep + "/approve"},
      {"POST", rep + "/reopen"},
      {"GET", rep + "/history"},
      {"PUT", rep + "/extension"},
      {"GET", c + "/completeness"},
      {"GET", c + "/completeness.xlsx"},
      {"POST", c + "/reminders"},
      {"GET", c + "/reminders"},
      {"GET", c + "/totals?status=approved&group_by=none"},
      {"POST", rep + "/materials?kind=summary&filename=a.pdf"},
      {"GET", rep + "/materials/1"},
      {"DELETE", rep + "/materials/1"},
      {"POST", rep + "/media-reports"},
      {"DELETE", rep + "/media-reports/1"},
      {"GET", c + "/export.xlsx"},
      {"GET", c + "/export.csv"},
      {"GET", rep + "/export.xlsx"},
      {"GET", rep + "/print"},
      {"GET", "/api/v1/campaigns/1999/reports/no-such-unit"},
  };
  HttpClient anon = Anonymous();
  for (const auto& [method, target] : endpoints) {
    auto r = anon.Send(method, target, method == "GET" || method == "DELETE" ? "" : "{}",
                       method == "GET" || method == "DELETE" ? "" : "application/json");
    EXPECT_TRUE(IsError(r, 401, "unauthenticated")) << method << " " << target;
  }
}

TEST_F(ReportingAuthzTest, OnlyTheAdminPutsTheFormReopensAndSetsExtensions) {
  auto form = As("admin").Get("/api/v1/campaigns/2023/form");
  ASSERT_EQ(form.status, 200) << form;
  // The form: refused for everyone else, accepted unchanged from the admin.
  nlohmann::json edited = form.json();
  edited["sections"][0]["fields"][0]["label"] = "举办活动场次";
  for (const char* who : {"reviewer", "110108", "skx", "checkin"}) {
    auto r = As(who).Put("/api/v1/campaigns/2023/form", edited);
    EXPECT_TRUE(IsError(r, 403, "forbidden")) << who;
  }
  EXPECT_EQ(As("admin").Get("/api/v1/campaigns/2023/form").json(), form.json()) << "form unchanged";
  auto r = As("admin").Put("/api/v1/campaigns/2023/form", form.json());
  EXPECT_EQ(r.status, 200) << r;

  // Reopen an approved report.
  ASSERT_FALSE(FileAndSubmit("sylj").is_null());
  ASSERT_EQ(As("reviewer").Post(ReportPath(kYear, "sylj", "/approve"), nlohmann::json::object()).status, 200);
  const auto approved = State("sylj");
  for (const char* who : {"reviewer", "sylj", "110108"}) {
    r = As(who).Post(ReportPath(kYear, "sylj", "/reopen"), {{"comment", "重新打开"}});
    if (std::string(who) == "110108") {  // outside its subtree: refused exactly like a unit that does not exist
      EXPECT_TRUE(r.status == 403 || r.status == 404) << r;
      EXPECT_EQ(r.body, As(who).Post(ReportPath(kYear, "no-such-unit", "/reopen"), {{"comment", "重新打开"}}).body);
    } else {
      EXPECT_TRUE(IsError(r, 403, "forbidden")) << who;
    }
  }
  EXPECT_EQ(State("sylj"), approved);
  r = As("admin").Post(ReportPath(kYear, "sylj", "/reopen"), {{"comment", "数据需更正"}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["status"], "returned");

  // Extensions.
  const nlohmann::json ext = {{"deadline", "2023-06-19T18:00:00+08:00"}};
  for (const char* who : {"reviewer", "110108", "pku"}) {
    r = As(who).Put(ReportPath(kYear, "pku", "/extension"), ext);
    EXPECT_TRUE(IsError(r, 403, "forbidden")) << who;
  }
  EXPECT_TRUE(As("admin").Get(ReportPath(kYear, "pku")).json()["extension"].is_null());
  r = As("admin").Put(ReportPath(kYear, "pku", "/extension"), ext);
  EXPECT_EQ(r.status, 204) << r;
  EXPECT_EQ(As("pku").Get(ReportPath(kYear, "pku")).json()["extension"], "2023-06-19T18:00:00+08:00");
  r = As("admin").Put(ReportPath(kYear, "pku", "/extension"), {{"deadline", nullptr}});
  EXPECT_EQ(r.status, 204) << r;
}

TEST_F(ReportingAuthzTest, ReportersCampaignExportsHoldOnlyTheirSubtree) {
  ASSERT_FALSE(FileAndSubmit("iop").is_null());     // in 110108's subtree
  ASSERT_FALSE(FileAndSubmit("ioz").is_null());     // in 110105's subtree
  ASSERT_FALSE(FileAndSubmit("110106").is_null());  // a district of its own
  const std::set<std::string> haidian = {"110108", "pku", "tsinghua", "iop"};
  const std::map<std::string, std::set<std::string>> subtree = {
      {"110108", haidian}, {"110105", {"110105", "kjg", "ioz"}}, {"iop", {"iop"}}, {"skx", {"skx"}}};
  for (const auto& [who, expected] : subtree) {
    SCOPED_TRACE(who);
    HttpClient c = As(who);
    auto x = Export(c, "export.xlsx");
    ASSERT_EQ(x.status, 200) << x;
    auto sheets = XlsxUnits(x.body);
    EXPECT_EQ(sheets["汇总"], expected);
    EXPECT_EQ(sheets["填报情况"], expected);
    auto csv = Export(c, "export.csv");
    ASSERT_EQ(csv.status, 200) << csv;
    std::set<std::string> codes;
    auto rows = ParseCsv(csv.body.substr(csv.body.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0));
    for (size_t i = 1; i < rows.size(); ++i)
      if (!rows[i].empty() && !rows[i][0].empty()) codes.insert(rows[i][0]);
    EXPECT_EQ(codes, expected);
    auto comp = c.Get("/api/v1/campaigns/2023/completeness");
    ASSERT_EQ(comp.status, 200) << comp;
    std::set<std::string> listed;
    const auto completeness = comp.json();
    for (const auto& u : completeness["units"]) listed.insert(u["code"].get<std::string>());
    EXPECT_EQ(listed, expected);
    EXPECT_EQ(completeness["counts"]["expected"], expected.size());
    auto t = c.Get("/api/v1/campaigns/2023/totals?status=submitted&group_by=none");
    ASSERT_EQ(t.status, 200) << t;
    EXPECT_LE(t.json()["units"].get<int>(), static_cast<int>(expected.size()));
    // The chase list (docs/api.md: admin, reviewer): never anyone outside the subtree.
    auto chase = Export(c, "completeness.xlsx");
    if (chase.status == 200) EXPECT_EQ(XlsxUnits(chase.body)["填报情况"], expected);
    else EXPECT_TRUE(IsError(chase, 403, "forbidden"));
  }
  // The organizer's export holds everyone.
  HttpClient reviewer = As("reviewer");
  auto x = Export(reviewer, "export.xlsx");
  ASSERT_EQ(x.status, 200) << x;
  EXPECT_EQ(XlsxUnits(x.body)["汇总"], known_);
  EXPECT_EQ(Export(reviewer, "completeness.xlsx").status, 200);
}

}  // namespace
}  // namespace sciweek::test
