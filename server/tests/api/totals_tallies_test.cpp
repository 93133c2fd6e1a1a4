// The organizer's totals are read from running totals kept beside the reports (issue 13,
// decision 0025). They must stay exact through every change a season brings: submitting,
// approving, returning, reopening and refiling, a unit moved to another district with the
// unit under it, a unit changing type, a unit becoming a district. After each step the totals
// (every grouping, both statuses, the whole city and a district's scope) must equal what the
// units filed, computed here from the test's own record, and `sciweek tallies check` must find
// the running totals equal to the plain SQL sum over the reports.
//
// Each unit files the same figure in every item, a power of two (1, 2, 4, … in whole units),
// so every sum names exactly which units it counted: a report counted twice, missed or put in
// the wrong group shows as a wrong bit.
#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

struct Unit {
  std::string code, name, type, parent;
  long long figure = 0;         // hundredths, in every item
  std::string status = "none";  // as the server should have it now
};

class TotalsTalliesTest : public SharedServerTest {
 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    admin_ = As("admin");
    year_ = CreateOpenCampaign(admin_).year;
    ASSERT_NE(year_, 0);
    // Two districts at the top; a street office under the first with a museum under it; an
    // enterprise under the first district; a university under the second.
    units_ = {{"tly-d1", "甲区", "district", "", 100},
              {"tly-d2", "乙区", "district", "", 200},
              {"tly-st", "甲区某街道", "other", "tly-d1", 400},
              {"tly-mu", "街道博物馆", "science_base", "tly-st", 800},
              {"tly-en", "甲区企业", "enterprise", "tly-d1", 1600},
              {"tly-un", "乙区大学", "university", "tly-d2", 3200}};
    for (const auto& u : units_) ASSERT_TRUE(AddUnitWithReporter(admin_, u.code, u.name, u.type, u.parent));
    HttpClient probe = As("tly-d1");
    fields_ = FormFields(probe, year_);
    ASSERT_FALSE(fields_.empty());
  }

  Unit& U(const std::string& code) {
    for (auto& u : units_)
      if (u.code == code) return u;
    throw std::runtime_error("no unit " + code);
  }
  Figures Filed(const Unit& u) const {
    Figures f;
    for (const auto& field : fields_) f[field.code] = u.figure;
    return f;
  }
  void File(const std::string& code) {
    Unit& u = U(code);
    HttpClient c = As(code);
    auto r = SaveDraft(c, year_, code, FiguresJson(Filed(u), fields_));
    ASSERT_EQ(r.status, 200) << code << ": " << r;
    r = Submit(c, year_, code);
    ASSERT_EQ(r.status, 200) << code << ": " << r;
    u.status = "submitted";
  }
  void Decide(const std::string& code, const std::string& action, const std::string& status) {
    nlohmann::json body = {{"comment", "测试：" + action}};
    if (action == "return") body["fields"] = nlohmann::json::object();
    auto r = admin_.Post(ReportPath(year_, code, "/" + action), body);
    ASSERT_EQ(r.status, 200) << code << " " << action << ": " << r;
    U(code).status = status;
  }
  void Move(const std::string& code, const std::string& type, const std::string& parent) {
    Unit& u = U(code);
    auto r = admin_.Put("/api/v1/orgs/" + code, OrgBody(code, u.name, type, parent));
    ASSERT_EQ(r.status, 200) << r;
    u.type = type;
    u.parent = parent;
  }

  // The group a unit counts in, as the API names it.
  std::string GroupOf(const Unit& u, const std::string& group_by) {
    if (group_by == "type") return u.type;
    if (group_by == "parent") return u.parent;
    if (group_by == "district") {
      for (const Unit* a = &u;;) {
        if (a->type == "district") return a->code;
        if (a->parent.empty()) return "";
        a = &U(a->parent);
      }
    }
    return "";
  }
  bool Counts(const Unit& u, const std::string& status) const {
    return u.status == "approved" || (status == "submitted" && u.status == "submitted");
  }
  bool InSubtree(const Unit& u, const std::string& root) {
    for (const Unit* a = &u;; a = &U(a->parent)) {
      if (a->code == root) return true;
      if (a->parent.empty()) return false;
    }
  }

  // The answer's groups, units and per-item sums equal what the record says.
  void ExpectTotals(const std::string& step, const std::string& viewer, const std::string& scope) {
    for (const std::string status : {"submitted", "approved"}) {
      for (const std::string group_by : {"none", "type", "district", "parent"}) {
        SCOPED_TRACE(step + ": " + viewer + " status=" + status + " group_by=" + group_by);
        std::map<std::string, std::pair<long long, long long>> want;  // key → units, figure sum
        for (const auto& u : units_) {
          if (!Counts(u, status) || (!scope.empty() && !InSubtree(u, scope))) continue;
          auto& w = want[group_by == "none" ? "" : GroupOf(u, group_by)];
          ++w.first;
          w.second += u.figure;
        }
        auto r = As(viewer).Get("/api/v1/campaigns/" + std::to_string(year_) + "/totals?status=" + status +
                                "&group_by=" + group_by);
        ASSERT_EQ(r.status, 200) << r;
        const nlohmann::json body = r.json();
        std::map<std::string, std::pair<long long, long long>> got;
        for (const auto& g : body["groups"]) {
          const std::string key = g["key"].is_string() ? g["key"].get<std::string>() : "";
          long long sum = -1;
          for (const auto& field : fields_) {
            auto v = Hundredths(g["totals"].value(field.code, nlohmann::json(0)));
            ASSERT_TRUE(v) << g;
            if (sum == -1) sum = *v;
            EXPECT_EQ(*v, sum) << "every item of one group sums the same units: " << g;
          }
          got[key] = {g["units"].get<long long>(), sum};
        }
        if (group_by == "none") {
          // The whole answer's units and totals, and the one group when anything counts.
          long long units = 0, sum = 0;
          for (const auto& [k, w] : want) units += w.first, sum += w.second;
          EXPECT_EQ(body["units"], units) << body;
          for (const auto& field : fields_)
            EXPECT_EQ(Hundredths(body["totals"].value(field.code, nlohmann::json(0))), sum) << body["totals"];
        } else {
          EXPECT_EQ(got, want) << body["groups"];
        }
      }
    }
  }
  void ExpectTalliesEqualTheReports(const std::string& step) {
    auto r = RunSciweek({"tallies", "check", "--db", server().db().url()});
    EXPECT_EQ(r.exit_code, 0) << step << ": " << r.out << r.err;
    EXPECT_NE(r.out.find("equal the plain sum"), std::string::npos) << r.out;
  }
  void ExpectAll(const std::string& step) {
    ExpectTotals(step, "admin", "");
    ExpectTotals(step, "tly-d1", "tly-d1");
    ExpectTotals(step, "tly-d2", "tly-d2");
    ExpectTalliesEqualTheReports(step);
  }

  HttpClient admin_ = Anonymous();
  int year_ = 0;
  std::vector<Unit> units_;
  std::vector<FormFieldInfo> fields_;
};

