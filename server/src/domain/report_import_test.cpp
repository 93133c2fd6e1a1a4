#include "domain/report_import.hpp"

#include <gtest/gtest.h>

namespace sciweek::domain {
namespace {

RawValue T(const std::string& s) { return {RawValue::Kind::kString, 0, s}; }
RawValue N(double d) { return {RawValue::Kind::kNumber, d, {}}; }
RawValue E() { return {}; }

TEST(ReportImportTest, CellNamesAreSpreadsheetAddresses) {
  EXPECT_EQ(CellName(0, 0), "A1");
  EXPECT_EQ(CellName(11, 25), "Z12");
  EXPECT_EQ(CellName(11, 26), "AA12");
  EXPECT_EQ(CellName(0, 27), "AB1");
  EXPECT_EQ(CellName(0, 701), "ZZ1");
  EXPECT_EQ(CellName(0, 702), "AAA1");
}

TEST(ReportImportTest, ColumnsAreFoundByTheirHeadersWhereverTheyStand) {
  const auto form = DefaultTemplate();
  // A flat sheet with the columns shuffled, a bare label, a subtotal row and a blank line.
  ImportSheet s{"数据",
                {{T("说明")},
                 {T("宣传报道数量"), T("单位名称"), T("举办活动次数（次）"), T("单位代码")},
                 {N(4), T("甲"), N(12), N(110108)},
                 {N(1), T("小计：区"), N(12), E()},
                 {},
                 {E(), T("乙"), T(" 7 "), T("u-2")}}};
  const auto read = ReadStatisticsGrid(form, {s});
  ASSERT_TRUE(read.problems.empty());
  ASSERT_EQ(read.rows.size(), 2u);
  EXPECT_EQ(read.rows[0].unit_code, "110108") << "a code typed as a number reads as its digits";
  EXPECT_EQ(read.rows[0].row, 3);
  EXPECT_EQ(read.rows[0].cells.at("activities_held"), "C3");
  EXPECT_EQ(read.rows[0].values.at("media_reports").number, 4);
  EXPECT_EQ(read.rows[1].unit_code, "u-2");
  EXPECT_EQ(read.rows[1].values.count("media_reports"), 0u) << "an empty cell is left out, never a zero";
  EXPECT_EQ(read.rows[1].values.at("activities_held").text, "7");
}

TEST(ReportImportTest, AUnitTableReadsItsItemsAndNamesTheUnitFromItsSealLine) {
  const auto form = DefaultTemplate();
  ImportSheet s{"统计表",
                {{T("2027年北京科技周活动开展情况统计表")},
                 {T("各区、各有关部门（盖章）：中国科学技术馆")},
                 {T("类别"), T("项目"), T("数量")},
                 {T("科普活动开展次数"), T("举办活动次数（次）"), N(30)},
                 {E(), T("承接北京市科普活动个数（个）"), N(2)},
                 {T("科技周期间开放的科普场馆数量（个）"), E(), N(1)},
                 {E(), T("不存在的项目"), N(5)},
                 {T("填报日期：        （盖章）")},
                 {E(), T("举办活动次数（次）"), N(99)}}};
  const auto read = ReadStatisticsGrid(form, {s});
  ASSERT_EQ(read.rows.size(), 1u);
  const auto& u = read.rows[0];
  EXPECT_EQ(u.unit_name, "中国科学技术馆");
  EXPECT_EQ(u.unit_cell, "A2");
  EXPECT_EQ(u.values.at("activities_held").number, 30) << "rows after 填报日期 are not read";
  EXPECT_EQ(u.cells.at("municipal_activities"), "C5");
  EXPECT_EQ(u.values.at("venues_opened").number, 1) << "a one-item section spans 类别 and 项目";
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_EQ(read.problems[0].code, "unknown_item");
  EXPECT_EQ(read.problems[0].cell, "C7");
}

TEST(ReportImportTest, AFileWithoutAnyTableSaysSo) {
  const auto read = ReadStatisticsGrid(DefaultTemplate(), {ImportSheet{"Sheet1", {{T("a"), T("b")}}}});
  EXPECT_TRUE(read.rows.empty());
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_EQ(read.problems[0].code, "no_table");
}

}  // namespace
}  // namespace sciweek::domain
