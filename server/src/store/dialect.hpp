#pragma once
// Where SQLite and PostgreSQL differ. Everything else in store/ writes SQL that both accept
// (RETURNING, ON CONFLICT, BIGINT, TEXT, INTEGER 0/1 for booleans), except the key locks
// (key_lock.hpp), a reservation's one-statement write on PostgreSQL (decision 0030), and the
// libpq pipeline that sends its BEGIN with its first statement (pg_pipeline.hpp, decision 0031).
#include <string>
#include <string_view>

namespace soci {
class session;
class soci_error;
}  // namespace soci

namespace sciweek::store {

enum class Dialect { kSqlite, kPostgres };

// Prepares a migration for the dialect: {{pk}} → an auto-increment 64-bit primary key, and
// the lines "--sqlite: …" / "--postgresql: …" (a change only one of them can express, such as
// dropping a NOT NULL) uncommented for that dialect and left as comments for the other.
std::string ApplyDialect(std::string_view sql, Dialect dialect);

// The statement that opens a write transaction: SQLite must take the write lock up front
// (BEGIN IMMEDIATE) or concurrent writers fail with "database is locked" mid-transaction.
const char* BeginWriteSql(Dialect dialect);

// Takes a lock that serializes concurrent migration runs (several servers starting at once).
void LockForMigration(soci::session& sql, Dialect dialect);

// An expression for the id the table's next row will have, so a statement can name the row
// before it is inserted (an audit entry written in the same statement). PostgreSQL takes it
// from the table's sequence, never given twice; SQLite computes one more than the largest ever
// given ({{pk}} is AUTOINCREMENT there), valid while this write transaction holds the database
// (SQLite's writers take turns). `table` is a constant of the caller's, never input.
std::string NextIdSql(Dialect dialect, const std::string& table);

// Whether a database error is a UNIQUE (or primary key) violation, on either backend.
bool IsUniqueViolation(const soci::soci_error& e);

// Per-connection setup: SQLite pragmas (WAL, foreign keys, busy timeout, full sync).
void ConfigureConnection(soci::session& sql, Dialect dialect);

// Once per process, before the first SQLite connection opens (Db::Open calls it): SQLite in
// multi-thread mode, without memory statistics. False if SQLite was already in use, which
// leaves it as it was (serialized: correct, a little slower).
bool ConfigureSqliteLibrary();

}  // namespace sciweek::store
