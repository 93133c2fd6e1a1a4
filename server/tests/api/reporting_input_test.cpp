// Bad figures are refused with the right status and change nothing (issue 3): wrong JSON
// types, negatives, unknown field codes, too many decimals, decimals on integer fields, a
// stale version (409 carrying the stored report), submitting an incomplete table. After each
// refusal the report, its history and its materials read back exactly as before. Filing
// happens in the demo's 2023 campaign (late, which is allowed); each test has its own unit.
#include <set>

#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

constexpr int kYear = 2023;

// A complete, valid table: integers 5 each, funds 12.34 万元 each, activities 10 ≥ 3 municipal.
nlohmann::json ValidValues() {
  return {{"activities_held", 10},       {"municipal_activities", 3}, {"fund_municipal", 12.34},
          {"fund_district", 12.34},      {"fund_enterprise", 12.34},  {"fund_in_kind", 12.34},
          {"fund_other", 12.34},         {"staff_fulltime", 5},       {"staff_scientists", 5},
          {"staff_volunteers", 5},       {"staff_other", 5},          {"participants_offline", 1500},
          {"participants_online", 3000}, {"media_outlets", 5},        {"media_reports", 5},
          {"venues_opened", 5},          {"institutes_opened", 5},    {"universities_opened", 5}};
}

class ReportingInputTest : public SharedServerTest {
 protected:
  // Everything a refused request must leave untouched.
  static nlohmann::json Snapshot(HttpClient& c, const std::string& org) {
    auto r = c.Get(ReportPath(kYear, org));
    auto h = c.Get(ReportPath(kYear, org, "/history"));
    EXPECT_EQ(r.status, 200) << r;
    EXPECT_EQ(h.status, 200) << h;
    if (r.status != 200 || h.status != 200) return nullptr;
    return {{"report", r.json()}, {"history", h.json()}};
  }

  // A draft with a few valid values, so there is something to overwrite.
  static void StartDraft(HttpClient& c, const std::string& org) {
    auto r = SaveDraft(c, kYear, org, {{"activities_held", 7}, {"fund_municipal", "1.50"}, {"staff_other", 2}});
    ASSERT_EQ(r.status, 200) << r;
  }

  struct BadCase {
    std::string what;
    nlohmann::json values;
    std::string field;  // the detail that must name it
    std::string code;   // the detail's code, when the contract names one
  };

  // PUTs each bad body with the right version; each must be 422 naming the field, and the
  // report (values, version, status), history and materials must not change.
  static void ExpectRefused(const std::string& org, const std::vector<BadCase>& cases) {
    HttpClient c = As(org);
    StartDraft(c, org);
    const auto before = Snapshot(c, org);
    ASSERT_FALSE(before.is_null());
    for (const auto& bad : cases) {
      SCOPED_TRACE(bad.what + ": " + bad.values.dump());
      auto r = c.Put(ReportPath(kYear, org), {{"values", bad.values}, {"version", before["report"]["version"]}});
      EXPECT_TRUE(IsError(r, 422, "validation_failed"));
      EXPECT_TRUE(HasDetail(r, bad.field));
      if (!bad.code.empty()) {
        bool found = false;
        for (const auto& d : r.json()["error"].value("details", nlohmann::json::array()))
          found = found || (d.value("field", "") == bad.field && d.value("code", "") == bad.code);
        EXPECT_TRUE(found) << "no detail {field:" << bad.field << ", code:" << bad.code << "} in " << r;
      }
      EXPECT_EQ(Snapshot(c, org), before) << "a refused PUT changed the report";
    }
  }
};

