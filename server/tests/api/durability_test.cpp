// No acknowledged write is lost: not when SIGTERM arrives while writes are in flight (the
// server finishes them and exits 0), and not when the process is killed right after a 201.
#include <atomic>
#include <mutex>
#include <thread>

#include "support/fixtures.hpp"
#include "support/raw_connection.hpp"

namespace sciweek::test {
namespace {

struct Outcome {
  std::string code;
  int status = 0;
};

TEST(DurabilityTest, SigtermDuringConcurrentWritesKeepsEveryAcknowledgedWriteAndExitsZero) {
  constexpr int kThreads = 10, kPerThread = 5;
  TestServer s;
  const HttpClient admin = s.LoginAs("admin");
  std::vector<Outcome> outcomes(kThreads * kPerThread);
  std::atomic<int> answered{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      HttpClient c = admin;
      while (!go) std::this_thread::yield();
      for (int i = 0; i < kPerThread; ++i) {
        auto& o = outcomes[t * kPerThread + i];
        o.code = "dur-" + std::to_string(t) + "-" + std::to_string(i);
        o.status = c.Post("/api/v1/orgs", OrgBody(o.code, "持久性测试单位", "other", "110108")).status;
        ++answered;
        if (o.status == 0) break;  // the server stopped accepting
      }
    });
  }
  go = true;
  while (answered < 8) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const int exit_code = s.Stop();  // SIGTERM while the other writes are in flight
  for (auto& th : threads) th.join();
  EXPECT_EQ(exit_code, 0) << s.LogTail();

  std::vector<std::string> acked;
  for (const auto& o : outcomes) {
    if (o.code.empty()) continue;
    EXPECT_TRUE(o.status == 201 || o.status == 0 || o.status == 503) << o.code << " answered " << o.status;
    if (o.status == 201) acked.push_back(o.code);
  }
  ASSERT_GE(acked.size(), 8u);
  RecordProperty("acknowledged", static_cast<int>(acked.size()));
  std::cerr << "[ durable  ] " << acked.size() << " writes acknowledged before/while stopping\n";

  s.Start();
  HttpClient after = s.LoginAs("admin");
  for (const auto& code : acked)
    EXPECT_EQ(after.Get("/api/v1/orgs/" + code).status, 200) << code << " was acknowledged";
  for (const auto& code : acked) {
    const auto log = after.Get("/api/v1/audit?entity_type=org&action=org.created&entity_id=" + code).json();
    EXPECT_EQ(log["total"], 1) << code << ": audit entry committed with the change";
  }
  EXPECT_EQ(s.Stop(), 0);
}

TEST(DurabilityTest, SigkillRightAfter201KeepsTheObject) {
  TestServer s;
  HttpClient admin = s.LoginAs("admin");
  auto created = admin.Post("/api/v1/orgs", OrgBody("dur-kill", "强杀前创建", "other"));
  ASSERT_EQ(created.status, 201) << created;
  s.Kill();
  s.Start();
  auto got = s.LoginAs("admin").Get("/api/v1/orgs/dur-kill");
  ASSERT_EQ(got.status, 200) << got;
  EXPECT_EQ(got.json()["name"], "强杀前创建");
}

TEST(DurabilityTest, SigkillRightAfterAnUpdateKeepsTheNewValue) {
  TestServer s;
  HttpClient admin = s.LoginAs("admin");
  auto updated = admin.Put("/api/v1/orgs/twg", OrgBody("twg", "北京天文馆（新馆）", "science_base", "110102"));
  ASSERT_EQ(updated.status, 200) << updated;
  s.Kill();
  s.Start();
  EXPECT_EQ(s.LoginAs("admin").Get("/api/v1/orgs/twg").json()["name"], "北京天文馆（新馆）");
}

TEST(DurabilityTest, SessionsSurviveARestart) {
  TestServer s;
  HttpClient c = s.LoginAs("reviewer");
  EXPECT_EQ(s.Stop(), 0);
  s.Start();
  HttpClient again("127.0.0.1", s.port());
  again.SetCookie("sciweek_session", *c.Cookie("sciweek_session"));
  auto me = again.Get("/api/v1/me");
  ASSERT_EQ(me.status, 200) << me;
  EXPECT_EQ(me.json()["user"]["login"], "reviewer");
  EXPECT_EQ(me.json()["csrf_token"], c.csrf_token());
}

TEST(DurabilityTest, IdleServerStopsPromptlyOnSigterm) {
  TestServer s;
  HttpClient c = s.LoginAs("admin");
  ASSERT_EQ(c.Get("/api/v1/me").status, 200);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(s.Stop(), 0) << s.LogTail();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

// Stopping closes the idle keep-alive connections. The stop's sweep posts the close to each
// connection's I/O thread; when that thread closed it before the sweep let go of it, the sweep
// released the connection last, under the lock the connection's end takes, and the stop
// deadlocked until the process was killed (seen once in 20 stops with one idle connection).
TEST(DurabilityTest, IdleKeepAliveConnectionsNeverHoldTheStop) {
  constexpr int kRounds = 12, kConnections = 40;
  TestServer s(ServerOptions{{"--threads", "2"}, {}});
  for (int round = 0; round < kRounds; ++round) {
    std::vector<RawConnection> idle;
    for (int i = 0; i < kConnections; ++i) {
      idle.emplace_back(s.port());
      ASSERT_TRUE(idle.back().Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    }
    for (auto& c : idle) ASSERT_EQ(StatusOf(c.Read(std::chrono::seconds(10))), 200);
    const auto start = std::chrono::steady_clock::now();
    ASSERT_EQ(s.Stop(), 0) << "round " << round << ": " << s.LogTail();
    ASSERT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5)) << "round " << round;
    for (auto& c : idle) EXPECT_TRUE(c.ClosedWithin(std::chrono::seconds(1))) << "round " << round;
    s.Start();
  }
}

}  // namespace
}  // namespace sciweek::test
