#pragma once
// A transaction's first statement carrying its BEGIN, in one round trip on PostgreSQL (libpq
// pipeline mode; decision 0031). On this VM each round trip costs both sides a send, a poll
// and a task switch, which was most of what a reservation cost the server (bench/RESULTS.md);
// a spread reservation's BEGIN was one of its four, and in a batch each job's SAVEPOINT one of
// its three ("BEGIN" below stands for either). SOCI has no pipeline mode, so the one
// statement that rides with BEGIN — the session read that takes the phone's lock — is
// prepared and run here with libpq on SOCI's own connection, and handed back to SOCI idle in
// the open transaction. Every other statement still goes through SOCI.
#include <libpq-fe.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/statement_cache.hpp"

namespace soci {
class session;
}  // namespace soci

namespace sciweek::store {

class Tx;

// The libpq connection under a SOCI PostgreSQL session.
PGconn* PgConnectionOf(soci::session& sql);

// `sql` written with SOCI's named parameters (":phone") turned into PostgreSQL's positional
// ones ("$1"), in the order of `names`.
std::string PositionalParams(std::string sql, const std::vector<std::string>& names);

// A statement prepared with libpq under its own name, kept like any other
// (StatementCache): deallocated when the cache lets it go, unless its connection is gone.
class PgPrepared : public StatementCache::Entry {
 public:
  // Prepares `sql` (positional parameters) on `conn` now; throws if PostgreSQL refuses it.
  // On a connection found broken it prepares nothing and conn() is null.
  PgPrepared(PGconn* conn, const std::string& sql);
  ~PgPrepared() override;
  PGconn* conn() const { return conn_; }
  const std::string& name() const { return name_; }

 private:
  PGconn* conn_;
  std::string name_;
};

// One row of a PGresult read by column, with the accessors row_util.hpp gives soci::row, so a
// row decoder written once reads both (text format: every column arrives as its text).
class PgRow {
 public:
  PgRow(const PGresult* res, int row) : res_(res), row_(row) {}
  bool IsNull(std::size_t col) const { return PQgetisnull(res_, row_, static_cast<int>(col)) != 0; }
  const char* Text(std::size_t col) const { return PQgetvalue(res_, row_, static_cast<int>(col)); }

 private:
  const PGresult* res_;
  int row_;
};
long long GetInt(const PgRow& r, std::size_t i);
std::optional<long long> GetOptInt(const PgRow& r, std::size_t i);
std::string GetText(const PgRow& r, std::size_t i);

struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

// A statement's parameters as text, in the order of its $n; nullopt sends NULL.
using PgParams = std::vector<std::optional<std::string>>;

// How BeginAndRun (or RunThenCommit) ended.
enum class PipelineOutcome {
  kRan,         // BEGIN and the statement ran: the transaction is open, `rows` holds the answer
  kNotStarted,  // the connection was broken: nothing ran, there is no transaction to end
  kFailed,      // BEGIN ran, the statement failed (`error`): the transaction is open and aborted
};
struct PipelineResult {
  PipelineOutcome outcome = PipelineOutcome::kNotStarted;
  PgResult rows;
  std::string error;
  std::string sqlstate;  // kFailed: the statement's SQLSTATE ("23505": a unique key held)
};

// Sends `begin_sql` and runs `st` with `params` (text, none null) in one round trip, waits for
// both, and leaves the connection out of pipeline mode. kNotStarted also when `st` was never
// prepared (its connection was broken). Throws std::runtime_error only if `begin_sql` itself
// was refused on a live connection.
PipelineResult BeginAndRun(const PgPrepared& st, const char* begin_sql, const PgParams& params);

// Runs `st` in the open transaction and, when `then_commit`, the transaction's COMMIT in the
// same round trip (decision 0032), and leaves the connection out of pipeline mode. kRan: the
// statement ran, and the transaction committed if asked. kFailed: the statement failed
// (`error`, `sqlstate`); a COMMIT sent with it was skipped, and the transaction is open and
// aborted. Throws std::runtime_error when the connection broke or the COMMIT itself failed:
// whether it committed is then unknown.
PipelineResult RunThenCommit(const PgPrepared& st, const PgParams& params, bool then_commit);

// A grouped job's first statement, named before the job runs (decision 0035). In a batch on
// PostgreSQL the job before it sends it, behind this job's SAVEPOINT, in the round trip of its
// own last write; the job then finds the answer waiting (TakeCarriedAnswer).
struct FirstStatement {
  std::function<const PgPrepared&(Tx&)> statement;  // made (prepared) before the round trip
  PgParams params;
};
// The answer a job's first statement got in the previous job's round trip. Its SAVEPOINT ran;
// kRan: `rows` holds the answer; kFailed: the statement failed, and the job's savepoint is
// aborted.
struct CarriedAnswer {
  PgParams params;
  PipelineResult result;
};

// A job's last write (`st`, `params`) in its transaction's open state, with whatever may ride
// in its round trip: the COMMIT of a lone job (Tx::may_commit_with, decision 0032) or, in a
// batch, the next job's SAVEPOINT and first statement (Tx::next_to_carry, decision 0035),
// whose answer it hands to the transaction. Results and throws as RunThenCommit; when `st`
// fails, nothing behind it ran.
PipelineResult RunLastWrite(Tx& tx, const PgPrepared& st, const PgParams& params, bool last_write);

// The answer the previous job's round trip carried for this job's first statement, if it was
// this statement (`params`) that it ran; nullopt: send it now. Throws std::runtime_error when
// the carried statement failed (the job's savepoint is aborted, and RunBatch rolls it back).
std::optional<PgResult> TakeCarriedAnswer(Tx& tx, const PgParams& params);

}  // namespace sciweek::store
