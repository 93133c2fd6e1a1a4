// A statement that carries its transaction's BEGIN (decision 0031) must leave the connection
// as SOCI expects it whatever happens: in the open transaction when both ran, in an aborted
// one to roll back when the statement failed, untouched when the connection was already
// gone; never in pipeline mode. And a transaction whose BEGIN is deferred sends it before any
// other statement, as a job's SAVEPOINT in a batch is. PostgreSQL only: these run where `make test` starts its server
// (SCIWEEK_TEST_PG_URL), and are skipped elsewhere.
#include "store/pg_pipeline.hpp"

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace sciweek::store {
namespace {

TEST(PositionalParamsTest, NamedParametersBecomePositionalInTheGivenOrder) {
  EXPECT_EQ(PositionalParams("SELECT :b, :a, :a WHERE x = :ab", {"a", "b", "ab"}), "SELECT $2, $1, $1 WHERE x = $3");
  // A cast is not a parameter, nor is a longer name that starts alike.
  EXPECT_EQ(PositionalParams("SELECT x::id, :id, :idx", {"id"}), "SELECT x::id, $1, :idx");
}

class PgPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("SCIWEEK_TEST_PG_URL");
    if (!url || !*url) GTEST_SKIP() << "PostgreSQL only: SCIWEEK_TEST_PG_URL is not set";
    auto db = Db::Open(url, 1);
    ASSERT_TRUE(db) << db.error().internal;
    db_ = std::move(*db);
    url_ = url;
  }
  // A table of numbers on the pool's one connection, gone with it.
  void MakeTempTable(const std::string& table) {
    ASSERT_TRUE(db_->Write<bool>([&](Tx& tx) -> core::Result<bool> {
      tx.sql() << "CREATE TEMP TABLE " + table + " (n INTEGER)";
      return true;
    }));
  }
  // The numbers a test table holds, in order: "1,2,4".
  std::string Numbers(const std::string& table) {
    auto rows = db_->Read<std::string>([&](Tx& tx) -> core::Result<std::string> {
      std::string all;
      tx.sql() << "SELECT COALESCE(string_agg(n::text, ',' ORDER BY n), '') FROM " + table, soci::into(all);
      return all;
    });
    return rows ? *rows : "(read failed)";
  }
  std::unique_ptr<Db> db_;
  std::string url_;
};

// Owns its own connection, outside any pool.
struct Connection {
  soci::session sql;
  PGconn* pg = nullptr;
  explicit Connection(const std::string& url) : sql(*soci::factory_postgresql(), PgKeywords(url)) {
    pg = PgConnectionOf(sql);
  }
  static std::string PgKeywords(const std::string& url) { return ParseDbUrl(url)->target; }
};

TEST_F(PgPipelineTest, BothRanLeavesTheTransactionOpenWithTheRows) {
  Connection c(url_);
  PgPrepared st(c.pg, "SELECT $1::int + 1, $2::text, NULL, pg_current_xact_id()::text");
  auto ran = BeginAndRun(st, "BEGIN", {"41", "天坛"});
  ASSERT_EQ(ran.outcome, PipelineOutcome::kRan) << ran.error;
  EXPECT_EQ(PQpipelineStatus(c.pg), PQ_PIPELINE_OFF);
  EXPECT_EQ(PQtransactionStatus(c.pg), PQTRANS_INTRANS);
  const PgRow row(ran.rows.get(), 0);
  EXPECT_EQ(GetInt(row, 0), 42);
  EXPECT_EQ(GetText(row, 1), "天坛");
  EXPECT_EQ(GetOptInt(row, 2), std::nullopt);
  // SOCI goes on in the same transaction: the one the statement ran in.
  std::string xact;
  c.sql << "SELECT pg_current_xact_id()::text", soci::into(xact);
  EXPECT_EQ(xact, GetText(row, 3));
  c.sql << "ROLLBACK";
  EXPECT_EQ(PQtransactionStatus(c.pg), PQTRANS_IDLE);
}

