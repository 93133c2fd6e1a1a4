#include "store/db.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <libpq-fe.h>

#include <algorithm>
#include <filesystem>

#include "core/logging.hpp"
#include "store/audit_store.hpp"
#include "store/pg_pipeline.hpp"

namespace sciweek::store {
namespace {

// A grouped job's savepoint statements on SQLite, compiled once per connection: parsed on
// every job they were 4 % of a hot session's leading thread (perf, bench/RESULTS.md).
constexpr const char* kGroupedSavepointSql[] = {"SAVEPOINT grouped", "RELEASE grouped", "ROLLBACK TO grouped"};
// A refused job whose last write carried the next job's savepoint (decision 0035): back to
// that savepoint (its statement may have failed), drop it, then back to the job's own. One
// round trip, in PostgreSQL's simple protocol, which takes several statements.
constexpr const char* kUndoJobAndCarriedSql = "ROLLBACK TO grouped; RELEASE grouped; ROLLBACK TO grouped";
enum GroupedSavepointStep { kSavepoint, kRelease, kRollbackTo };
template <GroupedSavepointStep kStep>
struct GroupedSavepoint : StatementCache::Entry {
  soci::statement st;
  explicit GroupedSavepoint(Tx& tx) : st(tx.sql().prepare << kGroupedSavepointSql[kStep]) {}
};
template <GroupedSavepointStep kStep>
void RunGroupedSavepoint(Tx& tx) {
  tx.Kept<GroupedSavepoint<kStep>>().st.execute(true);
}

std::string SqliteConnectString(const std::string& path) {
  std::string quoted;
  for (char c : path) {
    if (c == '"') quoted += "\\";
    quoted += c;
  }
  return "db=\"" + quoted + "\" timeout=10";
}

// SOCI 4.0 mangles URI-form connection strings ("postgresql://…/db" reaches the server as
// database "db="), so URIs are turned into libpq's keyword=value form first.
std::optional<std::string> PostgresKeywordString(const std::string& uri) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(uri.c_str(), &err);
  if (!opts) {
    if (err) PQfreemem(err);
    return std::nullopt;
  }
  std::string out;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (!o->val || !*o->val) continue;
    std::string v;
    for (const char* c = o->val; *c; ++c) {
      if (*c == '\\' || *c == '\'') v += '\\';
      v += *c;
    }
    out += std::string(o->keyword) + "='" + v + "' ";
  }
  PQconninfoFree(opts);
  return out;
}

}  // namespace

core::Result<DbUrl> ParseDbUrl(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // also accept sqlite://PATH
    if (path.empty()) return core::Error::Invalid("SQLite 数据库路径不能为空", "db");
    return DbUrl{Dialect::kSqlite, path};
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    auto kv = PostgresKeywordString(url);
    if (!kv) return core::Error::Invalid("PostgreSQL 连接地址格式不正确", "db");
    return DbUrl{Dialect::kPostgres, *kv};
  }
  return core::Error::Invalid("数据库地址须为 sqlite:PATH 或 postgresql://…", "db");
}

core::Result<std::unique_ptr<Db>> Db::Open(const std::string& url, size_t pool_size) {
  auto parsed = ParseDbUrl(url);
  if (!parsed) return parsed.error();
  std::unique_ptr<Db> db(new Db(*parsed));
  try {
    if (db->url_.dialect == Dialect::kSqlite) {
      ConfigureSqliteLibrary();
      auto parent = std::filesystem::path(db->url_.target).parent_path();
      if (!parent.empty()) std::filesystem::create_directories(parent);
    }
    for (size_t i = 0; i < std::max<size_t>(pool_size, 1); ++i) {
      auto s = std::make_unique<soci::session>();
      if (db->url_.dialect == Dialect::kSqlite) s->open(*soci::factory_sqlite3(), SqliteConnectString(db->url_.target));
      else s->open(*soci::factory_postgresql(), db->url_.target);
      ConfigureConnection(*s, db->url_.dialect);
      db->sessions_.push_back(std::move(s));
      db->kept_.push_back(std::make_unique<StatementCache>());
      db->busy_.push_back(false);
    }
  } catch (const std::exception& e) {
    core::Error err{core::ErrorCode::kUnavailable, "无法连接数据库", "db", e.what(), {}, 0};
    return err;
  }
  return db;
}

