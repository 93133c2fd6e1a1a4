#pragma once
// Forward-only schema migrations: server/migrations/NNNN_name.sql, compiled into the
// binary, applied in order and recorded in schema_migrations.
#include <string>
#include <vector>

#include "core/result.hpp"

namespace sciweek::store {

class Db;

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& EmbeddedMigrations();

// Applies every migration not yet recorded; returns how many it applied. Safe when several
// processes start at once: the runs serialize and the later ones find nothing to do.
core::Result<int> Migrate(Db& db);

// Splits a migration into statements at semicolons that end a line.
std::vector<std::string> SplitStatements(const std::string& sql);

}  // namespace sciweek::store
