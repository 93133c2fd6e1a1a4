#include "store/pg_pipeline.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

#include "store/db.hpp"

namespace sciweek::store {

PGconn* PgConnectionOf(soci::session& sql) {
  // By name, not dynamic_cast: libsoci does not export its backends' type information.
  if (sql.get_backend_name() != "postgresql") throw std::logic_error("not a PostgreSQL connection");
  return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

std::string PositionalParams(std::string sql, const std::vector<std::string>& names) {
  auto is_name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t n = 0; n < names.size(); ++n) {
    const std::string token = ":" + names[n];
    const std::string position = "$" + std::to_string(n + 1);
    for (size_t at = sql.find(token); at != std::string::npos; at = sql.find(token, at)) {
      const size_t end = at + token.size();
      // ":id" must not match the start of ":idx", nor the cast "x::id".
      if ((end < sql.size() && is_name_char(sql[end])) || (at > 0 && sql[at - 1] == ':')) {
        at = end;
        continue;
      }
      sql.replace(at, token.size(), position);
      at += position.size();
    }
  }
  return sql;
}

PgPrepared::PgPrepared(PGconn* conn, const std::string& sql) : conn_(conn) {
  static std::atomic<unsigned long> next{0};
  name_ = "sciweek_pipelined_" + std::to_string(++next);
  PgResult r(PQprepare(conn_, name_.c_str(), sql.c_str(), 0, nullptr));
  if (r && PQresultStatus(r.get()) == PGRES_COMMAND_OK) return;
  // A broken connection is reopened by the caller's BEGIN (BeginAndRun says kNotStarted), and
  // this entry goes with the old connection's; anything else is a bug in the statement.
  if (PQstatus(conn_) != CONNECTION_BAD)
    throw std::runtime_error("preparing " + name_ + " failed: " + PQerrorMessage(conn_));
  conn_ = nullptr;
}

PgPrepared::~PgPrepared() {
  // Let go before the connection is reopened (StatementCache::Clear), or renewed: only a
  // connection still up holds the statement, and then outside any transaction.
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK || PQpipelineStatus(conn_) != PQ_PIPELINE_OFF) return;
  PQclear(PQexec(conn_, ("DEALLOCATE " + name_).c_str()));
}

long long GetInt(const PgRow& r, std::size_t i) {
  if (r.IsNull(i)) return 0;
  return std::strtoll(r.Text(i), nullptr, 10);
}

std::optional<long long> GetOptInt(const PgRow& r, std::size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return GetInt(r, i);
}

std::string GetText(const PgRow& r, std::size_t i) {
  if (r.IsNull(i)) return {};
  return r.Text(i);
}

namespace {

// Reads the pipeline's answers up to its sync: the first result of each query, in order
// (a query's results end with a null). Stops early when the connection is gone.
std::vector<PgResult> DrainToSync(PGconn* c, size_t queries) {
  std::vector<PgResult> firsts(queries);
  size_t query = 0;
  for (int nulls = 0; nulls <= static_cast<int>(queries);) {
    PGresult* r = PQgetResult(c);
    if (!r) {
      if (PQstatus(c) == CONNECTION_BAD) break;
      ++query;
      ++nulls;
      continue;
    }
    if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
      PQclear(r);
      break;
    }
    if (query < queries && !firsts[query]) firsts[query].reset(r);
    else PQclear(r);
  }
  PQexitPipelineMode(c);  // fails only on a connection already broken, which is reopened anyway
  return firsts;
}

// Queues `st` with `params` on a connection in pipeline mode.
bool SendPrepared(PGconn* c, const PgPrepared& st, const PgParams& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return PQsendQueryPrepared(c, st.name().c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr,
                             0) != 0;
}

// A failed statement's result, as PipelineResult says it.
void Failed(PipelineResult& out, PGconn* c, const PGresult* r) {
  out.outcome = PipelineOutcome::kFailed;
  out.error = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  out.sqlstate = state ? state : "";
}

// Queues a statement without parameters (BEGIN, SAVEPOINT, COMMIT).
bool SendPlain(PGconn* c, const char* sql) {
  return PQsendQueryParams(c, sql, 0, nullptr, nullptr, nullptr, nullptr, 0) != 0;
}

bool CommandOk(const PgResult& r) { return r && PQresultStatus(r.get()) == PGRES_COMMAND_OK; }

std::string ErrorOf(PGconn* c, const PgResult& r) { return r ? PQresultErrorMessage(r.get()) : PQerrorMessage(c); }

