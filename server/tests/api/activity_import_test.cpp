// Activities from the import template (issue 10 §5): the unit downloads the template, fills
// rows (here: the grid openpyxl reads from the downloaded file, rows appended as a user types
// them, including Excel date-time cells), a dry run names each problem's cell, and applying
// creates the drafts — all or nothing, never twice for the same activity.
#include "support/activities.hpp"
#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

using nlohmann::json;

class ActivityImportTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    if (!server_) return;
    HttpClient admin = As("admin");
    year_ = CreateFutureCampaign(admin);
  }

 protected:
  static std::string Path(const std::string& tail) { return "/api/v1/campaigns/" + std::to_string(year_) + tail; }
  // The template as openpyxl reads it, as the import's grid.
  static json Template(HttpClient& c) {
    auto r = c.Get(Path("/activity-template.xlsx"));
    EXPECT_EQ(r.status, 200) << r;
    EXPECT_NE(r.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
    TempDir tmp;
    WriteBytes(tmp.File("t.xlsx"), r.body);
    json sheets = json::array();
    try {
      for (const auto& s : ReadXlsx(tmp.File("t.xlsx"))) sheets.push_back({{"name", s["title"]}, {"rows", s["rows"]}});
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
    }
    return {{"sheets", sheets}};
  }
  // A row in the template's column order.
  static json Row(const std::string& title, const json& starts, const json& ends, const std::string& sessions,
                  const std::string& district = "海淀区", const std::string& category = "科普基地活动") {
    return json::array({title, category, "offline", district, "中关村科学城展示中心", "海淀区中关村大街1号", starts,
                        ends, "青少年、亲子家庭", "动手做实验", "王老师", "010-62345678", "是", "是", sessions});
  }
  static std::string Day(int d, const std::string& hm) {
    return std::to_string(year_) + "-05-" + (d < 10 ? "0" : "") + std::to_string(d) + " " + hm;
  }
  // An Excel date-time serial for 20 May of the campaign's year at `hour` (wall time).
  static double Serial(int hour) {
    const long long days = *ParseDays(std::to_string(year_) + "-05-20");
    return static_cast<double>(days + 25569) + hour / 24.0;
  }
  static std::optional<long long> ParseDays(const std::string& date) {
    int y = 0, m = 0, d = 0;
    if (std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return std::nullopt;
    // days from 1970-01-01 (civil from days, Howard Hinnant)
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
  }
  static std::set<std::string> ProblemsAt(const json& outcome) {
    std::set<std::string> out;
    for (const auto& p : outcome["problems"])
      out.insert(p["field"].get<std::string>() + "@" + p["cell"].get<std::string>());
    return out;
  }

  static inline int year_ = 0;
};

TEST_F(ActivityImportTest, FilledTemplateRowsBecomeDraftsWithTheirSessionsOnceOnly) {
  ASSERT_NE(year_, 0);
  HttpClient unit = As("110108");
  auto grid = Template(unit);
  ASSERT_GE(grid["sheets"].size(), 2u);
  EXPECT_EQ(grid["sheets"][0]["name"], "活动");
  EXPECT_EQ(grid["sheets"][1]["name"], "填写说明");
  auto& rows = grid["sheets"][0]["rows"];
  rows.push_back(Row("导入·机器人编程", Day(20, "09:00"), Day(20, "12:00"), "09:00-10:30 40；10:30-12:00 40"));
  // Excel date-time cells (serial numbers), the district by its code, a session on another day.
  rows.push_back(Row("导入·天文观测", Serial(19), Serial(21), Day(20, "19:00") + "-21:00 30", "110108", "开放日"));
  auto r = unit.Post(Path("/activity-import?mode=dry_run"), grid);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(r.json()["problems"].empty()) << r;
  ASSERT_EQ(r.json()["items"].size(), 2u);
  EXPECT_EQ(r.json()["items"][0]["sessions"], 2);
  EXPECT_EQ(r.json()["items"][0]["row"], 3) << "the title row, the header, then the first activity";
  EXPECT_TRUE(r.json()["items"][0]["id"].is_null()) << "a dry run creates nothing";

  r = unit.Post(Path("/activity-import?mode=apply"), grid);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(r.json()["applied"]);
  const auto id = r.json()["items"][1]["id"];
  ASSERT_TRUE(id.is_number()) << r;
  auto a = unit.Get("/api/v1/activities/" + id.dump()).json();
  EXPECT_EQ(a["status"], "draft");
  EXPECT_EQ(a["title"], "导入·天文观测");
  EXPECT_EQ(a["lead_org"]["code"], "110108");
  EXPECT_EQ(a["district"]["code"], "110108");
  EXPECT_EQ(a["starts_at"], MayTime(year_, 20, 19)) << "an Excel time is Beijing wall time";
  ASSERT_EQ(a["sessions"].size(), 1u);
  EXPECT_EQ(a["sessions"][0]["capacity"], 30);
  EXPECT_EQ(a["audience"], json::array({"青少年", "亲子家庭"}));
  auto audit = As("admin").Get("/api/v1/audit?action=activity.imported&entity_id=" + id.dump());
  EXPECT_EQ(audit.json()["total"], 1) << audit;

  // The same file again: every row is already there.
  r = unit.Post(Path("/activity-import?mode=dry_run"), grid);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["problems"].size(), 2u) << r;
  EXPECT_TRUE(ProblemsAt(r.json()).count("title@A3")) << r;
  EXPECT_TRUE(IsError(unit.Post(Path("/activity-import?mode=apply"), grid), 422, "validation_failed"));
}