TEST_F(ReportingInputTest, WrongJsonTypesAre422AndChangeNothing) {
  ExpectRefused("110101", {
                              {"string on an integer field", {{"activities_held", "abc"}}, "activities_held", "type"},
                              {"string on a decimal field", {{"fund_district", "abc"}}, "fund_district", "type"},
                              {"bool", {{"staff_fulltime", true}}, "staff_fulltime", "type"},
                              {"object", {{"media_outlets", nlohmann::json::object()}}, "media_outlets", "type"},
                              {"array", {{"venues_opened", nlohmann::json::array({1})}}, "venues_opened", "type"},
                              {"bool on a decimal field", {{"fund_other", false}}, "fund_other", "type"},
                          });
  // The whole body must be an object with "values" an object.
  HttpClient c = As("110101");
  const auto before = Snapshot(c, "110101");
  for (const nlohmann::json& body :
       {nlohmann::json{{"values", "abc"}, {"version", before["report"]["version"]}},
        nlohmann::json{{"values", nlohmann::json::array()}, {"version", before["report"]["version"]}},
        nlohmann::json{{"values", {{"activities_held", 1}}}, {"version", "x"}}}) {
    auto r = c.Put(ReportPath(kYear, "110101"), body);
    EXPECT_TRUE(r.status == 400 || r.status == 422) << body.dump() << " → " << r;
    EXPECT_EQ(Snapshot(c, "110101"), before) << body.dump();
  }
  auto r = c.Send("PUT", ReportPath(kYear, "110101"), "{\"values\":", "application/json");
  EXPECT_TRUE(IsError(r, 400, "invalid_input")) << "malformed JSON";
  EXPECT_EQ(Snapshot(c, "110101"), before);
}

TEST_F(ReportingInputTest, NegativesAre422AndChangeNothing) {
  ExpectRefused("110102", {
                              {"negative integer", {{"staff_fulltime", -1}}, "staff_fulltime", "range"},
                              {"negative decimal", {{"fund_enterprise", -0.01}}, "fund_enterprise", "range"},
                              {"negative decimal string", {{"fund_in_kind", "-5.00"}}, "fund_in_kind", "range"},
                              {"negative among valid values",
                               {{"activities_held", 9}, {"participants_offline", -100}},
                               "participants_offline",
                               "range"},
                          });
}

TEST_F(ReportingInputTest, UnknownFieldCodesAre422AndChangeNothing) {
  ExpectRefused("110106", {
                              {"unknown code", {{"no_such_field", 1}}, "no_such_field", "unknown"},
                              {"unknown among valid values",
                               {{"activities_held", 9}, {"prev_activities_held", 1}},
                               "prev_activities_held",
                               "unknown"},
                              {"label instead of code", {{"举办活动次数", 3}}, "举办活动次数", "unknown"},
                          });
}

TEST_F(ReportingInputTest, TooManyDecimalsAndDecimalsOnIntegerFieldsAre422AndChangeNothing) {
  ExpectRefused("110107", {
                              {"3 decimals on a fund field", {{"fund_municipal", 1.234}}, "fund_municipal", "type"},
                              {"3 decimals as a string", {{"fund_district", "12.345"}}, "fund_district", "type"},
                              {"3 decimals among valid values",
                               {{"fund_other", 3.5}, {"fund_enterprise", 0.001}},
                               "fund_enterprise",
                               "type"},
                              {"decimal on an integer field", {{"activities_held", 1.5}}, "activities_held", "type"},
                              {"decimal string on an integer field", {{"staff_other", "2.50"}}, "staff_other", ""},
                          });
  // Two places are fine, as numbers and as strings, and read back exactly.
  HttpClient c = As("110107");
  auto r = SaveDraft(c, kYear, "110107", {{"fund_municipal", 0.1}, {"fund_district", "1234.56"}, {"fund_other", 0.07}});
  ASSERT_EQ(r.status, 200) << r;
  auto v = r.json()["values"];
  EXPECT_EQ(Hundredths(v["fund_municipal"]), 10);
  EXPECT_EQ(Hundredths(v["fund_district"]), 123456);
  EXPECT_EQ(Hundredths(v["fund_other"]), 7);
}

TEST_F(ReportingInputTest, StaleVersionIs409WithTheStoredReportAndOverwritesNothing) {
  HttpClient c = As("110109");
  StartDraft(c, "110109");
  auto first = c.Get(ReportPath(kYear, "110109")).json();
  const auto stale = first["version"];
  // Someone else (the same unit, another tab) saves first.
  auto r = c.Put(ReportPath(kYear, "110109"), {{"values", {{"activities_held", 11}}}, {"version", stale}});
  ASSERT_EQ(r.status, 200) << r;
  const auto before = Snapshot(c, "110109");
  EXPECT_NE(before["report"]["version"], stale) << "a save bumps the version";
  r = c.Put(ReportPath(kYear, "110109"),
            {{"values", {{"activities_held", 99}, {"staff_other", 42}}}, {"version", stale}});
  EXPECT_TRUE(IsError(r, 409, "conflict"));
  auto err = r.json()["error"];
  EXPECT_EQ(err["field"], "version");
  ASSERT_TRUE(err.contains("current") && err["current"].is_object()) << r;
  EXPECT_EQ(err["current"]["values"], before["report"]["values"]) << "error.current carries the stored values";
  EXPECT_EQ(err["current"]["version"], before["report"]["version"]);
  EXPECT_EQ(Hundredths(err["current"]["values"]["activities_held"]), 1100);
  EXPECT_EQ(Snapshot(c, "110109"), before) << "nothing overwritten";
  // A version from the future is just as stale.
  r = c.Put(ReportPath(kYear, "110109"),
            {{"values", {{"activities_held", 98}}}, {"version", before["report"]["version"].get<long long>() + 5}});
  EXPECT_TRUE(IsError(r, 409, "conflict"));
  EXPECT_EQ(Snapshot(c, "110109"), before);
  // A stale version on submit is refused too, and the report stays a draft.
  r = c.Post(ReportPath(kYear, "110109", "/submit"), {{"version", stale}});
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_EQ(Snapshot(c, "110109"), before);
}

