#include "core/limited_child.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace sciweek::core {
namespace {

using Kind = ChildOutcome::Kind;
using Clock = std::chrono::steady_clock;

ChildOutcome Sh(const std::string& script, ChildLimits limits = {}) {
  return RunLimitedChild({"/bin/sh", "-c", script}, {"PATH=/usr/bin:/bin"}, limits);
}

TEST(LimitedChild, CollectsStdoutAndExitCode) {
  auto ok = Sh("echo hello; exit 0");
  EXPECT_TRUE(ok.ExitedCleanly()) << ok.detail;
  EXPECT_EQ(ok.output, "hello\n");
  auto three = Sh("exit 3");
  EXPECT_EQ(three.kind, Kind::kExited);
  EXPECT_EQ(three.status, 3);
  EXPECT_FALSE(three.ExitedCleanly());
}

TEST(LimitedChild, GetsOnlyTheGivenEnvironment) {
  ::setenv("SCIWEEK_LIMITED_CHILD_SECRET", "s3cret", 1);
  auto r = RunLimitedChild({"/usr/bin/env"}, {"A=1"}, {});
  EXPECT_EQ(r.output, "A=1\n");
  EXPECT_EQ(PassThroughEnvironment({"SCIWEEK_LIMITED_CHILD_SECRET", "SCIWEEK_NOT_SET_ANYWHERE"}),
            std::vector<std::string>{"SCIWEEK_LIMITED_CHILD_SECRET=s3cret"});
}

TEST(LimitedChild, InheritsNoOtherFileDescriptors) {
  const int held = ::open("/dev/null", O_RDONLY);  // not close-on-exec: only the child's cleanup hides it
  ASSERT_GE(held, 3);
  ASSERT_LE(held, 16);  // the loop below looks at 0..16
  // Only builtins and stat(): a pipeline would make the shell hold pipe ends of its own while `ls` looks
  // (CI caught 3 4 5 that way), and a glob would open the directory it reads.
  auto r =
      Sh("for fd in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do [ -e /proc/$$/fd/$fd ] && printf '%s ' $fd; done");
  ::close(held);
  EXPECT_EQ(r.output, "0 1 2 ") << "fd " << held << " leaked";
}

TEST(LimitedChild, WallClockTimeoutKillsTheWholeProcessGroup) {
  ChildLimits limits;
  limits.timeout_ms = 300;
  const auto start = Clock::now();
  // The background sleep keeps the pipe open: only killing the group ends it.
  auto r = Sh("sleep 30 & sleep 30", limits);
  const auto took = Clock::now() - start;
  EXPECT_EQ(r.kind, Kind::kTimedOut) << r.detail;
  EXPECT_LT(took, std::chrono::seconds(3));
}

TEST(LimitedChild, CpuLimitEndsABusyLoop) {
  ChildLimits limits;
  limits.cpu_seconds = 1;
  limits.timeout_ms = 20000;
  const auto start = Clock::now();
  auto r = Sh("while :; do :; done", limits);
  EXPECT_EQ(r.kind, Kind::kSignaled) << r.detail;
  EXPECT_TRUE(r.status == SIGXCPU || r.status == SIGKILL) << r.detail;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(15));  // CPU time, not wall time, on a busy box
}

// Each limit is shown to bite by running the same program with and without it. Python,
// not the shell: dash cannot name file descriptors above 9.
ChildOutcome Python(const std::string& code, ChildLimits limits) {
  limits.timeout_ms = 60000;  // the box may be busy; only the limits should end these
  return RunLimitedChild({"/usr/bin/python3", "-c", code}, {}, limits);
}

TEST(LimitedChild, MemoryLimitRefusesAHugeAllocation) {
  const std::string allocate = "b = bytearray(200 << 20); print(len(b))";
  ChildLimits limits;
  limits.memory_mb = 100;
  auto big = Python(allocate, limits);
  EXPECT_FALSE(big.ExitedCleanly()) << "allocated 200 MB under a 100 MB limit: " << big.output;
  limits.memory_mb = 1024;
  auto roomy = Python(allocate, limits);
  EXPECT_TRUE(roomy.ExitedCleanly()) << roomy.detail;
  EXPECT_EQ(roomy.output, std::to_string(200 << 20) + "\n");
}

TEST(LimitedChild, OpenFilesAreLimited) {
  const std::string open40 = "import os\nfor _ in range(40): os.open('/dev/null', os.O_RDONLY)\nprint('opened')";
  ChildLimits limits;
  auto few = Python(open40, limits);
  EXPECT_FALSE(few.ExitedCleanly());
  EXPECT_EQ(few.output, "");
  limits.max_open_files = 64;
  auto more = Python(open40, limits);
  EXPECT_EQ(more.output, "opened\n") << more.detail;
}

TEST(LimitedChild, MayNotWriteFiles) {
  const auto file = std::filesystem::temp_directory_path() / ("sciweek-fsize-" + std::to_string(::getpid()));
  auto write = Sh("echo x > " + file.string());
  EXPECT_FALSE(write.ExitedCleanly()) << write.detail;
  EXPECT_EQ(std::filesystem::exists(file) ? std::filesystem::file_size(file) : 0u, 0u);
  std::filesystem::remove(file);
  ChildLimits allowed;
  allowed.forbid_file_writes = false;
  EXPECT_TRUE(Sh("echo x > " + file.string(), allowed).ExitedCleanly());
  EXPECT_EQ(std::filesystem::exists(file) ? std::filesystem::file_size(file) : 0u, 2u);
  std::filesystem::remove(file);
}

TEST(LimitedChild, TooMuchOutputIsCutOff) {
  ChildLimits limits;
  limits.max_output_bytes = 100;
  auto r = RunLimitedChild({"/usr/bin/yes"}, {}, limits);
  EXPECT_EQ(r.kind, Kind::kOutputTooLarge) << r.detail;
  EXPECT_EQ(r.output, "");
}

TEST(LimitedChild, MissingProgramIsAFailureNotACrash) {
  auto r = RunLimitedChild({"/nonexistent/program"}, {}, {});
  EXPECT_EQ(r.kind, Kind::kExited);
  EXPECT_EQ(r.status, 127);
}

}  // namespace
}  // namespace sciweek::core
