#include "media/probe_sandbox.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <vector>

#include <sys/stat.h>
#include <cstdlib>

namespace sciweek::media {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Stand-ins for a probe child gone wrong: shell scripts in the place of the sciweek binary.
class ProbeSandbox : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sciweek-probe-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    std::ofstream(dir_ / "upload.bin") << "whatever the user sent";
  }
  void TearDown() override {
    ConfigureProbes(ProbeSettings{});
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Script(const std::string& name, const std::string& body) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << "#!/bin/sh\n" << body << "\n";
    ::chmod(p.c_str(), 0755);
    return p.string();
  }
  void Use(const std::string& executable, int timeout_ms = 10000, int concurrent = 2) {
    ProbeSettings s;
    s.executable = executable;
    s.timeout_ms = timeout_ms;
    s.max_concurrent = concurrent;
    ConfigureProbes(s);
  }
  std::string Upload() const { return (dir_ / "upload.bin").string(); }
  static void ExpectUnrecognized(const core::Result<ProbeReport>& r) {
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, core::ErrorCode::kValidationFailed);
    EXPECT_EQ(r.error().field, "file");
    EXPECT_EQ(r.error().message, "无法识别文件内容，文件可能已损坏或格式异常");
  }

  fs::path dir_;
};

TEST_F(ProbeSandbox, TheRealChildReportsTheSniffedType) {
  Use(SCIWEEK_BIN);
  auto r = ProbeInChild(Upload());
  ASSERT_TRUE(r.has_value()) << r.error().internal;
  EXPECT_EQ(r->mime, "text/plain");
  EXPECT_FALSE(r->video);
}

TEST_F(ProbeSandbox, ChildFailuresAreA422) {
  for (const std::string& body : std::vector<std::string>{
           "echo 'sciweek-probe 1'; echo 'mime text/plain'; echo end; exit 1",  // good report, bad exit
           "echo 'hello'",                                                      // garbage
           "echo 'sciweek-probe 1'; echo 'mime text/plain'",                    // cut short
           "kill -SEGV $$",                                                     // crash
           "yes",                                                               // floods the pipe
       }) {
    Use(Script("child.sh", body));
    SCOPED_TRACE(body);
    ExpectUnrecognized(ProbeInChild(Upload()));
  }
  Use((dir_ / "missing").string());
  ExpectUnrecognized(ProbeInChild(Upload()));
}

TEST_F(ProbeSandbox, AHangingChildIsKilledAtTheTimeout) {
  Use(Script("hang.sh", "sleep 30 & sleep 30"), 300);
  const auto start = Clock::now();
  ExpectUnrecognized(ProbeInChild(Upload()));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
}

TEST_F(ProbeSandbox, ProbesWaitForAFreeSlot) {
  // Three probes of 0.4 s each, one slot: they run one after the other.
  Use(Script("slow.sh", "sleep 0.4; echo 'sciweek-probe 1'; echo 'mime text/plain'; echo end"), 10000, 1);
  const auto start = Clock::now();
  std::vector<std::future<core::Result<ProbeReport>>> probes;
  probes.reserve(3);
  for (int i = 0; i < 3; ++i) probes.push_back(std::async(std::launch::async, [&] { return ProbeInChild(Upload()); }));
  for (auto& p : probes) {
    auto r = p.get();
    EXPECT_TRUE(r.has_value()) << r.error().internal;
  }
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(1200));
}

}  // namespace
}  // namespace sciweek::media