Db::Db(DbUrl url) : url_(std::move(url)) {}
Db::~Db() = default;

Db::Lease::Lease(Db& db) : db_(db) {
  std::unique_lock lock(db.mu_);
  for (;;) {
    for (size_t i = 0; i < db.busy_.size(); ++i)
      if (!db.busy_[i]) {
        db.busy_[i] = true;
        index_ = i;
        return;
      }
    db.freed_.wait(lock);
  }
}

Db::Lease::~Lease() {
  {
    std::lock_guard lock(db_.mu_);
    db_.busy_[index_] = false;
  }
  db_.freed_.notify_one();
}

Db::PoolStats Db::Stats() {
  std::lock_guard lock(mu_);
  PoolStats s{busy_.size(), 0};
  for (bool b : busy_) s.in_use += b;
  return s;
}

void Db::RunTx(bool write, const std::function<bool(Tx&)>& body) {
  Lease lease(*this);
  soci::session& sql = lease.sql();
  Begin(lease, write ? BeginWriteSql(url_.dialect) : "BEGIN");
  Tx tx(sql, url_.dialect, lease.kept());
  bool commit = false;
  try {
    commit = body(tx);
  } catch (...) {
    try {
      sql << "ROLLBACK";
    } catch (const std::exception& e) {
      spdlog::error("rollback failed: {}", e.what());
    }
    throw;
  }
  sql << (commit ? "COMMIT" : "ROLLBACK");
}

void Db::RunOutsideTx(const std::function<void(Tx&)>& body) {
  Lease lease(*this);
  Tx tx(lease.sql(), url_.dialect, lease.kept());
  body(tx);
}

void Db::Begin(Lease& lease, const char* begin_sql) {
  soci::session& sql = lease.sql();
  try {
    sql << begin_sql;
  } catch (const std::exception&) {
    // A broken PostgreSQL connection (the server restarted) is reopened once: found by the
    // BEGIN itself rather than a ping before every transaction (one round trip saved each).
    if (url_.dialect != Dialect::kPostgres) throw;
    lease.kept().Clear();  // prepared on the old connection
    sql.reconnect();
    sql << begin_sql;
  }
}

core::Error Db::ThrownAsError(const std::exception_ptr& thrown) {
  try {
    std::rethrow_exception(thrown);
  } catch (const std::exception& e) {
    spdlog::error("a grouped transaction threw: {}", e.what());
    return core::Error::Internal(e.what());
  } catch (...) {
    return core::Error::Internal("unknown exception in a grouped transaction");
  }
}

Db::GroupStats Db::GroupCommitStats() {
  std::lock_guard lock(group_mu_);
  return group_stats_;
}

void Db::SubmitGrouped(long long key, std::unique_ptr<GroupJob> job, const core::HandOff& lead_elsewhere) {
  std::unique_lock lock(group_mu_);
  GroupQueue& queue = groups_[key];
  queue.waiting.push_back(std::move(job));
  if (queue.running) return;  // its leader takes the job into a coming batch
  queue.running = true;
  if (!lead_elsewhere) return LeadGroup(key, lock, nullptr);
  lock.unlock();
  // Jobs queued before that thread starts join its first batch. Should handing over throw,
  // the queue must not stay marked running with nobody to run it: this thread leads then.
  try {
    lead_elsewhere([this, key, lead_elsewhere] {
      std::unique_lock relock(group_mu_);
      LeadGroup(key, relock, lead_elsewhere);
    });
  } catch (const std::exception& e) {
    spdlog::error("group commit could not be handed to a worker, leading here: {}", e.what());
    lock.lock();
    LeadGroup(key, lock, nullptr);
  }
}