TEST_F(PgPipelineTest, AFailedStatementLeavesAnAbortedTransactionToRollBack) {
  Connection c(url_);
  PgPrepared st(c.pg, "SELECT 1 / $1::int");
  auto ran = BeginAndRun(st, "BEGIN", {"0"});
  ASSERT_EQ(ran.outcome, PipelineOutcome::kFailed);
  EXPECT_NE(ran.error.find("division by zero"), std::string::npos) << ran.error;
  EXPECT_EQ(PQpipelineStatus(c.pg), PQ_PIPELINE_OFF);
  EXPECT_EQ(PQtransactionStatus(c.pg), PQTRANS_INERROR);
  c.sql << "ROLLBACK";
  int one = 0;
  c.sql << "SELECT 1", soci::into(one);  // the connection serves SOCI again
  EXPECT_EQ(one, 1);
  // And the same statement runs again on it.
  auto again = BeginAndRun(st, "BEGIN", {"1"});
  ASSERT_EQ(again.outcome, PipelineOutcome::kRan) << again.error;
  c.sql << "COMMIT";
}

TEST_F(PgPipelineTest, AConnectionTheServerDroppedRunsNothing) {
  Connection victim(url_);
  PgPrepared st(victim.pg, "SELECT $1::int");
  Connection admin(url_);
  const int pid = PQbackendPID(victim.pg);
  admin.sql << "SELECT pg_terminate_backend(:p)", soci::use(pid);
  auto ran = BeginAndRun(st, "BEGIN", {"1"});
  EXPECT_EQ(ran.outcome, PipelineOutcome::kNotStarted);
  EXPECT_EQ(PQstatus(victim.pg), CONNECTION_BAD);
}

TEST_F(PgPipelineTest, ACommitRidesWithTheStatementOrIsSkippedWhenItFails) {
  Connection c(url_);
  c.sql << "CREATE TEMP TABLE rode (n INTEGER PRIMARY KEY)";
  PgPrepared st(c.pg, "INSERT INTO rode VALUES ($1::int) RETURNING n + 100");
  c.sql << "BEGIN";
  auto ran = RunThenCommit(st, {"1"}, true);
  ASSERT_EQ(ran.outcome, PipelineOutcome::kRan) << ran.error;
  EXPECT_EQ(GetInt(PgRow(ran.rows.get(), 0), 0), 101);
  EXPECT_EQ(PQtransactionStatus(c.pg), PQTRANS_IDLE) << "committed in the same round trip";
  EXPECT_EQ(PQpipelineStatus(c.pg), PQ_PIPELINE_OFF);
  // Without the COMMIT the transaction stays open.
  c.sql << "BEGIN";
  ASSERT_EQ(RunThenCommit(st, {"2"}, false).outcome, PipelineOutcome::kRan);
  EXPECT_EQ(PQtransactionStatus(c.pg), PQTRANS_INTRANS);
  // A unique key held: the statement fails, the COMMIT behind it is skipped, and the
  // transaction, aborted, rolls back with what it had done before.
  auto dup = RunThenCommit(st, {"1"}, true);
  ASSERT_EQ(dup.outcome, PipelineOutcome::kFailed);
  EXPECT_EQ(dup.sqlstate, "23505") << dup.error;
  EXPECT_EQ(PQtransactionStatus(c.pg), PQTRANS_INERROR);
  EXPECT_EQ(PQpipelineStatus(c.pg), PQ_PIPELINE_OFF);
  c.sql << "ROLLBACK";
  std::string all;
  c.sql << "SELECT string_agg(n::text, ',' ORDER BY n) FROM rode", soci::into(all);
  EXPECT_EQ(all, "1");
}

TEST_F(PgPipelineTest, ACommitOnAConnectionTheServerDroppedThrows) {
  Connection victim(url_);
  PgPrepared st(victim.pg, "SELECT $1::int");
  victim.sql << "BEGIN";
  Connection admin(url_);
  const int pid = PQbackendPID(victim.pg);
  admin.sql << "SELECT pg_terminate_backend(:p)", soci::use(pid);
  EXPECT_THROW(RunThenCommit(st, {"1"}, true), std::runtime_error) << "whether it committed is unknown";
}

