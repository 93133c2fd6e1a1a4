// Issue 9: connection caps (total and per client address) close new connections at once
// while everyone under the cap is served; running out of file descriptors makes the server
// back off on a timer instead of spinning on accept and flooding its log, and it recovers.
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>
#include <vector>

#include "support/fixtures.hpp"
#include "support/raw_connection.hpp"

namespace sciweek::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Opens `n` connections the server has admitted: each answers one keep-alive request and
// then stays open, idle. A connection the server closed at once (a probe of TestServer's
// start-up may still count for a moment under load) is replaced, so exactly `n` are live.
std::vector<RawConnection> OpenIdle(unsigned short port, int n) {
  std::vector<RawConnection> out;
  const auto deadline = std::chrono::steady_clock::now() + seconds(20);
  while (static_cast<int>(out.size()) < n && std::chrono::steady_clock::now() < deadline) {
    RawConnection c(port);
    c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    if (StatusOf(c.Read(seconds(5))) == 200) {
      out.push_back(std::move(c));
    } else {
      std::this_thread::sleep_for(milliseconds(50));
    }
  }
  return out;
}

bool Served(unsigned short port) {
  RawConnection c(port);
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  return StatusOf(c.Read(seconds(5))) == 200;
}

// Served within five seconds: closed slots are freed as the server notices the closes.
bool ServedAgain(unsigned short port) {
  for (int i = 0; i < 50; ++i) {
    if (Served(port)) return true;
    std::this_thread::sleep_for(milliseconds(100));
  }
  return false;
}

TEST(ConnectionLimitsTest, PerAddressCapClosesTheExtraConnectionAndOthersAreServedAfter) {
  TestServer server(ServerOptions{{"--max-connections-per-address", "8"}});
  auto held = OpenIdle(server.port(), 8);
  ASSERT_EQ(held.size(), 8u) << server.LogTail();
  RawConnection extra(server.port());
  ASSERT_TRUE(extra.ok());
  extra.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(extra.ClosedWithin(seconds(5))) << "the ninth connection from one address was kept";
  EXPECT_EQ(StatusOf(extra.Read(milliseconds(200))), 0);
  held.clear();  // closing them frees the slots
  EXPECT_TRUE(ServedAgain(server.port())) << server.LogTail();
}

TEST(ConnectionLimitsTest, TotalCapHoldsToo) {
  TestServer server(ServerOptions{{"--max-connections", "6", "--max-connections-per-address", "0"}});
  auto held = OpenIdle(server.port(), 6);
  ASSERT_EQ(held.size(), 6u) << server.LogTail();
  RawConnection extra(server.port());
  extra.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(extra.ClosedWithin(seconds(5))) << "the seventh connection was kept";
  held.pop_back();
  EXPECT_TRUE(ServedAgain(server.port())) << server.LogTail();
}

// Connections that arrive together (a poster's link shared at opening time) wait in the
// listen queue and are taken in one turn of the accept loop, each still under the caps: the
// first 40 are served and stay open, the other 20 are closed at once, none is left hanging.
TEST(ConnectionLimitsTest, ABurstOfConnectionsIsTakenTogetherUnderTheCap) {
  TestServer server(ServerOptions{{"--max-connections", "40", "--max-connections-per-address", "0"}});
  ASSERT_TRUE(Served(server.port())) << server.LogTail();  // the probe's slot is free again below
  std::this_thread::sleep_for(milliseconds(200));
  std::vector<RawConnection> burst;
  for (int i = 0; i < 60; ++i) burst.emplace_back(server.port());  // all queued before any request
  for (auto& c : burst) {
    ASSERT_TRUE(c.ok());
    c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  }
  int served = 0, closed = 0;
  for (auto& c : burst) {
    const int status = StatusOf(c.Read(seconds(5)));
    if (status == 200) ++served;
    else if (status == 0 && c.ClosedWithin(seconds(5))) ++closed;
  }
  EXPECT_EQ(served, 40) << server.LogTail();
  EXPECT_EQ(closed, 20);
  burst.clear();
  EXPECT_TRUE(ServedAgain(server.port())) << server.LogTail();
}

// CPU seconds the process has used (user + system), from /proc/<pid>/stat.
double CpuSeconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string f;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stoull(f);
    if (i == 15) stime = std::stoull(f);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

size_t CountOccurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

// UndefinedBehaviorSanitizer's vptr check reads the vtable through a pipe() probe
// (IsAccessibleMemoryRange in sanitizer_common); in a process with no free descriptor the
// probe fails and the check reports "invalid vptr" followed by "<memory cannot be printed>"
// on perfectly sound objects (seen on shared_ptr's control block and boost's
// error_category). That is the very condition this test creates, so under `make
// test-sanitize` its server keeps running after a vptr report (the check is built
// recoverable, CMakeLists.txt) and writes reports to its own log, where the test then
// requires that every report is that probe failure and nothing else. Without sanitizers the
// variables are ignored and the log holds no report.
EnvList LetVptrProbeFailuresThrough() {
  const char* inherited = std::getenv("UBSAN_OPTIONS");
  std::string options = inherited ? std::string(inherited) + ":" : std::string();
  return {{"UBSAN_OPTIONS", options + "halt_on_error=0:log_path=stderr"}};
}

// The sanitizer reports in a server log that are not the descriptor-starved vptr probe.
std::vector<std::string> ReportsOtherThanTheVptrProbe(const std::string& log) {
  std::vector<std::string> lines, other;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  for (size_t i = 0; i < lines.size(); ++i) {
    const bool report =
        lines[i].find("runtime error:") != std::string::npos || lines[i].find("Sanitizer") != std::string::npos;
    if (!report) continue;
    const bool probe = lines[i].find("which does not point to an object of type") != std::string::npos &&
                       i + 2 < lines.size() && lines[i + 1].find("object has invalid vptr") != std::string::npos &&
                       lines[i + 2].find("<memory cannot be printed>") != std::string::npos;
    if (!probe) other.push_back(lines[i]);
  }
  return other;
}

TEST(ConnectionLimitsTest, OutOfFileDescriptorsBacksOffQuietlyAndRecovers) {
  // No connection cap of our own, so the kernel's EMFILE is what stops accept.
  TestServer server(ServerOptions{{"--max-connections", "1000000", "--max-connections-per-address", "0"},
                                  LetVptrProbeFailuresThrough()});
  rlimit low{96, 96};
  ASSERT_EQ(prlimit(server.pid(), RLIMIT_NOFILE, &low, nullptr), 0) << std::strerror(errno);
  std::vector<RawConnection> flood;
  for (int i = 0; i < 200; ++i) flood.emplace_back(server.port());  // the backlog takes what accept cannot
  std::this_thread::sleep_for(milliseconds(500));
  const double cpu_before = CpuSeconds(server.pid());
  std::this_thread::sleep_for(seconds(2));
  const double cpu_used = CpuSeconds(server.pid()) - cpu_before;
  EXPECT_LT(cpu_used, 0.5) << "the server spun on accept while out of descriptors";
  const auto log = server.LogTail(1 << 20);
  EXPECT_GE(CountOccurrences(log, "accept failed"), 1u) << "never ran out of descriptors: the test proves nothing";
  EXPECT_LE(CountOccurrences(log, "accept failed"), 3u) << "the log is flooded";
  flood.clear();
  EXPECT_TRUE(ServedAgain(server.port())) << server.LogTail();
  const auto reports = ReportsOtherThanTheVptrProbe(server.LogTail(1 << 20));
  EXPECT_TRUE(reports.empty()) << "sanitizer report: " << reports.front();
}

}  // namespace
}  // namespace sciweek::test
