#pragma once
// Db — the database: a URL, a pool of connections and transactions. Services receive a Tx
// inside Db::Write/Read and hand it to stores; nothing above store/ sees SOCI.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/await.hpp"
#include "core/result.hpp"
#include "store/dialect.hpp"
#include "store/statement_cache.hpp"

namespace soci {
class session;
}

namespace sciweek::store {

struct AuditEntry;
struct CarriedAnswer;   // store/pg_pipeline.hpp
struct FirstStatement;  // store/pg_pipeline.hpp

// One open transaction. Valid only inside the callback that received it.
class Tx {
 public:
  Tx(soci::session& sql, Dialect dialect, StatementCache& kept) : sql_(sql), dialect_(dialect), kept_(kept) {}
  soci::session& sql() {
    SendBegin();
    return sql_;
  }
  Dialect dialect() const { return dialect_; }
  // The connection's kept statement T, made as T(Tx&) on its first use
  // (store/statement_cache.hpp).
  template <typename T>
  T& Kept() {
    SendBegin();
    return kept_.Get<T>(*this);
  }

  // Work whose beginning waits for its first statement (Db::RunBatch on PostgreSQL, decision
  // 0031): a lone job's BEGIN, or in a batch each job's SAVEPOINT. sql() and Kept() send it
  // before anything else, by `send` (for a BEGIN, Db::Begin, which reopens a broken
  // connection); a statement that carries it in its own round trip (store/pg_pipeline.hpp)
  // reads it with begin_deferred() and says so with BeganWithIt().
  void DeferBegin(const char* begin_sql, std::function<void()> send) {
    deferred_begin_ = begin_sql;
    send_begin_ = std::move(send);
  }
  // The deferred BEGIN's SQL, or null once it was sent (or was never deferred).
  const char* begin_deferred() const { return deferred_begin_; }
  void BeganWithIt() {
    deferred_begin_ = nullptr;
    send_begin_ = nullptr;
  }
  // Sends a deferred BEGIN now; nothing if there is none. Stays deferred if sending threw.
  // After a COMMIT that rode with a statement no statement may follow: it would run outside
  // the transaction.
  void SendBegin() {
    if (committed_) throw std::logic_error("a statement after its transaction's COMMIT");
    // It would run inside the next job's savepoint, and go if that job is rolled back.
    if (carried_) throw std::logic_error("a statement after the write that began the next job");
    if (!deferred_begin_) return;
    send_begin_();
    BeganWithIt();
  }
  // For the statement that carries the deferred BEGIN: the connection and its kept statement
  // T, without sending it.
  soci::session& connection() { return sql_; }
  template <typename T>
  T& KeptBeforeBegin() {
    return kept_.Get<T>(*this);
  }
  // A lone job's transaction on PostgreSQL may end in its last write's round trip (decision
  // 0032). Db::RunBatch allows it; the job's last write asks may_commit_with(), and if it sent
  // the COMMIT along, says so with CommittedWithIt() and RunBatch ends nothing. The job must
  // then send no other statement, and may refuse only if that write wrote nothing.
  void AllowCommitWithLastWrite() { commit_may_ride_ = true; }
  bool may_commit_with(bool last_write) const { return commit_may_ride_ && last_write; }
  void CommittedWithIt() { committed_ = true; }
  bool committed() const { return committed_; }
  // In a batch on PostgreSQL a job's last write may carry the next job's SAVEPOINT and first
  // statement in its round trip (decision 0035; store::RunLastWrite). RunBatch names them
  // before the job runs (CarryNext); the write asks next_to_carry() and hands their answer back
  // (Carried). The next job's savepoint is then open: RunBatch starts that job with
  // StartCarried(), and its first statement reads the answer (store::TakeCarriedAnswer, by
  // TakeFirstAnswer) instead of sending itself. EndCarry() after each job drops what it left.
  void CarryNext(const FirstStatement* next, const char* savepoint_sql) {
    carry_next_ = next;
    carry_savepoint_ = savepoint_sql;
  }
  const FirstStatement* next_to_carry(bool last_write) const { return last_write && !carried_ ? carry_next_ : nullptr; }
  const char* carry_savepoint() const { return carry_savepoint_; }
  void Carried(std::shared_ptr<CarriedAnswer> answer) { carried_ = std::move(answer); }
  bool carried() const { return carried_ != nullptr; }
  void DropCarried() { carried_.reset(); }
  bool StartCarried() {
    first_answer_ = std::move(carried_);
    return first_answer_ != nullptr;
  }
  std::shared_ptr<CarriedAnswer> TakeFirstAnswer() { return std::move(first_answer_); }
  void EndCarry() {
    CarryNext(nullptr, nullptr);
    first_answer_.reset();
  }
  // In a grouped batch on PostgreSQL, audit entries wait here and the batch writes them all in
  // one statement before its COMMIT (AuditStore::Append); null everywhere else.
  std::vector<AuditEntry>* deferred_audit() { return deferred_audit_; }
  void DeferAuditTo(std::vector<AuditEntry>* entries) { deferred_audit_ = entries; }

