// The organizer's summary pack (issue 10 §6, docs/api.md "Exports"): one zip with the
// totals, activity and media lists and every unit's files in folders by unit, read back by
// Python's zipfile (every CRC checked) and compared byte for byte (SHA-256) with what the
// units uploaded. A district's reporter gets its own area only; a file lost from the store is
// named in 说明.txt instead of breaking the pack; who may not download gets the JSON error.
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

const std::string kDistrict = "pk-dist", kUnitA = "pk-a", kUnitB = "pk-b", kOther = "pk-other";

class SummaryPackTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    if (!server_) return;
    HttpClient admin = As("admin");
    year_ = CreateOpenCampaign(admin).year;
    if (!year_) return;
    EXPECT_TRUE(AddUnitWithReporter(admin, kDistrict, "打包区", "district", ""));
    EXPECT_TRUE(AddUnitWithReporter(admin, kUnitA, "打包区甲馆", "science_base", kDistrict));
    EXPECT_TRUE(AddUnitWithReporter(admin, kUnitB, "打包区乙馆", "science_base", kDistrict));
    EXPECT_TRUE(AddUnitWithReporter(admin, kOther, "另一区", "district", ""));
    auto upload = [&](const std::string& org, const std::string& kind, const std::string& name,
                      const std::string& bytes) {
      HttpClient c = As(org);
      auto r = Upload(c, year_, org, kind, name, bytes);
      if (r.status != 201) ADD_FAILURE() << org << " " << name << ": " << r;
      else uploaded_[org].push_back({kind, name, r.json()["sha256"].get<std::string>()});
    };
    // The same file name at two units, and twice at one unit: each keeps its own entry.
    upload(kUnitA, "summary", "总结报告.pdf", MinimalPdf("summary of A"));
    upload(kUnitA, "scan", "统计表（盖章）.pdf", MinimalPdf("stamped table of A"));
    upload(kUnitA, "scan", "统计表（盖章）.pdf", MinimalPdf("stamped table of A, again"));
    upload(kUnitB, "summary", "总结报告.pdf", MinimalPdf("summary of B"));
    upload(kOther, "summary", "另一区总结.pdf", MinimalPdf("summary of the other district"));
    auto media = [&](const std::string& org, const std::string& outlet, const std::string& title) {
      HttpClient c = As(org);
      auto r =
          c.Post(ReportPath(year_, org, "/media-reports"),
                 {{"outlet", outlet}, {"title", title}, {"url", "https://example.cn/" + org}, {"date", "2023-05-21"}});
      if (r.status != 201) ADD_FAILURE() << org << ": " << r;
    };
    media(kUnitA, "北京日报", "甲馆科技周开放日");
    media(kUnitA, "新京报", "甲馆夜场");
    media(kUnitB, "北京电视台", "乙馆机器人展");
    media(kOther, "人民网", "另一区开幕");
    media(kOther, "人民网", "另一区闭幕");  // the same outlet again: one outlet, two reports
  }
  static void TearDownTestSuite() {
    year_ = 0;
    uploaded_.clear();
    SharedServerTest::TearDownTestSuite();
  }

 protected:
  struct Uploaded {
    std::string kind, name, sha256;
  };
  void SetUp() override {
    SharedServerTest::SetUp();
    ASSERT_NE(year_, 0);
  }
  std::string PackPath() const { return "/api/v1/campaigns/" + std::to_string(year_) + "/summary-pack.zip"; }
  std::string Top() const { return std::to_string(year_) + "年北京科技周总结材料/"; }

  // Downloads the pack as `who`, checks the HTTP framing, and reads it back.
  nlohmann::json Download(const std::string& who, TempDir& dir) {
    auto r = As(who).Get(PackPath());
    EXPECT_EQ(r.status, 200) << r;
    EXPECT_EQ(r.Header("content-type"), "application/zip");
    EXPECT_EQ(r.Header("content-length"), std::to_string(r.body.size())) << "announced before the first byte";
    EXPECT_NE(r.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
    const auto path = dir.File("pack.zip");
    std::ofstream(path, std::ios::binary) << r.body;
    auto z = ReadZip(path, dir.File("out"));
    EXPECT_TRUE(z["bad"].is_null()) << "damaged entry " << z["bad"];
    return z;
  }
  static std::map<std::string, nlohmann::json> ByName(const nlohmann::json& z) {
    std::map<std::string, nlohmann::json> out;
    for (const auto& e : z["entries"]) {
      EXPECT_TRUE(e["utf8"].get<bool>()) << e["name"] << " is not flagged UTF-8";
      out[e["name"]] = e;
    }
    return out;
  }

  static inline int year_ = 0;
  static inline std::map<std::string, std::vector<Uploaded>> uploaded_;
};