TEST_F(PgPipelineTest, ALoneJobWhoseLastWriteCarriedTheCommitIsEndedByNothingElse) {
  MakeTempTable("lone");
  if (HasFatalFailure()) return;
  // The job's write and its COMMIT in one round trip; RunBatch then sends no COMMIT (which
  // PostgreSQL would answer with a warning) and no ROLLBACK (which would undo nothing, but the
  // job's refusal after a write that wrote nothing must not look like a failure either).
  auto write = [](int n, bool refuse) {
    return [n, refuse](Tx& tx) -> core::Result<bool> {
      PgPrepared st(PgConnectionOf(tx.sql()), "INSERT INTO lone SELECT $1::int WHERE $1::int > 0 RETURNING n");
      EXPECT_TRUE(tx.may_commit_with(true)) << "a lone job may";
      EXPECT_FALSE(tx.may_commit_with(false));
      auto ran = RunThenCommit(st, {std::to_string(n)}, true);
      EXPECT_EQ(ran.outcome, PipelineOutcome::kRan) << ran.error;
      tx.CommittedWithIt();
      if (refuse) return core::Error::Conflict("refused after writing nothing");
      return true;
    };
  };
  EXPECT_TRUE(db_->WriteGrouped<bool>(3, write(5, false)));
  EXPECT_FALSE(db_->WriteGrouped<bool>(3, write(0, true)));
  // Nothing may run after the COMMIT: it would run outside the transaction.
  EXPECT_THROW(db_->WriteGrouped<bool>(3,
                                       [&](Tx& tx) -> core::Result<bool> {
                                         EXPECT_TRUE(write(6, false)(tx));
                                         tx.sql() << "INSERT INTO lone VALUES (7)";
                                         return true;
                                       }),
               std::logic_error);
  EXPECT_EQ(Numbers("lone"), "5,6");
  // The pool's connection serves the next transaction as usual.
  EXPECT_TRUE(db_->Write<bool>([](Tx& tx) -> core::Result<bool> {
    tx.sql() << "INSERT INTO lone VALUES (8)";
    return true;
  }));
  EXPECT_EQ(Numbers("lone"), "5,6,8");
}

TEST_F(PgPipelineTest, ADeferredBeginIsSentBeforeAnyOtherStatement) {
  MakeTempTable("pipelined");
  if (HasFatalFailure()) return;
  // A grouped job alone in its batch runs with its BEGIN deferred: its plain statement sends
  // it first, so the job's refusal rolls its insert back.
  auto refused = db_->WriteGrouped<bool>(1, [](Tx& tx) -> core::Result<bool> {
    EXPECT_NE(tx.begin_deferred(), nullptr);
    tx.sql() << "INSERT INTO pipelined (n) VALUES (1)";
    EXPECT_EQ(tx.begin_deferred(), nullptr);
    return core::Error::Conflict("refused");
  });
  EXPECT_FALSE(refused);
  auto kept = db_->WriteGrouped<bool>(1, [](Tx& tx) -> core::Result<bool> {
    tx.sql() << "INSERT INTO pipelined (n) VALUES (2)";
    return true;
  });
  EXPECT_TRUE(kept);
  // A job that sent nothing ends nothing.
  auto idle = db_->WriteGrouped<bool>(1, [](Tx&) -> core::Result<bool> { return true; });
  EXPECT_TRUE(idle);
  EXPECT_EQ(Numbers("pipelined"), "2");
}

TEST_F(PgPipelineTest, InABatchAJobThatSentNothingRollsBackNothing) {
  MakeTempTable("batched");
  if (HasFatalFailure()) return;
  auto insert = [](int n) {
    return [n](Tx& tx) -> core::Result<bool> {
      tx.sql() << "INSERT INTO batched (n) VALUES (" + std::to_string(n) + ")";
      return true;
    };
  };
  std::vector<std::string> answers;
  auto note = [&answers](core::Result<bool> r) { answers.push_back(r ? "ok" : r.error().message); };
  // Jobs queued while a batch of their key runs make the next batch, in this order: a kept
  // insert, a refusal that sent nothing (its savepoint never went, so it must not roll back
  // to the kept one's), a refused insert, a kept insert.
  db_->WriteGroupedAsync<bool>(
      7,
      [&](Tx& tx) -> core::Result<bool> {
        tx.sql() << "INSERT INTO batched (n) VALUES (1)";
        db_->WriteGroupedAsync<bool>(7, insert(2), note);
        db_->WriteGroupedAsync<bool>(
            7, [](Tx&) -> core::Result<bool> { return core::Error::Conflict("nothing sent"); }, note);
        db_->WriteGroupedAsync<bool>(
            7,
            [&](Tx& t) -> core::Result<bool> {
              EXPECT_TRUE(insert(3)(t));
              return core::Error::Conflict("refused");
            },
            note);
        db_->WriteGroupedAsync<bool>(7, insert(4), note);
        return true;
      },
      note);
  EXPECT_EQ(answers, (std::vector<std::string>{"ok", "ok", "nothing sent", "refused", "ok"}));
  EXPECT_EQ(db_->GroupCommitStats().largest, 4U);
  EXPECT_EQ(Numbers("batched"), "1,2,4");
}

