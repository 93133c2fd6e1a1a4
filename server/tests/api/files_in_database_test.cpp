// Uploaded files with several nodes (issue 12, docs/decisions/0023). On PostgreSQL every
// upload is stored in the database too, so a node with a data folder of its own (another
// machine) serves a file uploaded through another node, byte-identical, fetching it once;
// `sciweek files to-database` / `to-folder` move files kept in a folder into the database and
// back. On SQLite the folder stays the only home and `--files database` is refused.
#include <filesystem>
#include <random>

#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

namespace fs = std::filesystem;
constexpr int kYear = 2023;

// A PDF followed by ~700 KB of every byte value (NULs included): three chunks of the
// database's 256 KiB, and bytes no text encoding would carry unharmed.
std::string LargeBinaryPdf(unsigned seed) {
  std::string pdf = MinimalPdf("files in the database");
  std::mt19937 random(seed);
  pdf += "%";
  for (int i = 0; i < 700 * 1024; ++i) pdf.push_back(static_cast<char>(random() & 0xff));
  return pdf;
}

std::string LocalCopy(const TestServer& node, const std::string& sha256) {
  return node.data_dir() + "/files/" + sha256.substr(0, 2) + "/" + sha256;
}

// A summary report uploaded through `node` by the unit sylj: its digest and download path
// (empty, with a failure, when refused).
struct Uploaded {
  std::string sha256, target;
};
Uploaded UploadSummary(const TestServer& node, const std::string& bytes) {
  HttpClient up = node.LoginAs("sylj");
  auto r = Upload(up, kYear, "sylj", "summary", "总结.pdf", bytes);
  EXPECT_EQ(r.status, 201) << r;
  if (r.status != 201) return {};
  return {r.json()["sha256"].get<std::string>(), ReportPath(kYear, "sylj", "/materials/" + r.json()["id"].dump())};
}

TEST(FilesInDatabaseTest, AnUploadThroughOneNodeDownloadsByteIdenticalFromAnotherMachine) {
  if (SelectedBackend() != Backend::kPostgres) GTEST_SKIP() << "files live in the database on PostgreSQL only";
  TestServer first;
  TestServer second(first.shared_db(), ServerOptions{.own_data_dir = true});
  const std::string bytes = LargeBinaryPdf(12);
  const auto [sha256, target] = UploadSummary(first, bytes);
  ASSERT_FALSE(sha256.empty());
  EXPECT_EQ(RunSql(first.db(), "SELECT size, chunk_count FROM file_blobs WHERE sha256 = '" + sha256 + "'"),
            std::to_string(bytes.size()) + "|3\n");
  EXPECT_FALSE(fs::exists(LocalCopy(second, sha256))) << "the other machine has no copy before it is asked";

  auto d = second.LoginAs("reviewer").Get(target);
  ASSERT_EQ(d.status, 200) << d << second.LogTail();
  EXPECT_TRUE(d.body == bytes) << "downloaded " << d.body.size() << " bytes, uploaded " << bytes.size();
  EXPECT_TRUE(fs::exists(LocalCopy(second, sha256))) << "fetched once, then served from its own disk";

  // A node that lost its disk copy fetches it again.
  fs::remove(LocalCopy(first, sha256));
  d = first.LoginAs("admin").Get(target);
  ASSERT_EQ(d.status, 200) << d;
  EXPECT_TRUE(d.body == bytes);
}

TEST(FilesInDatabaseTest, FilesKeptInAFolderMoveIntoTheDatabaseAndBack) {
  if (SelectedBackend() != Backend::kPostgres) GTEST_SKIP() << "files live in the database on PostgreSQL only";
  TestServer folder_node(ServerOptions{.serve_args = {"--files", "folder"}});
  const std::string bytes = LargeBinaryPdf(34);
  const auto [sha256, target] = UploadSummary(folder_node, bytes);
  ASSERT_FALSE(sha256.empty());
  EXPECT_EQ(RunSql(folder_node.db(), "SELECT COUNT(*) FROM file_blobs"), "0\n") << "--files folder keeps them out";

  auto moved =
      RunSciweek({"files", "to-database", "--db", folder_node.db().url(), "--data-dir", folder_node.data_dir()});
  ASSERT_EQ(moved.exit_code, 0) << moved.err << moved.out;
  EXPECT_NE(moved.out.find("files copied into the database: 1 "), std::string::npos) << moved.out;
  auto again =
      RunSciweek({"files", "to-database", "--db", folder_node.db().url(), "--data-dir", folder_node.data_dir()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find(": 0 (0 bytes), 1 there already"), std::string::npos) << "idempotent: " << again.out;

  // Another machine (default --files: the database on PostgreSQL) serves it now.
  TestServer other(folder_node.shared_db(), ServerOptions{.own_data_dir = true});
  auto d = other.LoginAs("admin").Get(target);
  ASSERT_EQ(d.status, 200) << d << other.LogTail();
  EXPECT_TRUE(d.body == bytes);

  // And back into an empty folder, checked against its digest.
  const std::string empty = folder_node.db().dir() + "/restored";
  auto back = RunSciweek({"files", "to-folder", "--db", folder_node.db().url(), "--data-dir", empty});
  ASSERT_EQ(back.exit_code, 0) << back.err << back.out;
  EXPECT_NE(back.out.find("1 (" + std::to_string(bytes.size()) + " bytes)"), std::string::npos) << back.out;
  EXPECT_EQ(ReadBytes(empty + "/files/" + sha256.substr(0, 2) + "/" + sha256), bytes);
}

TEST(FilesInDatabaseTest, SqliteKeepsFilesInItsFolderAndRefusesTheDatabaseHome) {
  if (SelectedBackend() != Backend::kSqlite) GTEST_SKIP() << "the SQLite side of the rule";
  TestServer node;
  HttpClient up = node.LoginAs("sylj");
  auto r = Upload(up, kYear, "sylj", "summary", "总结.pdf", MinimalPdf("folder"));
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_TRUE(fs::exists(LocalCopy(node, r.json()["sha256"].get<std::string>())));
  EXPECT_EQ(RunSql(node.db(), "SELECT COUNT(*) FROM file_blobs"), "0\n");
  auto refused = RunSciweek({"serve", "--db", node.db().url(), "--files", "database", "--listen", "127.0.0.1:0",
                             "--data-dir", node.db().dir() + "/other"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err << refused.out;
  EXPECT_NE(refused.err.find("文件存入数据库需要 PostgreSQL"), std::string::npos) << refused.err;
  auto copy = RunSciweek({"files", "to-database", "--db", node.db().url(), "--data-dir", node.data_dir()});
  EXPECT_EQ(copy.exit_code, 2) << copy.err;
}

}  // namespace
}  // namespace sciweek::test
