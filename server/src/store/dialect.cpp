#include "store/dialect.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace sciweek::store {

namespace {

// {{pk}} → the dialect's auto-increment 64-bit primary key.
std::string ReplacePk(std::string_view sql, Dialect dialect) {
  static constexpr std::string_view kPk = "{{pk}}";
  const std::string_view pk =
      dialect == Dialect::kSqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY";
  std::string out;
  size_t at = 0;
  for (size_t hit; (hit = sql.find(kPk, at)) != std::string_view::npos; at = hit + kPk.size()) {
    out.append(sql.substr(at, hit - at));
    out.append(pk);
  }
  out.append(sql.substr(at));
  return out;
}

}  // namespace

std::string ApplyDialect(std::string_view sql, Dialect dialect) {
  // A line "--sqlite: …" or "--postgresql: …" is SQL for that dialect only: uncommented there,
  // left a comment (which SplitStatements drops) elsewhere.
  const std::string_view mine = dialect == Dialect::kSqlite ? "--sqlite:" : "--postgresql:";
  std::string out;
  size_t start = 0;
  while (start < sql.size()) {
    size_t end = sql.find('\n', start);
    if (end == std::string_view::npos) end = sql.size();
    std::string_view line = sql.substr(start, end - start);
    if (line.substr(0, mine.size()) == mine) line.remove_prefix(mine.size());
    out.append(line);
    if (end < sql.size()) out.push_back('\n');
    start = end + 1;
  }
  return ReplacePk(out, dialect);
}

std::string NextIdSql(Dialect dialect, const std::string& table) {
  // {{pk}} is BIGSERIAL there, whose sequence PostgreSQL names <table>_id_seq. Named by a
  // literal, the sequence is looked up once, when the statement is planned; through
  // pg_get_serial_sequence it was searched for in pg_depend at every run (12 µs of
  // PostgreSQL's CPU a reservation, pgbench on the reservation's statements).
  if (dialect == Dialect::kPostgres) return "nextval('" + table + "_id_seq')";
  return "(SELECT COALESCE(MAX(seq), 0) + 1 FROM sqlite_sequence WHERE name = '" + table + "')";
}

const char* BeginWriteSql(Dialect dialect) { return dialect == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN"; }

void LockForMigration(soci::session& sql, Dialect dialect) {
  // SQLite: BEGIN IMMEDIATE already holds the only write lock.
  // 4242001: KeyLockClass::kMigration (store/key_lock.hpp lists every class).
  if (dialect == Dialect::kPostgres) sql << "SELECT pg_advisory_xact_lock(4242001)";
}

bool IsUniqueViolation(const soci::soci_error& e) {
  if (auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    return lite->result() == SQLITE_CONSTRAINT;  // SOCI reports the primary result code
  }
  if (auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    return pg->sqlstate() == "23505";
  }
  return false;
}

bool ConfigureSqliteLibrary() {
  // A connection is used by one thread at a time (Db leases it, under the pool's mutex), so
  // SQLite's own mutex per connection guards nothing; and nothing reads SQLite's memory
  // statistics, whose upkeep takes a process-wide mutex at every allocation. Locking and
  // unlocking both was 4 % of the server's samples on a hot session's reservations (perf).
  static const bool configured = sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD) == SQLITE_OK &&
                                 sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  return configured;
}

void ConfigureConnection(soci::session& sql, Dialect dialect) {
  if (dialect == Dialect::kSqlite) {
    sql << "PRAGMA journal_mode=WAL";
    // FULL: an acknowledged write survives power loss, not only a process crash.
    sql << "PRAGMA synchronous=FULL";
    sql << "PRAGMA foreign_keys=ON";
    sql << "PRAGMA busy_timeout=10000";
  } else {
    // Our statements are short OLTP and report queries; JIT compilation cost more than it
    // saved in bench/ (totals by type 897 → 507 ms with it off).
    sql << "SET jit = off";
  }
}

}  // namespace sciweek::store