 private:
  soci::session& sql_;
  Dialect dialect_;
  StatementCache& kept_;
  std::vector<AuditEntry>* deferred_audit_ = nullptr;
  const char* deferred_begin_ = nullptr;
  std::function<void()> send_begin_;
  bool commit_may_ride_ = false, committed_ = false;
  const FirstStatement* carry_next_ = nullptr;
  const char* carry_savepoint_ = nullptr;
  std::shared_ptr<CarriedAnswer> carried_;       // for the next job, from this job's last write
  std::shared_ptr<CarriedAnswer> first_answer_;  // for this job, from the previous one's
};

struct DbUrl {
  Dialect dialect = Dialect::kSqlite;
  std::string target;  // SQLite file path, or the PostgreSQL connection string
};

// Parses "sqlite:PATH" or "postgresql://…" / "postgres://…".
core::Result<DbUrl> ParseDbUrl(const std::string& url);

class Db {
 public:
  // Opens `pool_size` connections (a SQLite file and its folder are created if missing).
  static core::Result<std::unique_ptr<Db>> Open(const std::string& url, size_t pool_size);
  ~Db();

  Dialect dialect() const { return url_.dialect; }
  const DbUrl& url() const { return url_; }

  // Runs fn in a write transaction; commits when fn returns a value, rolls back when it
  // returns an error or throws. SQLite write transactions take the lock up front.
  template <typename T>
  core::Result<T> Write(const std::function<core::Result<T>(Tx&)>& fn) {
    return Run<T>(true, fn);
  }
  // Like Write, but the transaction may share its COMMIT (one flush) with others waiting at
  // the same moment: group commit. Each runs inside its own SAVEPOINT, so one that fails or
  // throws is rolled back alone; a value is returned only after the shared COMMIT succeeded.
  // For hot rows (a sold-out session) this is what lifts the ceiling of one commit flush per
  // reservation (bench/RESULTS.md). `key` names the contended row: on PostgreSQL only
  // transactions of one key share a batch, so different keys still commit in parallel; on
  // SQLite, whose writers serialize anyway, all share one. Rethrows what fn threw.
  template <typename T>
  core::Result<T> WriteGrouped(long long key, const std::function<core::Result<T>(Tx&)>& fn) {
    std::optional<core::Result<T>> out;
    auto job = std::make_unique<GroupJob>();
    job->body = [&](Tx& tx) {
      out.emplace(fn(tx));
      return out->has_value();
    };
    const auto o = core::Await<GroupOutcome>([&](auto finish) {
      job->finish = std::move(finish);
      SubmitGrouped(GroupKey(key), std::move(job));
    });
    if (o.thrown) std::rethrow_exception(o.thrown);
    if (!o.committed) return core::Error::Internal("group commit failed");
    return std::move(*out);
  }
  // WriteGrouped without a thread waiting for it (decision 0027): fn runs in a later batch,
  // perhaps on another thread, and `done` gets its answer once that batch's COMMIT is over
  // (a throw arrives as an internal error). The calling thread goes back to other work at
  // once, so batches grow to what is waiting instead of to the number of worker threads.
  // Whoever finds no batch of `key` running commits batches until none waits.
  // `first`, when given, is fn's first statement, which the job before it in a PostgreSQL
  // batch may send for it (decision 0035). `lead_elsewhere`, when given, is for a caller that
  // must not block (an I/O thread, decision 0036): the batches it would lead run on the
  // thread it hands them to.
  template <typename T>
  void WriteGroupedAsync(long long key, std::function<core::Result<T>(Tx&)> fn,
                         std::function<void(core::Result<T>)> done,
                         std::shared_ptr<const FirstStatement> first = nullptr,
                         const core::HandOff& lead_elsewhere = nullptr) {
    auto out = std::make_shared<std::optional<core::Result<T>>>();
    auto job = std::make_unique<GroupJob>();
    job->body = [fn = std::move(fn), out](Tx& tx) {
      out->emplace(fn(tx));
      return (*out)->has_value();
    };
    job->finish = [out, done = std::move(done)](const GroupOutcome& o) {
      if (o.thrown) return done(ThrownAsError(o.thrown));
      if (!o.committed) return done(core::Error::Internal("group commit failed"));
      done(std::move(**out));
    };
    job->first = std::move(first);
    SubmitGrouped(GroupKey(key), std::move(job), lead_elsewhere);
  }

  // Runs fn in a read transaction (one consistent snapshot).
  template <typename T>
  core::Result<T> Read(const std::function<core::Result<T>(Tx&)>& fn) {
    return Run<T>(false, fn);
  }