TEST_F(ReportingInputTest, SubmittingAnIncompleteTableIs422ListingEveryEmptyRequiredField) {
  HttpClient c = As("110111");
  StartDraft(c, "110111");  // activities_held, fund_municipal, staff_other
  const auto before = Snapshot(c, "110111");
  auto r = Submit(c, kYear, "110111");
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  int required = 0;
  const auto all_fields = ValidValues();
  for (const auto& [code, v] : all_fields.items()) {
    const bool filled = code == "activities_held" || code == "fund_municipal" || code == "staff_other";
    bool named = false;
    for (const auto& d : r.json()["error"].value("details", nlohmann::json::array()))
      named = named || (d.value("field", "") == code && d.value("code", "") == "required");
    EXPECT_EQ(named, !filled) << code << " in " << r;
    required += named;
  }
  EXPECT_EQ(required, 15);
  EXPECT_EQ(Snapshot(c, "110111"), before) << "a refused submit leaves the draft as it was";
}

// docs/api.md: submit → "422 details for empty required fields"; a report never saved has
// all 18 of them empty.
TEST_F(ReportingInputTest, SubmittingANeverSavedReportIs422ListingAllRequiredFields) {
  HttpClient d = As("110112");
  const auto empty_before = Snapshot(d, "110112");
  auto r = Submit(d, kYear, "110112");
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_EQ(r.json()["error"].value("details", nlohmann::json::array()).size(), 18u) << r;
  EXPECT_EQ(Snapshot(d, "110112"), empty_before);
}

TEST_F(ReportingInputTest, HardRuleFailureOnSubmitIs422AndKeepsTheDraft) {
  HttpClient c = As("110113");
  auto values = ValidValues();
  values["municipal_activities"] = 11;  // > activities_held 10
  auto r = SaveDraft(c, kYear, "110113", values);
  ASSERT_EQ(r.status, 200) << "a draft may break a rule: " << r;
  const auto before = Snapshot(c, "110113");
  r = Submit(c, kYear, "110113");
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  std::set<std::string> fields;
  for (const auto& d : r.json()["error"].value("details", nlohmann::json::array()))
    if (d.value("code", "") == "municipal_le_held") fields.insert(d.value("field", ""));
  EXPECT_EQ(fields, (std::set<std::string>{"activities_held", "municipal_activities"})) << r;
  EXPECT_EQ(Snapshot(c, "110113"), before);
}

TEST_F(ReportingInputTest, ApprovedReportIsReadOnly) {
  HttpClient c = As("110114");
  auto r = SaveDraft(c, kYear, "110114", ValidValues());
  ASSERT_EQ(r.status, 200) << r;
  ASSERT_EQ(Submit(c, kYear, "110114").status, 200);
  r = As("reviewer").Post(ReportPath(kYear, "110114", "/approve"), nlohmann::json::object());
  ASSERT_EQ(r.status, 200) << r;
  const auto before = Snapshot(c, "110114");
  r = c.Put(ReportPath(kYear, "110114"),
            {{"values", {{"activities_held", 12}}}, {"version", before["report"]["version"]}});
  EXPECT_TRUE(r.status == 403 || r.status == 409) << r;
  r = Upload(c, kYear, "110114", "summary", "总结.pdf", MinimalPdf("late summary"));
  EXPECT_TRUE(r.status == 403 || r.status == 409) << r;
  EXPECT_EQ(Snapshot(c, "110114"), before);
}

}  // namespace
}  // namespace sciweek::test
