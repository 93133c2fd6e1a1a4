#include "media/content_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <cstdlib>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "core/crypto.hpp"

namespace sciweek::media {
namespace {

namespace fs = std::filesystem;

class ContentStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sciweek-store-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // Writes `bytes` where the store says an upload should stream to.
  static std::string Stage(const ContentStore& store, const std::string& bytes) {
    std::string temp = store.NewTempPath();
    std::ofstream(temp, std::ios::binary) << bytes;
    return temp;
  }
  static std::size_t CountFiles(const fs::path& root) {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(root)) n += e.is_regular_file() ? 1 : 0;
    return n;
  }
  std::string dir_;
};

TEST_F(ContentStoreTest, CreatesItsRootPrivately) {
  ContentStore store(dir_ + "/data/uploads/");
  EXPECT_EQ(store.root(), dir_ + "/data/uploads");
  struct stat st {};
  ASSERT_EQ(::stat(store.root().c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 0007, 0u) << "uploads must not be world-readable";
}

TEST_F(ContentStoreTest, TempPathsAreUniqueAndInsideTheStore) {
  ContentStore store(dir_);
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string p = store.NewTempPath();
    EXPECT_EQ(fs::path(p).parent_path(), fs::path(dir_) / "tmp");
    EXPECT_TRUE(seen.insert(p).second) << "duplicate temp path " << p;
  }
}

TEST_F(ContentStoreTest, SameContentIsStoredOnce) {
  ContentStore store(dir_);
  const std::string bytes = "北京科技周 summary report\n";
  const std::string t1 = Stage(store, bytes);
  auto first = store.Commit(t1);
  ASSERT_TRUE(first.has_value()) << first.error().internal;
  EXPECT_FALSE(fs::exists(t1));
  EXPECT_EQ(first->size, bytes.size());
  EXPECT_EQ(first->sha256, core::Sha256Hex(bytes));
  EXPECT_EQ(first->path, dir_ + "/" + first->sha256.substr(0, 2) + "/" + first->sha256);
  EXPECT_EQ(store.PathFor(first->sha256), first->path);

  const std::string t2 = Stage(store, bytes);
  auto second = store.Commit(t2);
  ASSERT_TRUE(second.has_value()) << second.error().internal;
  EXPECT_FALSE(fs::exists(t2)) << "the duplicate temp file must be removed";
  EXPECT_EQ(second->sha256, first->sha256);
  EXPECT_EQ(second->path, first->path);
  EXPECT_EQ(CountFiles(dir_), 1u);

  std::ifstream in(first->path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), bytes);
}

TEST_F(ContentStoreTest, DigestMatchesSha256sumOnAMultiChunkFile) {
  ContentStore store(dir_);
  // A few MB with a non-repeating pattern, so chunk boundaries inside Commit matter.
  std::string bytes(3 * 1024 * 1024 + 17, '\0');
  std::uint32_t x = 2463534242u;
  for (char& c : bytes) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    c = static_cast<char>(x);
  }
  const std::string temp = Stage(store, bytes);
  const std::string copy = dir_ + "/copy.bin";
  fs::copy_file(temp, copy);

  auto stored = store.Commit(temp);
  ASSERT_TRUE(stored.has_value()) << stored.error().internal;
  EXPECT_EQ(stored->size, bytes.size());

  // An independent implementation: coreutils' sha256sum.
  FILE* pipe = ::popen(("sha256sum " + copy).c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char out[65] = {};
  const size_t n = std::fread(out, 1, 64, pipe);
  ASSERT_EQ(::pclose(pipe), 0) << "sha256sum failed";
  ASSERT_EQ(n, 64u);
  EXPECT_EQ(stored->sha256, std::string(out, 64));
}

TEST_F(ContentStoreTest, CommitRefusesFilesOutsideItsTempFolder) {
  ContentStore store(dir_);
  const std::string outside = dir_ + "/elsewhere.bin";
  std::ofstream(outside) << "x";
  auto r = store.Commit(outside);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInternal);
  EXPECT_TRUE(fs::exists(outside));
  EXPECT_FALSE(store.Commit(dir_ + "/tmp/../elsewhere.bin").has_value());
  EXPECT_FALSE(store.Commit(dir_ + "/tmp/missing.part").has_value());
}

TEST_F(ContentStoreTest, PathForRefusesAnythingButADigest) {
  ContentStore store(dir_);
  const std::string good(64, 'a');
  EXPECT_EQ(store.PathFor(good), dir_ + "/aa/" + good);
  for (const std::string& bad : {std::string("../x"), std::string(""), std::string(63, 'a'), std::string(65, 'a'),
                                 std::string(64, 'A'), std::string(62, 'a') + "/.", "../" + std::string(61, 'a'),
                                 std::string(63, 'a') + "g", std::string(63, 'a') + '\0'}) {
    EXPECT_EQ(store.PathFor(bad), "") << bad;
  }
}

}  // namespace
}  // namespace sciweek::media
