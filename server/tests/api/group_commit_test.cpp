// Issue 13, decision 0027: a reservation waits for its batch's COMMIT without holding a
// worker thread, so one COMMIT carries as many reservations as are waiting, not at most one
// per worker. With two workers the old design could never commit more than two per batch.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "support/activities.hpp"
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

constexpr int kWorkers = 2;
constexpr int kClients = 64;

// A server with `args` and without the per-address and per-phone reservation limits: every
// visitor here reserves as often as it can. Throws (failing the test) when it does not start.
std::unique_ptr<TestServer> ServerWithoutReservationLimits(std::vector<std::string> args) {
  args.insert(args.end(), {"--reserve-rate-per-ip", "0", "--reserve-rate-per-phone", "0"});
  return std::make_unique<TestServer>(ServerOptions{std::move(args)});
}

TEST(GroupCommitTest, OneCommitCarriesMoreReservationsThanThereAreWorkers) {
  auto server = ServerWithoutReservationLimits({"--workers", std::to_string(kWorkers)});
  HttpClient admin = server->LoginAs("admin");
  HttpClient reporter = server->LoginAs("110108");
  const int year = CreateFutureCampaign(admin);
  ASSERT_NE(year, 0);
  // Places for every round's clients: nobody is refused, every one writes.
  constexpr int kRounds = 3;
  auto a = Publish(reporter, admin, year, ActivityBody(year, "合并提交", kClients * kRounds));
  ASSERT_FALSE(a.is_null());
  const long long session = a["sessions"][0]["id"].get<long long>();

  // Batches grow from what waits: one stampede almost always shows it, three leave no doubt.
  long long largest = 0;
  int created = 0;
  for (int round = 0; round < kRounds && largest <= kWorkers; ++round) {
    std::latch start(kClients + 1);
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i)
      threads.emplace_back([&, i] {
        HttpClient c("127.0.0.1", server->port());
        start.arrive_and_wait();
        if (Reserve(c, session, TestPhone(3000 + round * kClients + i)).status == 201) ++ok;
      });
    start.arrive_and_wait();
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok, kClients) << "round " << round;
    created += ok;
    auto m = admin.Get("/metrics");
    ASSERT_EQ(m.status, 200) << m;
    largest = MetricSample(m.body, "sciweek_group_commit_largest_batch");
    const long long batches = MetricSample(m.body, "sciweek_group_commits_total");
    const long long carried = MetricSample(m.body, "sciweek_grouped_transactions_total");
    EXPECT_EQ(carried, created) << "every reservation went through a grouped commit";
    EXPECT_GE(batches, 1);
    EXPECT_LE(batches, carried);
  }
  EXPECT_GT(largest, kWorkers) << "a batch never outgrew the " << kWorkers << " workers in " << kRounds
                               << " stampedes of " << kClients;
  auto counter = reporter.Get("/api/v1/sessions/" + std::to_string(session) + "/counter");
  ASSERT_EQ(counter.status, 200) << counter;
  EXPECT_EQ(counter.json()["reserved"], created);
}

// Decision 0036: a reservation is taken on its connection's I/O thread and its batch is led
// by a worker. Were the batch led there, a write waiting for the database would stop every
// other connection of that thread. One I/O thread; the database locked from outside.
TEST(GroupCommitTest, AReservationWaitingForTheDatabaseHoldsNoOtherConnection) {
  auto server = ServerWithoutReservationLimits({"--threads", "1"});
  HttpClient admin = server->LoginAs("admin");
  HttpClient reporter = server->LoginAs("110108");
  const int year = CreateFutureCampaign(admin);
  ASSERT_NE(year, 0);
  auto a = Publish(reporter, admin, year, ActivityBody(year, "锁等待", 10));
  ASSERT_FALSE(a.is_null());
  const std::string session = std::to_string(a["sessions"][0]["id"].get<long long>());
  const std::string listing = "/api/v1/public/activities?campaign=" + std::to_string(year);
  ASSERT_EQ(server->Client().Get(listing).status, 200);

  // Another client holds the write lock (SQLite) or the session's row (PostgreSQL) for 6 s;
  // the file is there while it does.
  const TestDatabase& db = server->db();
  const std::string held = db.dir() + "/lock-held";
  const std::string lock_sql = db.dir() + "/lock.sql";
  std::ofstream(lock_sql) << (db.backend() == Backend::kSqlite
                                  ? "BEGIN IMMEDIATE;\n.shell touch " + held + "\n.shell sleep 6\n.shell rm " + held +
                                        "\nCOMMIT;\n"
                                  : "BEGIN;\nSELECT 1 FROM sessions WHERE id = " + session +
                                        " FOR UPDATE;\n\\! touch " + held + "\nSELECT pg_sleep(6);\n\\! rm " + held +
                                        "\nCOMMIT;\n");
  const std::string script = db.backend() == Backend::kSqlite
                                 ? "sqlite3 -bail '" + db.sqlite_path() + "' < '" + lock_sql + "'"
                                 : "psql -qtA -v ON_ERROR_STOP=1 '" + db.url() + "' -f '" + lock_sql + "' >/dev/null";
  std::thread locker([&] { EXPECT_EQ(std::system(script.c_str()), 0) << script; });
  for (int i = 0; i < 100 && !std::filesystem::exists(held); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(std::filesystem::exists(held)) << "the lock was never taken";

  std::atomic<bool> reserved{false};
  std::atomic<int> status{0};
  std::thread visitor([&] {
    status = Reserve(server->Client(), std::stoll(session), TestPhone(4100)).status;
    reserved = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the reservation is in its batch
  const auto listed = server->Client().Get(listing);
  const bool answered_while_locked = std::filesystem::exists(held) && !reserved;
  EXPECT_EQ(listed.status, 200) << listed;
  EXPECT_TRUE(answered_while_locked) << "the listing waited for the reservation's database lock";
  visitor.join();
  locker.join();
  EXPECT_EQ(status, 201) << "the reservation went through once the lock was let go";
}

}  // namespace
}  // namespace sciweek::test