TEST_F(SummaryPackTest, TheOrganizerGetsEveryUnitsFilesByteForByteBesideTheThreeLists) {
  TempDir dir;
  auto z = Download("admin", dir);
  auto entries = ByName(z);
  const std::string y = std::to_string(year_);
  for (const std::string& list : {std::string("说明.txt"), y + "年北京科技周活动开展情况汇总.xlsx",
                                  y + "年北京科技周活动清单.xlsx", y + "年北京科技周媒体报道清单.xlsx"})
    EXPECT_TRUE(entries.count(Top() + list)) << list << " missing; entries: " << z["entries"];
  const std::string a = Top() + "单位材料/pk-a 打包区甲馆/", b = Top() + "单位材料/pk-b 打包区乙馆/";
  const std::map<std::string, std::string> expected = {
      {a + "总结报告/总结报告.pdf", uploaded_[kUnitA][0].sha256},
      {a + "盖章扫描件/统计表（盖章）.pdf", uploaded_[kUnitA][1].sha256},
      {a + "盖章扫描件/统计表（盖章） (2).pdf", uploaded_[kUnitA][2].sha256},
      {b + "总结报告/总结报告.pdf", uploaded_[kUnitB][0].sha256},
      {Top() + "单位材料/pk-other 另一区/总结报告/另一区总结.pdf", uploaded_[kOther][0].sha256}};
  for (const auto& [name, sha] : expected) {
    ASSERT_TRUE(entries.count(name)) << name << " missing; entries: " << z["entries"];
    EXPECT_EQ(entries[name]["sha256"], sha) << name;
  }
  // The media list: this campaign's five reports, each under its unit.
  auto book = ReadXlsx(dir.File("out/" + Top() + y + "年北京科技周媒体报道清单.xlsx"));
  auto rows = SheetRows(book, "媒体报道");
  std::multiset<std::string> seen;
  for (const auto& row : rows)
    if (row.size() > 6 && row[1].is_string() && row[1].get<std::string>().rfind("pk-", 0) == 0)
      seen.insert(row[1].get<std::string>() + " " + row[5].get<std::string>() + " " + row[6].get<std::string>());
  EXPECT_EQ(seen, (std::multiset<std::string>{"pk-a 北京日报 甲馆科技周开放日", "pk-a 新京报 甲馆夜场",
                                              "pk-b 北京电视台 乙馆机器人展", "pk-other 人民网 另一区开幕",
                                              "pk-other 人民网 另一区闭幕"}))
      << rows;
  // The note says what is inside and names no missing file.
  std::ifstream note(dir.File("out/" + Top() + "说明.txt"));
  const std::string text((std::istreambuf_iterator<char>(note)), {});
  EXPECT_EQ(text.rfind("\xEF\xBB\xBF", 0), 0u) << "a BOM, so Notepad shows Chinese";
  // Only another test's lost file may be named there.
  if (const auto missing = text.find("缺失"); missing != std::string::npos) {
    EXPECT_EQ(text.find("单位材料/pk-", missing), text.find("单位材料/pk-lost", missing)) << text;
  }
}

