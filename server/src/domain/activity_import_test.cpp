#include "domain/activity_import.hpp"

#include <gtest/gtest.h>

#include "core/time.hpp"

namespace sciweek::domain {
namespace {

RawValue T(const std::string& s) { return {RawValue::Kind::kString, 0, s}; }
RawValue N(double d) { return {RawValue::Kind::kNumber, d, {}}; }

core::UnixTime Beijing(const char* iso) { return *core::ParseDateTime(std::string(iso) + "+08:00"); }

// One row under the template's header; only the columns given.
std::vector<ImportedActivity> Read(const std::vector<std::pair<std::string, RawValue>>& cells,
                                   std::vector<ImportProblem>& problems) {
  ImportSheet s{"活动", {{T("标题行")}, {}, {}}};
  s.rows[1].push_back(T("活动名称"));
  s.rows[2].push_back(T("某活动"));
  for (const auto& [header, value] : cells) {
    s.rows[1].push_back(T(header));
    s.rows[2].push_back(value);
  }
  return ReadActivityGrid({s}, problems);
}

ImportedActivity ReadOne(const std::vector<std::pair<std::string, RawValue>>& cells) {
  std::vector<ImportProblem> problems;
  auto rows = Read(cells, problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(rows.size(), 1u);
  return rows.empty() ? ImportedActivity{} : rows[0];
}

TEST(ActivityImportTest, TimesReadInEveryWayASpreadsheetWritesThem) {
  const auto at = Beijing("2027-05-20T09:05:00");
  for (const char* text : {"2027-05-20 09:05", "2027/5/20 9:05", "2027.5.20 9:05:00", " 2027-05-20T09:05:00.000Z ",
                           "2027-05-20   09：05", "2027-05-20T09:05:30.5"}) {
    auto row = ReadOne({{"开始时间", T(text)}, {"结束时间", T("2027-05-20 10:00")}});
    EXPECT_TRUE(row.problems.empty()) << text;
    EXPECT_EQ(row.plan.starts_at, at) << text;
  }
  // An Excel date-time serial: 46527.37847… is 2027-05-20 09:05 as a wall time.
  auto serial = ReadOne({{"开始时间", N(46527.0 + (9 * 60 + 5) / 1440.0)}, {"结束时间", T("2027-05-20 10:00")}});
  EXPECT_EQ(serial.plan.starts_at, at);
}

TEST(ActivityImportTest, ATimeThatDoesNotReadIsAProblemAtItsCell) {
  for (const char* text : {"2027-05-20", "09:00", "2027-05-20 9:5", "20270-05-20 09:00", "2027-13-01 09:00",
                           "2027-05-20 09:00:1", "2027-05-20 09:00 下午", "2027-05-20 24:00", "明天上午"}) {
    auto row = ReadOne({{"开始时间", T(text)}, {"结束时间", T("2027-05-20 10:00")}});
    ASSERT_EQ(row.problems.size(), 1u) << text;
    EXPECT_EQ(row.problems[0].field, "starts_at");
    EXPECT_EQ(row.problems[0].cell, "B3") << "the 开始时间 cell of row 3";
  }
}

TEST(ActivityImportTest, SessionsReadWithOrWithoutTheirDay) {
  auto row = ReadOne({{"开始时间", T("2027-05-20 09:00")},
                      {"结束时间", T("2027-05-21 17:00")},
                      {"场次", T("09:00-10:30 40；2027-05-21 14:00～15:30 80人; 16:00 至 17:00 5")}});
  ASSERT_TRUE(row.problems.empty());
  ASSERT_EQ(row.plan.sessions.size(), 3u);
  EXPECT_EQ(row.plan.sessions[0].starts_at, Beijing("2027-05-20T09:00:00"));
  EXPECT_EQ(row.plan.sessions[0].ends_at, Beijing("2027-05-20T10:30:00"));
  EXPECT_EQ(row.plan.sessions[0].capacity, 40);
  EXPECT_EQ(row.plan.sessions[1].starts_at, Beijing("2027-05-21T14:00:00"));
  EXPECT_EQ(row.plan.sessions[1].capacity, 80);
  EXPECT_EQ(row.plan.sessions[2].starts_at, Beijing("2027-05-20T16:00:00")) << "no day: the activity's first";
  EXPECT_EQ(row.plan.sessions[2].capacity, 5);
}

TEST(ActivityImportTest, ASessionListThatDoesNotReadKeepsNoSessionAndSaysHow) {
  for (const char* text : {"09:00-10:30", "09:00-10:30 四十", "9-10 40", "2027-05-2114:00-15:30 80",
                           "09:00-10:30 1234567", "09:00-10:30 40 extra"}) {
    auto row = ReadOne({{"开始时间", T("2027-05-20 09:00")}, {"结束时间", T("2027-05-20 17:00")}, {"场次", T(text)}});
    ASSERT_EQ(row.problems.size(), 1u) << text;
    EXPECT_EQ(row.problems[0].field, "sessions");
    EXPECT_TRUE(row.plan.sessions.empty()) << text;
  }
}

TEST(ActivityImportTest, AHostileCellIsReadInLinearTimeWithoutRecursion) {
  // std::regex recursed once per character here; a 1 MB cell is refused, not a stack overflow.
  const std::string long_time = "2027-05-20 " + std::string(1 << 20, ' ') + "09:00";
  std::string long_sessions;
  for (int i = 0; i < 50000; ++i) long_sessions += "09:00-10:00 1；";
  long_sessions += "9";
  auto row = ReadOne({{"开始时间", T(long_time)}, {"结束时间", T("2027-05-20 10:00")}, {"场次", T(long_sessions)}});
  EXPECT_EQ(row.plan.starts_at, Beijing("2027-05-20T09:00:00")) << "spaces between date and time are allowed";
  ASSERT_EQ(row.problems.size(), 1u);
  EXPECT_EQ(row.problems[0].field, "sessions");
}

TEST(ActivityImportTest, AFileWithoutTheHeaderIsNoTable) {
  std::vector<ImportProblem> problems;
  auto rows = ReadActivityGrid({ImportSheet{"Sheet1", {{T("名称"), T("时间")}, {T("x"), T("y")}}}}, problems);
  EXPECT_TRUE(rows.empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "no_table");
}

}  // namespace
}  // namespace sciweek::domain