TEST_F(ActivityImportTest, EachBadCellIsNamedAndNothingIsCreated) {
  ASSERT_NE(year_, 0);
  HttpClient unit = As("110108");
  auto grid = Template(unit);
  auto& rows = grid["sheets"][0]["rows"];
  rows.push_back(Row("导入·坏类别", Day(21, "09:00"), Day(21, "10:00"), "09:00-10:00 10", "海淀区", "不存在的类别"));
  rows.push_back(Row("导入·坏区", Day(21, "09:00"), Day(21, "10:00"), "09:00-10:00 10", "火星区"));
  rows.push_back(Row("导入·坏时间", "明天上午", Day(21, "10:00"), "09:00-10:00 10"));
  rows.push_back(Row("导入·坏场次", Day(21, "09:00"), Day(21, "10:00"), "上午一场，50人"));
  rows.push_back(Row("导入·场次超出", Day(21, "09:00"), Day(21, "10:00"), "09:00-11:00 10"));
  auto r = unit.Post(Path("/activity-import?mode=dry_run"), grid);
  ASSERT_EQ(r.status, 200) << r;
  const auto at = ProblemsAt(r.json());
  for (const auto& want : std::vector<std::string>{"category@B3", "district@D4", "starts_at@G5", "sessions@O6",
                                                   "sessions[0].starts_at@O7"})
    EXPECT_TRUE(at.count(want)) << want << " in " << r.json()["problems"].dump();
  r = unit.Post(Path("/activity-import?mode=apply"), grid);
  EXPECT_TRUE(IsError(r, 422, "validation_failed")) << r;
  EXPECT_NE(r.body.find("活动!B3"), std::string::npos) << r;
  auto list = unit.Get(Path("/activities?q=" + UrlEncode("导入·坏"))).json();
  EXPECT_EQ(list["total"], 0) << "all or nothing";
}

TEST_F(ActivityImportTest, WhoMayImportAndWhatIsNotATemplate) {
  ASSERT_NE(year_, 0);
  HttpClient unit = As("110108");
  auto grid = Template(unit);
  EXPECT_TRUE(IsError(As("checkin").Get(Path("/activity-template.xlsx")), 403, "forbidden"));
  EXPECT_TRUE(IsError(As("checkin").Post(Path("/activity-import?mode=dry_run"), grid), 403, "forbidden"));
  EXPECT_TRUE(IsError(server_->Client().Post(Path("/activity-import?mode=dry_run"), grid), 401, "unauthenticated"));
  EXPECT_TRUE(IsError(unit.Post(Path("/activity-import?mode=x"), grid), 400, "invalid_input"));
  json sheet = {{"name", "S"}, {"rows", json::array({json::array({"a", "b"})})}};
  auto r = unit.Post(Path("/activity-import"), json{{"sheets", json::array({sheet})}});
  ASSERT_EQ(r.status, 200) << r;
  ASSERT_EQ(r.json()["problems"].size(), 1u);
  EXPECT_EQ(r.json()["problems"][0]["code"], "no_table");
  EXPECT_TRUE(IsError(unit.Post("/api/v1/campaigns/1999/activity-import", grid), 404, "not_found"));
}

}  // namespace
}  // namespace sciweek::test
