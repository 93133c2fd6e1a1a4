#include "service/visitors/data_key.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace sciweek::service {
namespace {

namespace fs = std::filesystem;

class DataKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("SCIWEEK_DATA_KEY");
    char tmpl[] = "/tmp/sciweek-datakey-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    ::unsetenv("SCIWEEK_DATA_KEY");
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string dir_;
};

TEST_F(DataKeyTest, MadeOnceAsAPrivateFileAndReadBackTheSame) {
  EXPECT_FALSE(DataKey::Load(dir_, false)) << "not made unless asked";
  auto first = DataKey::Load(dir_, true);
  ASSERT_TRUE(first) << first.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(DataKeyPath(dir_).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir_ + "/keys").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  auto again = DataKey::Load(dir_, true);
  ASSERT_TRUE(again);
  EXPECT_EQ(first->Digest("phone-code", "13800001111:123456"), again->Digest("phone-code", "13800001111:123456"));
}

TEST_F(DataKeyTest, DigestsDependOnKeyPurposeAndData) {
  const auto a = DataKey::ForTesting("a"), b = DataKey::ForTesting("b");
  EXPECT_EQ(a.Digest("p", "x").size(), 64u);
  EXPECT_NE(a.Digest("p", "x"), b.Digest("p", "x"));
  EXPECT_NE(a.Digest("p", "x"), a.Digest("q", "x"));
  EXPECT_NE(a.Digest("p", "x"), a.Digest("p", "y"));
  EXPECT_NE(a.Digest("p\nx", ""), a.Digest("p", "x\n")) << "purpose and data cannot run into each other";
}

TEST_F(DataKeyTest, AFileOthersCanReadIsRefused) {
  ASSERT_TRUE(DataKey::Load(dir_, true));
  ::chmod(DataKeyPath(dir_).c_str(), 0644);
  auto k = DataKey::Load(dir_, true);
  ASSERT_FALSE(k);
  EXPECT_NE(k.error().message.find("0600"), std::string::npos) << k.error().message;
}

TEST_F(DataKeyTest, TheEnvironmentWinsAndMustHoldThirtyTwoBytes) {
  // base64url of 32 bytes of 0x01.
  ::setenv("SCIWEEK_DATA_KEY", "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n", 1);  // as basenc writes it
  auto k = DataKey::Load(dir_, true);
  ASSERT_TRUE(k) << k.error().message;
  EXPECT_EQ(k->Digest("p", "x"), DataKey::ForTesting(std::string(32, '\x01')).Digest("p", "x"));
  EXPECT_FALSE(fs::exists(DataKeyPath(dir_))) << "no file when the environment holds the key";
  ::setenv("SCIWEEK_DATA_KEY", "c2hvcnQ", 1);
  EXPECT_FALSE(DataKey::Load(dir_, true));
}

}  // namespace
}  // namespace sciweek::service
