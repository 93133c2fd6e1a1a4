#include "domain/report_layouts.hpp"

#include <gtest/gtest.h>

#include <tuple>

namespace sciweek::domain {
namespace {

// Columns of the default template on the summary sheet: 6 identifying columns, then the
// attachment's 18 items in order.
constexpr int kActivities = 6, kFunds = 8, kStaff = 13, kParticipants = 17, kMedia = 19, kVenues = 21, kInstitutes = 22,
              kUniversities = 23, kColumns = 24;

Campaign Campaign2023() {
  Campaign c;
  c.year = 2023;
  c.edition = 29;
  return c;
}

std::string Text(const Cell& c) {
  const auto* s = std::get_if<std::string>(&c.value);
  return s ? *s : std::string();
}
std::optional<Hundredths> Number(const Cell& c) {
  const auto* v = std::get_if<Hundredths>(&c.value);
  return v ? std::optional<Hundredths>(*v) : std::nullopt;
}
bool IsEmpty(const Cell& c) { return std::holds_alternative<std::monostate>(c.value); }

bool HasMerge(const Sheet& s, int r1, int c1, int r2, int c2) {
  for (const Merge& m : s.merges)
    if (std::tie(m.first_row, m.first_col, m.last_row, m.last_col) == std::tie(r1, c1, r2, c2)) return true;
  return false;
}

std::vector<Row> Body(const Sheet& s) {
  std::vector<Row> rows;
  Row r;
  while (s.next_row(r)) rows.push_back(r);
  return rows;
}

// Yields the given units one at a time, as a database cursor would.
std::function<bool(UnitFigures&)> Units(std::vector<UnitFigures> units) {
  auto list = std::make_shared<std::vector<UnitFigures>>(std::move(units));
  auto i = std::make_shared<size_t>(0);
  return [list, i](UnitFigures& u) {
    if (*i >= list->size()) return false;
    u = (*list)[(*i)++];
    return true;
  };
}

}  // namespace

TEST(ReportLayouts, SummaryHeaderIsTheAttachmentsTwoLevelHeader) {
  const Workbook book = SummaryWorkbook(Campaign2023(), DefaultTemplate(), Units({}), CompletenessFrom({}));
  ASSERT_EQ(book.sheets.size(), 2u);
  const Sheet& s = book.sheets[0];
  EXPECT_EQ(s.name, "汇总");
  ASSERT_EQ(s.head.size(), 3u);
  EXPECT_EQ(Text(s.head[0][0]), "2023年北京科技周活动开展情况统计表（汇总）");
  EXPECT_TRUE(HasMerge(s, 0, 0, 0, kColumns - 1));
  const Row& top = s.head[1];
  const Row& bottom = s.head[2];
  ASSERT_EQ(top.size(), static_cast<size_t>(kColumns));
  ASSERT_EQ(bottom.size(), static_cast<size_t>(kColumns));
  const char* fixed[] = {"序号", "单位代码", "单位名称", "单位类型", "所属区", "状态"};
  for (int c = 0; c < 6; ++c) {
    EXPECT_EQ(Text(top[c]), fixed[c]);
    EXPECT_TRUE(HasMerge(s, 1, c, 2, c)) << c;
  }
  // Categories over their items, each item with its unit.
  EXPECT_EQ(Text(top[kActivities]), "科普活动开展次数");
  EXPECT_TRUE(HasMerge(s, 1, kActivities, 1, kActivities + 1));
  EXPECT_EQ(Text(bottom[kActivities]), "举办活动次数（次）");
  EXPECT_EQ(Text(top[kFunds]), "活动经费投入数量（单位：万元）");
  EXPECT_TRUE(HasMerge(s, 1, kFunds, 1, kFunds + 4));
  EXPECT_EQ(Text(bottom[kFunds + 3]), "实物投入情况（如：捐赠图书、创新操作室等）（万元）");
  EXPECT_TRUE(HasMerge(s, 1, kStaff, 1, kStaff + 3));
  EXPECT_TRUE(HasMerge(s, 1, kParticipants, 1, kParticipants + 1));
  EXPECT_EQ(Text(bottom[kParticipants + 1]), "线上活动群众参与数量（人次）");
  EXPECT_TRUE(HasMerge(s, 1, kMedia, 1, kMedia + 1));
  // One-item categories stand alone across both header rows.
  for (int c : {kVenues, kInstitutes, kUniversities}) EXPECT_TRUE(HasMerge(s, 1, c, 2, c)) << c;
  EXPECT_EQ(Text(top[kVenues]), "科技周期间开放的科普场馆数量（个）");
  EXPECT_EQ(Text(top[kUniversities]), "科技周期间开放活动的大学数量（个）");
  EXPECT_EQ(s.merges.size(), 1u + 6u + 5u + 3u);
  EXPECT_EQ(s.freeze_rows, 3);
  EXPECT_TRUE(s.landscape);
}

TEST(ReportLayouts, SummaryGroupsByTypeWithExactSubtotalsAndTotal) {
  std::vector<UnitFigures> units = {
      {"u1", "甲研究所", "科研院所", "海淀区", "已审核", {{"fund_municipal", 10}, {"activities_held", 300}}},
      {"u2", "乙研究所", "科研院所", "朝阳区", "已审核", {{"fund_municipal", 20}, {"activities_held", std::nullopt}}},
      {"u3", "丙大学", "高等院校", "海淀区", "已提交", {{"activities_held", 500}}},
  };
  const Workbook book = SummaryWorkbook(Campaign2023(), DefaultTemplate(), Units(units), CompletenessFrom({}));
  const Sheet& s = book.sheets[0];
  const std::vector<Row> rows = Body(s);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(Number(rows[0][0]), 100);  // 序号 1
  EXPECT_EQ(Text(rows[0][2]), "甲研究所");
  EXPECT_EQ(Text(rows[0][4]), "海淀区");
  EXPECT_EQ(Text(rows[1][2]), "乙研究所");
  EXPECT_TRUE(IsEmpty(rows[1][kActivities]));  // not filled stays empty, never 0
  EXPECT_EQ(Text(rows[2][2]), "小计：科研院所");
  EXPECT_EQ(rows[2][2].style, CellStyle::kTotalText);
  // 0.1 + 0.2 万元 is exactly 0.30 in hundredths.
  EXPECT_EQ(Number(rows[2][kFunds]), 30);
  EXPECT_EQ(FormatDecimal2(*Number(rows[2][kFunds])), "0.30");
  EXPECT_EQ(rows[2][kFunds].style, CellStyle::kTotalDecimal2);
  EXPECT_EQ(Number(rows[2][kActivities]), 300);
  EXPECT_EQ(rows[2][kActivities].style, CellStyle::kTotalInteger);
  EXPECT_TRUE(IsEmpty(rows[2][kVenues]));  // nobody filled it: the subtotal is empty too
  EXPECT_EQ(Number(rows[3][0]), 300);      // 序号 runs on across groups
  EXPECT_EQ(Text(rows[4][2]), "小计：高等院校");
  EXPECT_TRUE(IsEmpty(rows[4][kFunds]));

  const std::vector<Row> tail = s.tail();
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(Text(tail[0][2]), "合计");
  EXPECT_EQ(Number(tail[0][kFunds]), 30);
  EXPECT_EQ(Number(tail[0][kActivities]), 800);
  EXPECT_TRUE(IsEmpty(tail[0][kVenues]));
  EXPECT_EQ(tail[0].size(), static_cast<size_t>(kColumns));
}

TEST(ReportLayouts, SummaryOfNoUnitsHasAnEmptyTotal) {
  const Workbook book = SummaryWorkbook(Campaign2023(), DefaultTemplate(), Units({}), CompletenessFrom({}));
  EXPECT_TRUE(Body(book.sheets[0]).empty());
  const auto tail = book.sheets[0].tail();
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_TRUE(IsEmpty(tail[0][kFunds]));
}

TEST(ReportLayouts, SummaryTailHasEachDistrictsAreaAndOwnFiguresThatAddUpToTheTotal) {
  // 海淀区 files 1, two museums under it 10 and 100, a unit under no district 1000: the area
  // is 111, 本单位 1, and 合计 1111 — nobody counted twice.
  std::vector<UnitFigures> units = {
      {"d1", "海淀区", "区", "海淀区", "已提交", {{"activities_held", 100}}, "d1"},
      {"m1", "甲博物馆", "科普场馆", "海淀区", "已提交", {{"activities_held", 1000}}, "d1"},
      {"m2", "乙博物馆", "科普场馆", "海淀区", "已提交", {{"activities_held", 10000}}, "d1"},
      {"x1", "丙学会", "学会", "", "已提交", {{"activities_held", 100000}}, ""},
  };
  const Workbook book = SummaryWorkbook(Campaign2023(), DefaultTemplate(), Units(units), CompletenessFrom({}));
  Body(book.sheets[0]);
  const std::vector<Row> tail = book.sheets[0].tail();
  ASSERT_EQ(tail.size(), 4u);
  EXPECT_EQ(Text(tail[0][2]), "小计：海淀区（辖区合计）");
  EXPECT_EQ(Number(tail[0][kActivities]), 11100);
  EXPECT_EQ(Text(tail[1][2]), "其中：海淀区（本单位）");
  EXPECT_EQ(Number(tail[1][kActivities]), 100);
  EXPECT_EQ(Text(tail[2][2]), "小计：不属于任何区的单位");
  EXPECT_EQ(Number(tail[2][kActivities]), 100000);
  EXPECT_EQ(Text(tail[3][2]), "合计");
  EXPECT_EQ(Number(tail[3][kActivities]), 111100);
}

TEST(ReportLayouts, CompletenessSheetListsEveryExpectedUnit) {
  CompletenessRow late{"u1",  "甲研究所", "科研院所",    "海淀区", "已提交", 1686564000 /* 2023-06-12 18:00 +08 */,
                       false, "张三",     "13800138000", 2};
  CompletenessRow missing{"u2", "乙大学", "高等院校", "市教委", "未填报", std::nullopt, std::nullopt, "", "", 0};
  const Workbook book =
      SummaryWorkbook(Campaign2023(), DefaultTemplate(), Units({}), CompletenessFrom({late, missing}));
  const Sheet& s = book.sheets[1];
  EXPECT_EQ(s.name, "填报情况");
  EXPECT_EQ(Text(s.head[0][0]), "2023年北京科技周活动开展情况统计表（填报情况）");
  const std::vector<std::string> headers = {"序号",     "单位代码", "单位名称", "单位类型", "上级单位", "填报状态",
                                            "提交时间", "是否按时", "联系人",   "联系电话", "催报次数"};
  ASSERT_EQ(s.head[1].size(), headers.size());
  for (size_t i = 0; i < headers.size(); ++i) EXPECT_EQ(Text(s.head[1][i]), headers[i]);
  const auto rows = Body(s);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(Text(rows[0][6]), "2023-06-12 18:00");
  EXPECT_EQ(Text(rows[0][7]), "否");
  EXPECT_EQ(Text(rows[0][9]), "13800138000");
  EXPECT_EQ(Number(rows[0][10]), 200);
  EXPECT_TRUE(IsEmpty(rows[1][6]));
  EXPECT_TRUE(IsEmpty(rows[1][7]));
  EXPECT_EQ(Number(rows[1][0]), 200);

  const Workbook alone = CompletenessWorkbook(Campaign2023(), DefaultTemplate(), CompletenessFrom({late}));
  ASSERT_EQ(alone.sheets.size(), 1u);
  EXPECT_EQ(alone.sheets[0].name, "填报情况");
  EXPECT_EQ(Body(alone.sheets[0]).size(), 1u);
}

TEST(ReportLayouts, UnitTableFollowsTheAttachment) {
  const Workbook book =
      UnitWorkbook(Campaign2023(), DefaultTemplate(), "海淀区科学技术委员会",
                   {{"activities_held", 1200}, {"fund_municipal", 1050}, {"fund_other", std::nullopt}});
  ASSERT_EQ(book.sheets.size(), 1u);
  const Sheet& s = book.sheets[0];
  EXPECT_FALSE(s.next_row);  // a fixed 22-row table: all of it is head
  ASSERT_EQ(s.head.size(), 22u);
  EXPECT_EQ(Text(s.head[0][0]), "2023年北京科技周活动开展情况统计表");
  EXPECT_TRUE(HasMerge(s, 0, 0, 0, 2));
  EXPECT_EQ(Text(s.head[1][0]), "各区、各有关部门（盖章）：海淀区科学技术委员会");
  EXPECT_TRUE(HasMerge(s, 1, 0, 1, 2));
  EXPECT_EQ(Text(s.head[2][0]), "类别");
  EXPECT_EQ(Text(s.head[2][1]), "项目");
  EXPECT_EQ(Text(s.head[2][2]), "数量");
  // Each category spans its items, as printed in the notice.
  EXPECT_EQ(Text(s.head[3][0]), "科普活动开展次数");
  EXPECT_TRUE(HasMerge(s, 3, 0, 4, 0));
  EXPECT_EQ(Text(s.head[3][1]), "举办活动次数（次）");
  EXPECT_EQ(Number(s.head[3][2]), 1200);
  EXPECT_EQ(s.head[3][2].style, CellStyle::kInteger);
  EXPECT_EQ(Text(s.head[5][0]), "活动经费投入数量（单位：万元）");
  EXPECT_TRUE(HasMerge(s, 5, 0, 9, 0));
  EXPECT_EQ(Text(s.head[5][1]), "北京市财政经费投入情况");  // the category already says 万元
  EXPECT_EQ(Number(s.head[5][2]), 1050);
  EXPECT_EQ(s.head[5][2].style, CellStyle::kDecimal2);
  EXPECT_TRUE(IsEmpty(s.head[9][2]));  // fund_other not filled
  EXPECT_TRUE(HasMerge(s, 10, 0, 13, 0));
  EXPECT_TRUE(HasMerge(s, 14, 0, 15, 0));
  EXPECT_EQ(Text(s.head[15][1]), "线上活动群众参与数量（人次）");
  EXPECT_TRUE(HasMerge(s, 16, 0, 17, 0));
  // One-item categories are single rows spanning 类别 and 项目.
  EXPECT_EQ(Text(s.head[18][0]), "科技周期间开放的科普场馆数量（个）");
  for (int r : {18, 19, 20}) EXPECT_TRUE(HasMerge(s, r, 0, r, 1)) << r;
  EXPECT_EQ(Text(s.head[21][0]), "填报日期：        （盖章）");
  EXPECT_TRUE(HasMerge(s, 21, 0, 21, 2));
}

TEST(ReportLayouts, CsvSheetIsOneHeaderAndOneRowPerUnit) {
  const Sheet s =
      CsvSheet(DefaultTemplate(), Units({{"u1", "甲", "科研院所", "海淀区", "已审核", {{"fund_district", 5}}},
                                         {"u2", "乙", "高等院校", "朝阳区", "草稿", {}}}));
  ASSERT_EQ(s.head.size(), 1u);
  ASSERT_EQ(s.head[0].size(), 5u + 18u);
  EXPECT_EQ(Text(s.head[0][3]), "所属区");
  EXPECT_EQ(Text(s.head[0][5]), "举办活动次数（次）");
  EXPECT_EQ(Text(s.head[0][8]), "区级财政经费投入情况（万元）");
  const auto rows = Body(s);
  ASSERT_EQ(rows.size(), 2u);  // no subtotals
  EXPECT_EQ(Text(rows[0][0]), "u1");
  EXPECT_EQ(Number(rows[0][8]), 5);
  EXPECT_TRUE(IsEmpty(rows[1][8]));
  EXPECT_FALSE(s.tail);
}

}  // namespace sciweek::domain