void Db::LeadGroup(long long key, std::unique_lock<std::mutex>& lock, const core::HandOff& finish_elsewhere) {
  // Up to this many transactions share one commit (the bound keeps a batch's latency short).
  constexpr size_t kMaxBatch = 256;
  // This thread leads until the queue is empty: the jobs queued meanwhile have no thread of
  // their own waiting to take over (WriteGroupedAsync).
  for (;;) {
    GroupQueue& group = groups_[key];
    if (group.waiting.empty()) {
      groups_.erase(key);
      return;
    }
    std::vector<std::unique_ptr<GroupJob>> batch;
    while (!group.waiting.empty() && batch.size() < kMaxBatch) {
      batch.push_back(std::move(group.waiting.front()));
      group.waiting.pop_front();
    }
    ++group_stats_.batches;
    group_stats_.transactions += batch.size();
    group_stats_.largest = std::max<unsigned long long>(group_stats_.largest, batch.size());
    lock.unlock();
    bool committed = false;
    const auto started = std::chrono::steady_clock::now();
    try {
      committed = RunBatch(batch);
    } catch (const std::exception& e) {  // the queue must never stay marked running
      spdlog::error("group transaction of {} could not start: {}", batch.size(), e.what());
    }
    const auto ran = std::chrono::steady_clock::now() - started;
    auto finish = [committed](std::vector<std::unique_ptr<GroupJob>>& jobs) {
      for (auto& j : jobs) {
        try {
          j->finish({committed, j->thrown});
        } catch (const std::exception& e) {
          spdlog::error("finishing a grouped transaction failed: {}", e.what());
        }
      }
      jobs.clear();  // the jobs' captures go before the lock is taken again
    };
    lock.lock();
    group_stats_.running += ran;
    // The next batch waits for this thread alone: the answers of this one (their JSON, the
    // access log) are then written on another, beside it (decision 0036).
    const bool hand_on = finish_elsewhere && !groups_[key].waiting.empty();
    lock.unlock();
    if (hand_on) {
      auto jobs = std::make_shared<std::vector<std::unique_ptr<GroupJob>>>(std::move(batch));
      try {
        finish_elsewhere([finish, jobs] { finish(*jobs); });
      } catch (const std::exception& e) {  // every job is answered, here if not there
        spdlog::error("answers of a group commit could not be handed to a worker: {}", e.what());
        finish(*jobs);
      }
    } else {
      finish(batch);
    }
    lock.lock();
  }
}