// Decision 0035: a job's last write carries the next job's SAVEPOINT and first statement.
struct CountCarried : PgPrepared {
  explicit CountCarried(Tx& tx)
      : PgPrepared(PgConnectionOf(tx.connection()), "SELECT 10 / $1::int, (SELECT count(*) FROM carried)") {}
};
struct InsertCarried : PgPrepared {
  explicit InsertCarried(Tx& tx)
      : PgPrepared(PgConnectionOf(tx.connection()),
                   "INSERT INTO carried SELECT $1::int WHERE ($1::int + 100) / ($1::int + 100) = 1 RETURNING n") {}
};

TEST_F(PgPipelineTest, InABatchTheNextJobsFirstStatementRidesWithTheLastWriteAndGoesWithARefusal) {
  MakeTempTable("carried");
  if (HasFatalFailure()) return;
  // How each job began: "carried N" when its first statement came with the job before it,
  // "sent N" when it sent it itself; N is the rows it saw.
  std::vector<std::string> began, answers;
  auto note = [&answers](core::Result<bool> r) { answers.push_back(r ? "ok" : r.error().message); };
  enum class Then { kKeep, kRefuse, kWriteAgain };
  auto job = [&](int n, int divisor, Then then) {
    return [&, n, divisor, then](Tx& tx) -> core::Result<bool> {
      const PgParams first{std::to_string(divisor)};
      if (auto answer = TakeCarriedAnswer(tx, first)) {
        began.push_back("carried " + std::string(PQgetvalue(answer->get(), 0, 1)));
      } else {
        long long rows = 0;
        tx.sql() << "SELECT count(*) FROM carried", soci::into(rows);  // sends the deferred savepoint
        began.push_back("sent " + std::to_string(rows));
      }
      auto ran = RunLastWrite(tx, tx.Kept<InsertCarried>(), {std::to_string(n)}, true);
      if (ran.outcome != PipelineOutcome::kRan) return core::Error::Conflict("write failed");
      if (then == Then::kWriteAgain) tx.sql() << "INSERT INTO carried VALUES (99)";  // throws: too late
      if (then == Then::kRefuse) return core::Error::Conflict("refused after writing");
      return true;
    };
  };
  auto first_of = [](int divisor) {
    return std::make_shared<const FirstStatement>(FirstStatement{
        [](Tx& tx) -> const PgPrepared& { return tx.KeptBeforeBegin<CountCarried>(); }, {std::to_string(divisor)}});
  };
  auto submit = [&](int n, int divisor, Then then) {
    db_->WriteGroupedAsync<bool>(9, job(n, divisor, then), note, first_of(divisor));
  };
  db_->WriteGroupedAsync<bool>(
      9,
      [&](Tx& tx) -> core::Result<bool> {
        tx.sql() << "INSERT INTO carried VALUES (1)";
        submit(2, 1, Then::kKeep);        // first in its batch: sends its own
        submit(3, 1, Then::kRefuse);      // carried; refused, so the next one's read goes too
        submit(4, 1, Then::kKeep);        // reads again, without 3
        submit(5, 0, Then::kKeep);        // its carried statement failed (division by zero)
        submit(6, 1, Then::kKeep);        // the failed one wrote nothing and carried nothing
        submit(-100, 1, Then::kKeep);     // carried; its write fails, so nothing behind it ran
        submit(7, 1, Then::kWriteAgain);  // a statement after its carrying write: rolled back
        submit(8, 1, Then::kKeep);        // reads again, without 7
        return true;
      },
      note);
  EXPECT_EQ(began,
            (std::vector<std::string>{"sent 1", "carried 2", "sent 2", "sent 3", "carried 4", "sent 4", "sent 4"}));
  ASSERT_EQ(answers.size(), 9U);
  EXPECT_EQ(answers[0], "ok");
  EXPECT_EQ(answers[1], "ok");
  EXPECT_EQ(answers[2], "refused after writing");
  EXPECT_EQ(answers[3], "ok");
  EXPECT_NE(answers[4], "ok") << "its first statement failed";
  EXPECT_EQ(answers[5], "ok");
  EXPECT_EQ(answers[6], "write failed");
  EXPECT_NE(answers[7], "ok") << "a statement after the write that began the next job";
  EXPECT_EQ(answers[8], "ok");
  EXPECT_EQ(Numbers("carried"), "1,2,4,6,8");
}

}  // namespace
}  // namespace sciweek::store
