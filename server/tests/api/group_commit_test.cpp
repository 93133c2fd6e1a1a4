// Issue 13, decision 0027: a reservation waits for its batch's COMMIT without holding a
// worker thread, so one COMMIT carries as many reservations as are waiting, not at most one
// per worker. With two workers the old design could never commit more than two per batch.
#include <atomic>
#include <latch>
#include <thread>
#include <vector>

#include "support/activities.hpp"
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

constexpr int kWorkers = 2;
constexpr int kClients = 64;

TEST(GroupCommitTest, OneCommitCarriesMoreReservationsThanThereAreWorkers) {
  std::unique_ptr<TestServer> server;
  try {
    server = std::make_unique<TestServer>(ServerOptions{
        {"--workers", std::to_string(kWorkers), "--reserve-rate-per-ip", "0", "--reserve-rate-per-phone", "0"}});
  } catch (const std::exception& e) {
    FAIL() << "server did not start: " << e.what();
  }
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

}  // namespace
}  // namespace sciweek::test
