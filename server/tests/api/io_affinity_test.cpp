// Decision 0034: each I/O thread runs on a CPU of its own, and a connection is served by the
// thread on the CPU its packets arrive on (on loopback, the client's CPU). Checked from the
// outside: the threads' names and CPU masks in /proc, and the per-thread connection counts
// in /metrics while clients pinned to each CPU connect.
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/activities.hpp"
#include "support/fixtures.hpp"
#include "support/raw_connection.hpp"

namespace sciweek::test {
namespace {

using std::chrono::seconds;

const std::string kToken = "affinity-" + std::string(40, 't');

std::vector<int> AllowedCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> out;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return out;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set)) out.push_back(cpu);
  return out;
}

std::string ReadWhole(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The server's I/O threads by name ("sciweek-io-0" …) → the CPUs each may run on, as /proc
// lists them ("0", "0-1").
std::map<std::string, std::string> IoThreadCpus(int pid) {
  std::map<std::string, std::string> out;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    std::string name = ReadWhole(task.path() / "comm");
    if (!name.empty() && name.back() == '\n') name.pop_back();
    if (name.rfind("sciweek-io-", 0) != 0) continue;
    std::istringstream status(ReadWhole(task.path() / "status"));
    for (std::string line; std::getline(status, line);)
      if (line.rfind("Cpus_allowed_list:", 0) == 0) out[name] = line.substr(line.find_first_not_of(" \t", 18));
  }
  return out;
}