// `st` with `params` in the open transaction, and `more` queries that `send_more` queues
// behind it, in one round trip. `out` says how `st` ended (its rows when it ran); the answers
// of the queries behind it follow `st`'s in the result. When `st` failed, what was behind it
// was skipped (PGRES_PIPELINE_ABORTED). Throws when the connection broke.
std::vector<PgResult> RunInOpenTransaction(const PgPrepared& st, const PgParams& params, size_t more,
                                           const std::function<bool(PGconn*)>& send_more, PipelineResult& out) {
  PGconn* c = st.conn();
  if (!c || PQstatus(c) != CONNECTION_OK || !PQenterPipelineMode(c))
    throw std::runtime_error("the connection broke inside a transaction");
  const bool sent = SendPrepared(c, st, params) && send_more(c) && PQpipelineSync(c);
  auto results = DrainToSync(c, 1 + more);
  if (PQstatus(c) == CONNECTION_BAD) throw std::runtime_error("the connection broke inside a transaction");
  if (!sent || !results[0] || PQresultStatus(results[0].get()) != PGRES_TUPLES_OK) {
    Failed(out, c, results[0].get());
  } else {
    out.outcome = PipelineOutcome::kRan;
    out.rows = std::move(results[0]);
  }
  return results;
}

}  // namespace

PipelineResult BeginAndRun(const PgPrepared& st, const char* begin_sql, const PgParams& params) {
  PGconn* c = st.conn();
  PipelineResult out;
  if (!c || PQstatus(c) != CONNECTION_OK || !PQenterPipelineMode(c)) return out;
  const bool sent = SendPlain(c, begin_sql) && SendPrepared(c, st, params) && PQpipelineSync(c);
  auto results = DrainToSync(c, 2);
  if (!CommandOk(results[0])) {
    // A connection the server dropped (restarted, terminated) is found here, by the BEGIN
    // itself, as Db::Begin finds it: nothing ran, and the caller reopens it.
    if (PQstatus(c) == CONNECTION_BAD) return out;
    throw std::runtime_error(std::string(begin_sql) + " failed: " + ErrorOf(c, results[0]));
  }
  out.outcome = PipelineOutcome::kRan;
  if (!sent || !results[1] || PQresultStatus(results[1].get()) != PGRES_TUPLES_OK) {
    Failed(out, c, results[1].get());
    return out;
  }
  out.rows = std::move(results[1]);
  return out;
}

PipelineResult RunThenCommit(const PgPrepared& st, const PgParams& params, bool then_commit) {
  PipelineResult out;
  const auto results = RunInOpenTransaction(
      st, params, then_commit ? 1 : 0, [then_commit](PGconn* c) { return !then_commit || SendPlain(c, "COMMIT"); },
      out);
  if (out.outcome == PipelineOutcome::kRan && then_commit && !CommandOk(results[1]))
    throw std::runtime_error("COMMIT failed: " + ErrorOf(st.conn(), results[1]));
  return out;
}

namespace {

// `st`, then `savepoint_sql` and `next` (the next job's beginning) in one round trip. The
// carried answer is set when the savepoint ran, which it does only when `st` ran.
PipelineResult RunThenBeginNext(const PgPrepared& st, const PgParams& params, const char* savepoint_sql,
                                const FirstStatement& next_job, const PgPrepared& next, Tx& tx) {
  PipelineResult out;
  auto results = RunInOpenTransaction(
      st, params, 2, [&](PGconn* c) { return SendPlain(c, savepoint_sql) && SendPrepared(c, next, next_job.params); },
      out);
  if (out.outcome != PipelineOutcome::kRan) return out;
  // A savepoint that failed leaves this job's own aborted: its caller throws, and RunBatch
  // rolls the job back.
  if (!CommandOk(results[1]))
    throw std::runtime_error(std::string(savepoint_sql) + " failed: " + ErrorOf(st.conn(), results[1]));
  auto carried = std::make_shared<CarriedAnswer>();
  carried->params = next_job.params;
  if (!results[2] || PQresultStatus(results[2].get()) != PGRES_TUPLES_OK) {
    Failed(carried->result, st.conn(), results[2].get());
  } else {
    carried->result.outcome = PipelineOutcome::kRan;
    carried->result.rows = std::move(results[2]);
  }
  tx.Carried(std::move(carried));
  return out;
}

}  // namespace

PipelineResult RunLastWrite(Tx& tx, const PgPrepared& st, const PgParams& params, bool last_write) {
  if (const FirstStatement* next = tx.next_to_carry(last_write))
    return RunThenBeginNext(st, params, tx.carry_savepoint(), *next, next->statement(tx), tx);
  const bool commit = tx.may_commit_with(last_write);
  auto ran = RunThenCommit(st, params, commit);
  if (commit && ran.outcome == PipelineOutcome::kRan) tx.CommittedWithIt();
  return ran;
}

std::optional<PgResult> TakeCarriedAnswer(Tx& tx, const PgParams& params) {
  const auto carried = tx.TakeFirstAnswer();
  // Another statement's answer cannot be this one's; the savepoint is open all the same, and
  // the statement is sent now.
  if (!carried || carried->params != params) return std::nullopt;
  if (carried->result.outcome != PipelineOutcome::kRan)
    throw std::runtime_error("the carried statement failed: " + carried->result.error);
  return std::move(carried->result.rows);
}

}  // namespace sciweek::store