TEST_F(TotalsTalliesTest, TotalsStayExactThroughReviewRefilingAndUnitMoves) {
  ExpectAll("nothing filed");
  for (const auto& u : std::vector<Unit>(units_)) File(u.code);
  ExpectAll("all submitted");
  Decide("tly-mu", "approve", "approved");
  Decide("tly-en", "approve", "approved");
  Decide("tly-d2", "approve", "approved");
  ExpectAll("three approved");
  Decide("tly-un", "return", "returned");
  ExpectAll("the university returned");
  Decide("tly-mu", "reopen", "returned");
  ExpectAll("the museum reopened");
  U("tly-mu").figure = 6400;  // refiled with other figures
  File("tly-mu");
  ExpectAll("the museum refiled");
  // The street office moves to the second district, taking the museum with it.
  Move("tly-st", "other", "tly-d2");
  ExpectAll("the street moved to 乙区");
  // The enterprise is reclassified; the street office becomes a district of its own, so the
  // museum under it leaves 乙区's area for the street's.
  Move("tly-en", "university", "tly-d1");
  ExpectAll("the enterprise reclassified");
  Move("tly-st", "district", "tly-d2");
  ExpectAll("the street became a district");
  Decide("tly-st", "approve", "approved");
  ExpectAll("the new district approved");
}

}  // namespace
}  // namespace sciweek::test