// /metrics read over one keep-alive connection, so that reading it adds no connection to
// the counts it reads.
class MetricsReader {
 public:
  explicit MetricsReader(unsigned short port) : conn_(port) {}
  std::string Text() {
    conn_.Send("GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + kToken + "\r\n\r\n");
    const std::string raw = conn_.Read(seconds(10));
    EXPECT_EQ(StatusOf(raw), 200) << raw.substr(0, 300);
    return BodyOf(raw);
  }

 private:
  RawConnection conn_;
};

std::string ThreadSample(size_t thread, const std::string& cpu) {
  return "sciweek_io_thread_connections_total{thread=\"" + std::to_string(thread) + "\",cpu=\"" + cpu + "\"}";
}

void PinThisThread(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  ASSERT_EQ(pthread_setaffinity_np(pthread_self(), sizeof set, &set), 0);
}

// `n` connections opened from a thread pinned to `cpu`, each answered once; kept open in
// `held` when given, else closed.
void ConnectFromCpu(unsigned short port, int cpu, int n, std::vector<RawConnection>* held = nullptr) {
  std::thread client([&] {
    PinThisThread(cpu);
    for (int i = 0; i < n; ++i) {
      RawConnection c(port);
      c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
      EXPECT_EQ(StatusOf(c.Read(seconds(10))), 200);
      if (held) held->push_back(std::move(c));
    }
  });
  client.join();
}

TEST(IoAffinityTest, EachIoThreadRunsOnACpuOfItsOwnAndServesTheConnectionsArrivingThere) {
  const auto cpus = AllowedCpus();
  if (cpus.size() < 2) GTEST_SKIP() << "one CPU: nothing to pin";
  TestServer server(ServerOptions{{"--threads", "2"}, {{"SCIWEEK_METRICS_TOKEN", kToken}}});
  const auto threads = IoThreadCpus(server.pid());
  EXPECT_EQ(threads, (std::map<std::string, std::string>{{"sciweek-io-0", std::to_string(cpus[0])},
                                                         {"sciweek-io-1", std::to_string(cpus[1])}}))
      << server.LogTail();

  MetricsReader metrics(server.port());
  const std::string on0 = ThreadSample(0, std::to_string(cpus[0])), on1 = ThreadSample(1, std::to_string(cpus[1]));
  const std::string before = metrics.Text();
  ASSERT_GE(MetricSample(before, on0), 0) << before;
  ASSERT_GE(MetricSample(before, on1), 0) << before;
  // Several from each CPU: dealt out in turn, half of them would land on the other thread.
  ConnectFromCpu(server.port(), cpus[1], 6);
  const std::string middle = metrics.Text();
  EXPECT_EQ(MetricSample(middle, on1) - MetricSample(before, on1), 6) << middle;
  EXPECT_EQ(MetricSample(middle, on0) - MetricSample(before, on0), 0) << middle;
  ConnectFromCpu(server.port(), cpus[0], 6);
  const std::string after = metrics.Text();
  EXPECT_EQ(MetricSample(after, on0) - MetricSample(middle, on0), 6) << after;
  EXPECT_EQ(MetricSample(after, on1) - MetricSample(middle, on1), 0) << after;
  EXPECT_EQ(MetricSample(after, "sciweek_connections_joined_total{by=\"incoming_cpu\"}") -
                MetricSample(before, "sciweek_connections_joined_total{by=\"incoming_cpu\"}"),
            12)
      << after;
}

TEST(IoAffinityTest, ConnectionsThatAllArriveOnOneCpuAreSharedByTheThreads) {
  // A network card with one receive queue, or clients that all connected from one CPU: the
  // thread of that CPU takes its share, the others the rest.
  const auto cpus = AllowedCpus();
  if (cpus.size() < 2) GTEST_SKIP() << "one CPU: nothing to pin";
  TestServer server(ServerOptions{{"--threads", "2"}, {{"SCIWEEK_METRICS_TOKEN", kToken}}});
  MetricsReader metrics(server.port());
  const std::string on0 = ThreadSample(0, std::to_string(cpus[0])), on1 = ThreadSample(1, std::to_string(cpus[1]));
  const std::string before = metrics.Text();
  std::vector<RawConnection> held;
  ConnectFromCpu(server.port(), cpus[0], 40, &held);
  const std::string after = metrics.Text();
  const long long first = MetricSample(after, on0) - MetricSample(before, on0),
                  second = MetricSample(after, on1) - MetricSample(before, on1);
  EXPECT_EQ(first + second, 40) << after;
  EXPECT_GE(first, second) << "the thread of their CPU takes its share first";
  EXPECT_LE(first - second, static_cast<long long>(2 * 8)) << after;
  EXPECT_GT(MetricSample(after, "sciweek_connections_joined_total{by=\"balance\"}"), 0) << after;
}

TEST(IoAffinityTest, AnOpenConnectionFollowsItsClientToAnotherCpuAndLosesNoRequest) {
  const auto cpus = AllowedCpus();
  if (cpus.size() < 2) GTEST_SKIP() << "one CPU: nothing to pin";
  TestServer server(ServerOptions{{"--threads", "2"}, {{"SCIWEEK_METRICS_TOKEN", kToken}}});
  MetricsReader metrics(server.port());
  const std::string before = metrics.Text();
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  std::thread client([&] {
    PinThisThread(cpus[0]);
    RawConnection c(server.port());
    ASSERT_TRUE(c.Send(request));
    EXPECT_EQ(StatusOf(c.Read(seconds(10))), 200);
    // The client moves to the other CPU (as a thread the scheduler moves does). Its packets
    // now arrive there; the connection follows between two answers.
    PinThisThread(cpus[1]);
    for (int i = 0; i < 6; ++i) {
      ASSERT_TRUE(c.Send(request));
      EXPECT_EQ(StatusOf(c.Read(seconds(10))), 200) << "answer " << i + 2;
    }
    // Pipelined requests (bytes of the next request already read must never be left behind on
    // the old thread), then back to the first CPU and more pipelined requests.
    std::string eight;
    for (int i = 0; i < 8; ++i) eight += request;
    for (int cpu : {cpus[1], cpus[0]}) {
      PinThisThread(cpu);
      ASSERT_TRUE(c.Send(eight));
      std::string got;
      const auto deadline = std::chrono::steady_clock::now() + seconds(10);
      size_t answers = 0;
      while (answers < 8 && std::chrono::steady_clock::now() < deadline) {
        got += c.Read(std::chrono::milliseconds(200), "");
        answers = 0;
        for (size_t at = got.find("HTTP/1.1 200"); at != std::string::npos; at = got.find("HTTP/1.1 200", at + 1))
          ++answers;
      }
      EXPECT_EQ(answers, 8u) << got.substr(0, 400);
    }
  });
  client.join();
  const std::string after = metrics.Text();
  EXPECT_GE(
      MetricSample(after, "sciweek_connections_moved_total") - MetricSample(before, "sciweek_connections_moved_total"),
      1)
      << after;
  EXPECT_EQ(server.Stop(), 0) << "a graceful stop still finds every connection: " << server.LogTail();
}

TEST(IoAffinityTest, TurnedOffTheThreadsMayRunAnywhereAndConnectionsAreDealtInTurn) {
  const auto cpus = AllowedCpus();
  TestServer server(
      ServerOptions{{"--threads", "2", "--pin-io-threads", "false"}, {{"SCIWEEK_METRICS_TOKEN", kToken}}});
  const auto threads = IoThreadCpus(server.pid());
  ASSERT_EQ(threads.size(), 2u) << server.LogTail();
  for (const auto& [name, list] : threads) {
    if (cpus.size() > 1) {
      EXPECT_NE(list, std::to_string(cpus[0])) << name << " is pinned though pinning is off";
    }
  }
  MetricsReader metrics(server.port());
  const std::string before = metrics.Text();
  ConnectFromCpu(server.port(), cpus.back(), 4);
  const std::string after = metrics.Text();
  EXPECT_EQ(MetricSample(after, ThreadSample(0, "any")) - MetricSample(before, ThreadSample(0, "any")), 2) << after;
  EXPECT_EQ(MetricSample(after, ThreadSample(1, "any")) - MetricSample(before, ThreadSample(1, "any")), 2) << after;
  EXPECT_EQ(MetricSample(after, "sciweek_connections_joined_total{by=\"incoming_cpu\"}"), 0) << after;
}

// Decision 0037: on SQLite, while the one thread that commits reservations is busy at least half
// of the time, the I/O threads are let go to run on any CPU, and pinned again once it is calm.
// On PostgreSQL they stay pinned.
TEST(IoAffinityTest, WhileSqlitesWriterIsBusyTheThreadsAreLetGoAndPinnedAgainWhenItIsCalm) {
  const auto cpus = AllowedCpus();
  if (cpus.size() < 2) GTEST_SKIP() << "one CPU: nothing to pin";
  const bool sqlite = SelectedBackend() == Backend::kSqlite;
  TestServer server(ServerOptions{{"--threads", "2", "--reserve-rate-per-ip", "0", "--reserve-rate-per-phone", "0"},
                                  {{"SCIWEEK_METRICS_TOKEN", kToken}}});
  HttpClient admin = server.LoginAs("admin");
  HttpClient reporter = server.LoginAs("110108");
  const int year = CreateFutureCampaign(admin);
  ASSERT_NE(year, 0);
  auto a = Publish(reporter, admin, year, ActivityBody(year, "忙碌写入", 400));
  ASSERT_FALSE(a.is_null());
  const long long session = a["sessions"][0]["id"].get<long long>();
  // Room for every reservation of the run (500 places or more would need an emergency plan).
  RunSql(server.db(), "UPDATE sessions SET capacity = 10000000 WHERE id = " + std::to_string(session));
  const auto pinned_masks = std::map<std::string, std::string>{{"sciweek-io-0", std::to_string(cpus[0])},
                                                               {"sciweek-io-1", std::to_string(cpus[1])}};
  MetricsReader metrics(server.port());
  ASSERT_EQ(MetricSample(metrics.Text(), "sciweek_io_threads_pinned"), 1);

  // 32 visitors reserving without pause keep the writer busy.
  std::atomic<bool> stop{false};
  std::atomic<int> created{0}, refused{0};
  std::vector<std::thread> visitors;
  for (int v = 0; v < 32; ++v)
    visitors.emplace_back([&, v] {
      HttpClient c("127.0.0.1", server.port());
      for (int i = 0; !stop; ++i)
        (Reserve(c, session, TestPhone(5000000 + v * 100000 + i)).status == 201 ? created : refused)++;
    });
  // Let go within a few beats of the load (on SQLite); checked for as long on PostgreSQL.
  bool let_go = false;
  std::map<std::string, std::string> masks_let_go;
  for (int i = 0; i < 40 && !let_go; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    let_go = MetricSample(metrics.Text(), "sciweek_io_threads_pinned") == 0;
  }
  if (let_go) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // each thread lets itself go
    masks_let_go = IoThreadCpus(server.pid());
  }
  stop = true;
  for (auto& t : visitors) t.join();
  EXPECT_GT(created, 0);
  EXPECT_EQ(refused, 0);
  if (!sqlite) {
    EXPECT_FALSE(let_go) << "PostgreSQL's writers are many and wait on the network: the threads stay pinned";
    EXPECT_EQ(IoThreadCpus(server.pid()), pinned_masks);
    return;
  }
  ASSERT_TRUE(let_go) << created << " reservations in 10 s did not let the threads go\n" << server.LogTail();
  for (const auto& [name, cpu] : pinned_masks) EXPECT_NE(masks_let_go[name], cpu) << name << " is still pinned";

  // Calm: pinned again after two calm beats.
  bool pinned_again = false;
  for (int i = 0; i < 40 && !pinned_again; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    pinned_again = MetricSample(metrics.Text(), "sciweek_io_threads_pinned") == 1;
  }
  ASSERT_TRUE(pinned_again) << server.LogTail();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(IoThreadCpus(server.pid()), pinned_masks);
  EXPECT_EQ(MetricSample(metrics.Text(), "sciweek_io_pinning_changes_total"), 2);
}

}  // namespace
}  // namespace sciweek::test