  // Runs fn outside any transaction, for a body of exactly one statement: a statement is its
  // own consistent snapshot, and BEGIN and COMMIT would be two of its three round trips on
  // PostgreSQL. A body of two statements would read two snapshots: use Read.
  template <typename T>
  core::Result<T> ReadStatement(const std::function<core::Result<T>(Tx&)>& fn) {
    std::optional<core::Result<T>> out;
    RunOutsideTx([&](Tx& tx) { out.emplace(fn(tx)); });
    return std::move(*out);
  }

  // Write when `write`, else Read: a check that may go on to write (an import's dry run, then
  // its apply) runs as a snapshot read unless it writes, so checking a large file never holds
  // SQLite's write lock while reservations wait.
  template <typename T>
  core::Result<T> Run(bool write, const std::function<core::Result<T>(Tx&)>& fn) {
    std::optional<core::Result<T>> out;
    RunTx(write, [&](Tx& tx) {
      out.emplace(fn(tx));
      return out->has_value();
    });
    return std::move(*out);
  }

  // SQLite only: a consistent copy of the live database (VACUUM INTO), safe while serving.
  core::Status BackupTo(const std::string& path);

  // True when a trivial query answers (for /healthz).
  bool Ping();

  struct PoolStats {
    size_t size = 0;
    size_t in_use = 0;
  };
  PoolStats Stats();
  // Group commit since start: COMMITs of batches, the transactions they carried, and the
  // largest batch (how far batches grow is what WriteGroupedAsync is for; /metrics).
  struct GroupStats {
    unsigned long long batches = 0;
    unsigned long long transactions = 0;
    unsigned long long largest = 0;
    // Wall time spent running batches, every leader's added up (on SQLite one leads at a
    // time): how busy the writer is (decision 0037).
    std::chrono::nanoseconds running{0};
  };
  GroupStats GroupCommitStats();

 private:
  explicit Db(DbUrl url);
  // Leases a connection, opens the transaction, commits when body returns true.
  void RunTx(bool write, const std::function<bool(Tx&)>& body);
  // Leases a connection and runs body on it in autocommit (ReadStatement).
  void RunOutsideTx(const std::function<void(Tx&)>& body);
  class Lease;
  // Sends BEGIN (reconnecting a broken PostgreSQL connection once, its kept statements
  // dropped first).
  void Begin(Lease& lease, const char* begin_sql);
  // How a grouped transaction ended: whether its batch's COMMIT succeeded, and what it threw.
  struct GroupOutcome {
    bool committed = false;
    std::exception_ptr thrown;
  };
  struct GroupJob {
    std::function<bool(Tx&)> body;             // true: keep its writes
    std::function<void(GroupOutcome)> finish;  // called once, after its batch
    std::exception_ptr thrown;
    std::shared_ptr<const FirstStatement> first;  // its first statement, if named beforehand
  };
  static core::Error ThrownAsError(const std::exception_ptr& thrown);
  // SQLite's writers serialize anyway: there every grouped transaction shares one queue.
  long long GroupKey(long long key) const { return url_.dialect == Dialect::kSqlite ? 0 : key; }
  // Queues job for the next batch of its key. When no batch of that key is running, the
  // calling thread runs batches until the queue is empty, finishing each job after its batch;
  // with `lead_elsewhere`, the thread it hands that work to does.
  void SubmitGrouped(long long key, std::unique_ptr<GroupJob> job, const core::HandOff& lead_elsewhere = nullptr);
  // Runs one batch in one transaction; whether its COMMIT succeeded.
  bool RunBatch(const std::vector<std::unique_ptr<GroupJob>>& batch);
  // One pooled connection, held for a scope and handed back on every exit path.
  class Lease {
   public:
    explicit Lease(Db& db);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    soci::session& sql() { return *db_.sessions_[index_]; }
    StatementCache& kept() { return *db_.kept_[index_]; }

   private:
    Db& db_;
    size_t index_;
  };

  DbUrl url_;
  std::vector<std::unique_ptr<soci::session>> sessions_;
  // Each connection's kept statements; declared after sessions_ so they go first.
  std::vector<std::unique_ptr<StatementCache>> kept_;
  std::vector<bool> busy_;
  std::mutex mu_;
  std::condition_variable freed_;
  // Group commit: whoever finds no batch of a key running leads that key's batches.
  std::mutex group_mu_;
  struct GroupQueue {
    std::deque<std::unique_ptr<GroupJob>> waiting;
    bool running = false;
  };
  GroupStats group_stats_;                            // under group_mu_
  std::unordered_map<long long, GroupQueue> groups_;  // by key; a key's entry goes when idle
  // Runs the batches of `key` until its queue is empty; `lock` holds group_mu_, and the
  // queue is marked running. With `finish_elsewhere`, a batch's jobs are finished on the
  // thread it hands them to whenever another batch is waiting.
  void LeadGroup(long long key, std::unique_lock<std::mutex>& lock, const core::HandOff& finish_elsewhere);
};

}  // namespace sciweek::store