TEST_F(SummaryPackTest, ADistrictReporterGetsItsAreaOnly) {
  TempDir dir;
  auto entries = ByName(Download(kDistrict, dir));
  bool a = false, b = false;
  for (const auto& [name, e] : entries) {
    EXPECT_EQ(name.find("pk-other"), std::string::npos) << "another district's file: " << name;
    a = a || name.find("单位材料/pk-a ") != std::string::npos;
    b = b || name.find("单位材料/pk-b ") != std::string::npos;
  }
  EXPECT_TRUE(a && b) << "both units under the district are in its pack";
}

// Items 14–15 of the form (参与媒体数量, 宣传报道数量) are suggested from the unit's own list,
// as check-ins suggest participants: distinct outlets, and reports.
TEST_F(SummaryPackTest, TheMediaListSuggestsOutletsAndReports) {
  for (const auto& [org, outlets, reports] :
       {std::tuple{kUnitA, 2, 2}, std::tuple{kOther, 1, 2}, std::tuple{kDistrict, 0, 0}}) {
    auto r = As(org).Get(ReportPath(year_, org, "/suggestions"));
    ASSERT_EQ(r.status, 200) << r;
    auto j = r.json();
    EXPECT_EQ(j["media_outlets"]["value"], outlets) << org << j;
    EXPECT_EQ(j["media_outlets"]["outlets"].size(), static_cast<size_t>(outlets)) << org << j;
    EXPECT_EQ(j["media_reports"]["value"], reports) << org << j;
  }
}

TEST_F(SummaryPackTest, WhoMayNotDownloadGetsTheJsonError) {
  EXPECT_TRUE(IsError(Anonymous().Get(PackPath()), 401, "unauthenticated"));
  EXPECT_TRUE(IsError(As("checkin").Get(PackPath()), 403, "forbidden"));
  EXPECT_TRUE(IsError(As("admin").Get("/api/v1/campaigns/1999/summary-pack.zip"), 404, "not_found"));
  // Odd years in the path: refused with the JSON error, never a half-made archive.
  for (const std::string year : {"20x3", "-1", "99999999999999999999", "%E4%B8%AD", "2023%00"})
    EXPECT_TRUE(IsError(As("admin").Get("/api/v1/campaigns/" + year + "/summary-pack.zip"), 404, "not_found")) << year;
}

TEST_F(SummaryPackTest, AFileLostFromTheStoreIsNamedInTheNoteAndThePackStillOpens) {
  // A unit of its own, so the other tests' packs stay whole.
  HttpClient admin = As("admin");
  ASSERT_TRUE(AddUnitWithReporter(admin, "pk-lost", "失物馆", "science_base", kOther));
  HttpClient unit = As("pk-lost");
  auto r = Upload(unit, year_, "pk-lost", "summary", "丢失的总结.pdf", MinimalPdf("this one goes missing"));
  ASSERT_EQ(r.status, 201) << r;
  const std::string sha = r.json()["sha256"];
  size_t removed = 0;
  for (const auto& f : std::filesystem::recursive_directory_iterator(server().db().dir() + "/data/files"))
    if (f.is_regular_file() && f.path().filename().string().find(sha) != std::string::npos)
      removed += std::filesystem::remove(f.path());
  ASSERT_EQ(removed, 1u) << "the stored file of " << sha;
  // On PostgreSQL the database holds the file too (a node without it fetches it from there):
  // lost means lost from both.
  if (server().db().backend() == Backend::kPostgres)
    RunSql(server().db(),
           "DELETE FROM file_chunks WHERE sha256 = '" + sha + "'; DELETE FROM file_blobs WHERE sha256 = '" + sha + "'");
  TempDir dir;
  auto entries = ByName(Download("admin", dir));
  for (const auto& [name, e] : entries) EXPECT_EQ(name.find("丢失的总结"), std::string::npos) << name;
  std::ifstream note(dir.File("out/" + Top() + "说明.txt"));
  const std::string text((std::istreambuf_iterator<char>(note)), {});
  EXPECT_NE(text.find("缺失"), std::string::npos) << text;
  EXPECT_NE(text.find("丢失的总结.pdf"), std::string::npos) << text;
}

}  // namespace
}  // namespace sciweek::test
