#include "export/csv_writer.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/csv.hpp"
#include "domain/report_layouts.hpp"

namespace sciweek::exporting {
namespace {

using domain::Cell;
using domain::CellStyle;
namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "sciweek-csv-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A sheet whose body yields the given rows, then the tail row if any.
domain::Sheet SheetOf(domain::Row head, std::vector<domain::Row> body, const domain::Row& tail) {
  domain::Sheet s;
  s.name = "数据";
  s.head = {std::move(head)};
  auto rows = std::make_shared<std::vector<domain::Row>>(std::move(body));
  auto i = std::make_shared<size_t>(0);
  s.next_row = [rows, i](domain::Row& r) {
    if (*i >= rows->size()) return false;
    r = (*rows)[(*i)++];
    return true;
  };
  if (!tail.empty()) s.tail = [tail] { return std::vector<domain::Row>{tail}; };
  return s;
}

// Runs in a forked child: a file-size limit stands in for a full disk (writes fail with
// EFBIG). 0 when the export reported the failure and left no file behind.
int ExportUnderFileSizeLimit(const std::string& path) {
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit limit{8192, 8192};
  setrlimit(RLIMIT_FSIZE, &limit);
  domain::Sheet s = SheetOf({Cell::Text("n")}, {}, {});
  auto n = std::make_shared<int>(0);
  s.next_row = [n](domain::Row& r) {
    r = {Cell::Text("很长的一行文字，用来填满文件")};
    return ++*n <= 10000;
  };
  const core::Status st = WriteCsv(s, path);
  return !st.has_value() && !fs::exists(path) ? 0 : 1;
}

}  // namespace

TEST(CsvWriter, BomCrlfQuotingAndNumbersPerStyle) {
  TempDir dir;
  const std::string path = dir.File("out.csv");
  const auto sheet =
      SheetOf({Cell::Text("单位名称", CellStyle::kHeader), Cell::Text("金额（万元）", CellStyle::kHeader),
               Cell::Text("次数", CellStyle::kHeader)},
              {{Cell::Text("北京,科学\"中心\""), Cell::Number(10, CellStyle::kDecimal2),
                Cell::Number(1200, CellStyle::kInteger)},
               {Cell::Text("两行\n名称"), Cell::Empty(CellStyle::kDecimal2), Cell::Number(-5, CellStyle::kDecimal2)}},
              {Cell::Text("合计", CellStyle::kTotalText), Cell::Number(30, CellStyle::kTotalDecimal2),
               Cell::Number(1200, CellStyle::kTotalInteger)});
  ASSERT_TRUE(WriteCsv(sheet, path).has_value());
  EXPECT_EQ(Slurp(path),
            "\xEF\xBB\xBF"
            "单位名称,金额（万元）,次数\r\n"
            "\"北京,科学\"\"中心\"\"\",0.10,12\r\n"
            "\"两行\n名称\",,-0.05\r\n"  // a negative figure is a number, not a formula to guard
            "合计,0.30,12\r\n");
}

TEST(CsvWriter, TextThatASpreadsheetWouldRunAsAFormulaIsDefused) {
  TempDir dir;
  const std::string path = dir.File("inject.csv");
  domain::Row evil;
  for (const char* t : {"=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tX", "\r=1", "正常", "a=b"})
    evil.push_back(Cell::Text(t));
  ASSERT_TRUE(WriteCsv(SheetOf(evil, {}, {}), path).has_value());
  EXPECT_EQ(Slurp(path),
            "\xEF\xBB\xBF"
            "\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-2+3,'@SUM(A1),'\tX,\"'\r=1\",正常,a=b\r\n");
}

TEST(CsvWriter, UnitSheetRoundTripsThroughACsvParser) {
  TempDir dir;
  const std::string path = dir.File("units.csv");
  auto i = std::make_shared<int>(0);
  const domain::Sheet sheet = domain::CsvSheet(domain::DefaultTemplate(), [i](domain::UnitFigures& u) {
    if (*i == 3) return false;
    u = {"u" + std::to_string(*i),
         "单位" + std::to_string(*i),
         "科研院所",
         "海淀区",
         "已审核",
         {{"activities_held", 100 * (*i + 1)}, {"fund_municipal", 10 + *i}}};
    ++*i;
    return true;
  });
  ASSERT_TRUE(WriteCsv(sheet, path).has_value());
  const std::string bytes = Slurp(path);
  ASSERT_EQ(bytes.substr(0, 3), "\xEF\xBB\xBF");
  const core::CsvParse parsed = core::ParseCsv(bytes);
  ASSERT_FALSE(parsed.error) << *parsed.error;
  ASSERT_EQ(parsed.records.size(), 4u);
  EXPECT_EQ(parsed.records[0].fields[5], "举办活动次数（次）");
  EXPECT_EQ(parsed.records[0].fields[7], "北京市财政经费投入情况（万元）");
  EXPECT_EQ(parsed.records[3].fields[1], "单位2");
  EXPECT_EQ(parsed.records[3].fields[5], "3");
  EXPECT_EQ(parsed.records[3].fields[7], "0.12");
  EXPECT_EQ(parsed.records[3].fields[8], "");  // unfilled stays empty, never 0
  EXPECT_EQ(parsed.records[3].fields.size(), 23u);
}

TEST(CsvWriter, StreamsRowsToDiskAsTheyCome) {
  TempDir dir;
  const std::string path = dir.File("stream.csv");
  domain::Sheet s = SheetOf({Cell::Text("n")}, {}, {});
  auto n = std::make_shared<int>(0);
  auto size_midway = std::make_shared<std::uintmax_t>(0);
  s.next_row = [n, size_midway, path](domain::Row& r) {
    if (*n == 20000) *size_midway = fs::file_size(path);
    r = {Cell::Text("第" + std::to_string(*n) + "行")};
    return ++*n <= 40000;
  };
  ASSERT_TRUE(WriteCsv(s, path).has_value());
  EXPECT_GT(*size_midway, 100000u) << "rows must reach the file while the source is still being read";
}

TEST(CsvWriter, UnwritablePathIsAnErrorWithAChineseMessage) {
  const core::Status st = WriteCsv(SheetOf({Cell::Text("x")}, {}, {}), "/nonexistent-sciweek-dir/out.csv");
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, core::ErrorCode::kInternal);
  EXPECT_EQ(st.error().message, "生成CSV文件失败，请稍后重试");
  EXPECT_NE(st.error().internal.find("/nonexistent-sciweek-dir/out.csv"), std::string::npos);
}

TEST(CsvWriter, FullDiskIsAnErrorAndLeavesNoFile) {
  TempDir dir;
  const std::string path = dir.File("full.csv");
  EXPECT_EXIT(std::_Exit(ExportUnderFileSizeLimit(path)), ::testing::ExitedWithCode(0), "");
}

TEST(CsvWriter, ARowSourceThatThrowsLeavesNoFile) {
  TempDir dir;
  domain::Sheet s = SheetOf({Cell::Text("n")}, {}, {});
  s.next_row = [](domain::Row&) -> bool { throw std::runtime_error("database gone"); };
  EXPECT_THROW((void)WriteCsv(s, dir.File("x.csv")), std::runtime_error);
  EXPECT_FALSE(fs::exists(dir.File("x.csv")));
}

}  // namespace sciweek::exporting
