// Group commit (Db::WriteGrouped): transactions that share one COMMIT stay isolated — one
// that returns an error or throws leaves no trace, the others all land.
#include "store/db.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <latch>
#include <thread>
#include <vector>

#include "core/crypto.hpp"

namespace sciweek::store {
namespace {

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sciweek-db-test-" + core::RandomToken(6));
    std::filesystem::create_directories(dir_);
    auto db = Db::Open("sqlite:" + (dir_ / "t.db").string(), 8);
    ASSERT_TRUE(db) << db.error().internal;
    db_ = std::move(*db);
    auto made = db_->Write<bool>([](Tx& tx) -> core::Result<bool> {
      tx.sql() << "CREATE TABLE t (n INTEGER PRIMARY KEY)";
      return true;
    });
    ASSERT_TRUE(made);
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  long long Count() {
    auto n = db_->Read<long long>([](Tx& tx) -> core::Result<long long> {
      long long c = 0;
      tx.sql() << "SELECT COUNT(*) FROM t", soci::into(c);
      return c;
    });
    return n ? *n : -1;
  }
  std::filesystem::path dir_;
  std::unique_ptr<Db> db_;
};

// Db leases each connection to one thread at a time, so SQLite runs without a mutex per
// connection (dialect.hpp ConfigureSqliteLibrary). The other tests here write from 48 threads
// through the same pool.
TEST_F(GroupCommitTest, SqliteConnectionsCarryNoMutexOfTheirOwn) {
  auto mutex = db_->Read<bool>([](Tx& tx) -> core::Result<bool> {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(tx.sql().get_backend());
    return sqlite_api::sqlite3_db_mutex(backend->conn_) != nullptr;
  });
  ASSERT_TRUE(mutex);
  EXPECT_FALSE(*mutex) << "SQLite is serialized: it was in use before the first Db::Open";
}

TEST_F(GroupCommitTest, FailedAndThrowingTransactionsLeaveNoTraceAndTheRestLand) {
  constexpr int kThreads = 48;
  std::latch start(kThreads);
  std::atomic<int> ok{0}, refused{0}, thrown{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        auto r = db_->WriteGrouped<int>(i % 4, [i](Tx& tx) -> core::Result<int> {
          tx.sql() << "INSERT INTO t (n) VALUES (:n)", soci::use(i);
          if (i % 3 == 1) return core::Error::Conflict("refused after writing");
          if (i % 3 == 2) throw std::runtime_error("thrown after writing");
          return i;
        });
        if (r) ++ok;
        else ++refused;
      } catch (const std::runtime_error&) {
        ++thrown;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, kThreads / 3);
  EXPECT_EQ(refused, kThreads / 3);
  EXPECT_EQ(thrown, kThreads / 3);
  EXPECT_EQ(Count(), kThreads / 3) << "only the transactions that returned a value were kept";
  auto again = db_->WriteGrouped<int>(7, [](Tx& tx) -> core::Result<int> {
    tx.sql() << "INSERT INTO t (n) VALUES (1000)";
    return 1;
  });
  EXPECT_TRUE(again) << "the connection came back clean";
  EXPECT_EQ(Count(), kThreads / 3 + 1);
}

// A thread that must never wait (an I/O thread) queues its write and hands the batch to a
// worker (decision 0036). Here the "worker" is a list of work this test runs when it chooses.
struct HandedWork {
  std::vector<std::function<void()>> work;
  core::HandOff hand_off() {
    return [this](std::function<void()> w) { work.push_back(std::move(w)); };
  }
  void RunNext() {
    ASSERT_FALSE(work.empty());
    auto w = std::move(work.front());
    work.erase(work.begin());
    w();
  }
};

TEST_F(GroupCommitTest, AWriterThatMustNotWaitLeadsNothingAndItsBatchRunsWhereItWasHanded) {
  HandedWork worker;
  std::vector<int> answers;
  const auto submit = [&](int n) {
    db_->WriteGroupedAsync<int>(
        1,
        [n](Tx& tx) -> core::Result<int> {
          tx.sql() << "INSERT INTO t (n) VALUES (:n)", soci::use(n);
          return n;
        },
        [&answers](core::Result<int> r) { answers.push_back(r ? *r : -1); }, nullptr, worker.hand_off());
  };
  submit(1);
  submit(2);
  submit(3);
  EXPECT_EQ(Count(), 0) << "nothing ran on the submitting thread";
  EXPECT_TRUE(answers.empty());
  ASSERT_EQ(worker.work.size(), 1U) << "one leader handed over, however many joined its queue";
  worker.RunNext();
  EXPECT_EQ(Count(), 3);
  EXPECT_EQ(answers, (std::vector<int>{1, 2, 3}));
  EXPECT_TRUE(worker.work.empty()) << "with nothing waiting, the leader answered its batch itself";
  const auto stats = db_->GroupCommitStats();
  EXPECT_EQ(stats.batches, 1U) << "the three shared one COMMIT";
  EXPECT_EQ(stats.transactions, 3U);
}

TEST_F(GroupCommitTest, WhileABatchWaitsTheLeaderHandsTheAnswersOfTheLastOneOnAndCommitsTheNext) {
  HandedWork worker;
  std::vector<int> answers;
  std::function<void(int)> submit = [&](int n) {
    db_->WriteGroupedAsync<int>(
        1,
        [n, &submit](Tx& tx) -> core::Result<int> {
          tx.sql() << "INSERT INTO t (n) VALUES (:n)", soci::use(n);
          if (n == 1) submit(2);  // arrives while the first batch runs: it waits for the next
          return n;
        },
        [&answers](core::Result<int> r) { answers.push_back(r ? *r : -1); }, nullptr, worker.hand_off());
  };
  submit(1);
  worker.RunNext();  // the leader: both batches
  EXPECT_EQ(Count(), 2);
  EXPECT_EQ(answers, (std::vector<int>{2})) << "the first batch's answer was handed on, not given";
  ASSERT_EQ(worker.work.size(), 1U);
  worker.RunNext();
  EXPECT_EQ(answers, (std::vector<int>{2, 1}));
  EXPECT_EQ(db_->GroupCommitStats().batches, 2U);
}

}  // namespace
}  // namespace sciweek::store