bool Db::RunBatch(const std::vector<std::unique_ptr<GroupJob>>& batch) {
  bool committed = false;
  Lease lease(*this);
  soci::session& sql = lease.sql();
  Tx tx(sql, url_.dialect, lease.kept());
  const char* begin_sql = BeginWriteSql(url_.dialect);
  // Alone in its batch on PostgreSQL (the usual case there, batches being per session), the
  // job's first statement may carry the BEGIN in its own round trip (decision 0031).
  const bool deferred = batch.size() == 1 && url_.dialect == Dialect::kPostgres;
  bool began = false, ended = false;
  const auto open = [&] { return (deferred ? !tx.begin_deferred() : began) && !ended && !tx.committed(); };
  try {
    if (deferred) {
      tx.DeferBegin(begin_sql, [this, &lease, begin_sql] { Begin(lease, begin_sql); });
      tx.AllowCommitWithLastWrite();  // the transaction is the job's own (decision 0032)
    } else {
      Begin(lease, begin_sql);
      began = true;
    }
    auto run = [&tx](const std::unique_ptr<GroupJob>& job) {
      try {
        return job->body(tx);
      } catch (...) {
        job->thrown = std::current_exception();
        return false;
      }
    };
    if (batch.size() == 1) {
      // Alone in its batch (the usual case on PostgreSQL, where batches are per session): the
      // transaction is the job's own, so no SAVEPOINT and RELEASE (two round trips saved), and
      // a job that fails ends it with ROLLBACK. The job's own answer is still what it returns.
      // A job that sent no statement has no transaction to end, nor one whose COMMIT rode with
      // its last write (Tx::CommittedWithIt; a refusal then wrote nothing).
      const bool keep = run(batch.front());
      if (open()) sql << (keep ? "COMMIT" : "ROLLBACK");
    } else {
      // Round trips are what a PostgreSQL batch waits on; SQLite has none, and there plain
      // per-job statements are the cheaper form.
      const bool remote = url_.dialect == Dialect::kPostgres;
      // A kept savepoint costs PostgreSQL nothing until COMMIT, and a RELEASE would be one
      // round trip more per job (a reservation's is two): there each job's savepoint stays
      // on the stack (ROLLBACK TO names the newest one, and COMMIT keeps every job that did not
      // roll back), and it is sent with the job's first statement, as a lone job's BEGIN is
      // (decision 0031). A job that sent nothing has no savepoint to roll back to.
      // SQLite walks every open savepoint on each page it writes, so there each one goes.
      // The jobs' audit entries are written together, those of rolled-back jobs dropped.
      std::vector<AuditEntry> audit;
      if (remote) tx.DeferAuditTo(&audit);
      // There too a job's last write may carry the next job's savepoint and first statement
      // (decision 0035), which that job then finds open and answered.
      const char* savepoint = kGroupedSavepointSql[kSavepoint];
      for (size_t i = 0; i < batch.size(); ++i) {
        const auto& job = batch[i];
        const size_t audited = audit.size();
        bool opened = true;
        const bool opened_before = remote && tx.StartCarried();
        if (remote && !opened_before) tx.DeferBegin(savepoint, [&sql, savepoint] { sql << savepoint; });
        else if (!remote) RunGroupedSavepoint<kSavepoint>(tx);
        if (remote && i + 1 < batch.size()) tx.CarryNext(batch[i + 1]->first.get(), savepoint);
        const bool keep = run(job);
        if (remote) {
          opened = opened_before || !tx.begin_deferred();
          tx.BeganWithIt();  // nothing of this job's is left for the next
          tx.EndCarry();
        }
        if (!keep) {
          if (tx.carried()) {
            tx.DropCarried();  // read after this job's writes, which go: the next job reads again
            PgResult undone(PQexec(PgConnectionOf(sql), kUndoJobAndCarriedSql));
            if (PQresultStatus(undone.get()) != PGRES_COMMAND_OK)
              throw std::runtime_error(std::string("rolling back a grouped job failed: ") +
                                       PQerrorMessage(PgConnectionOf(sql)));
          } else if (opened && remote) {
            sql << kGroupedSavepointSql[kRollbackTo];
          } else if (opened) {
            RunGroupedSavepoint<kRollbackTo>(tx);
          }
          audit.resize(audited);
        }
        if (!remote) RunGroupedSavepoint<kRelease>(tx);
      }
      tx.DeferAuditTo(nullptr);
      AuditStore::AppendAll(tx, audit);
      sql << "COMMIT";
    }
    ended = true;
    committed = true;
  } catch (const std::exception& e) {
    spdlog::error("group transaction of {} failed: {}", batch.size(), e.what());
    if (open()) {
      try {
        sql << "ROLLBACK";
      } catch (const std::exception& r) {
        spdlog::error("rollback failed: {}", r.what());
      }
    }
  }
  return committed;
}

core::Status Db::BackupTo(const std::string& path) {
  if (url_.dialect != Dialect::kSqlite) return core::Error::Invalid("PostgreSQL 数据库请使用 pg_dump 备份", "db");
  if (std::filesystem::exists(path)) return core::Error::Conflict("备份文件已存在", "out");
  Lease lease(*this);
  try {
    lease.sql() << "VACUUM INTO :path", soci::use(path);
  } catch (const std::exception& e) {
    return core::Error::Failed("备份失败", "out", e.what());
  }
  return {};
}

bool Db::Ping() {
  try {
    auto r = Read<int>([](Tx& tx) -> core::Result<int> {
      int one = 0;
      tx.sql() << "SELECT 1", soci::into(one);
      return one;
    });
    return r.has_value() && *r == 1;
  } catch (const std::exception& e) {
    spdlog::warn("database ping failed: {}", e.what());
    return false;
  }
}

}  // namespace sciweek::store
