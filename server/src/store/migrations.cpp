#include "store/migrations.hpp"

#include <algorithm>

#include <soci/soci.h>

#include "core/logging.hpp"
#include "core/time.hpp"
#include "store/db.hpp"
#include "store/report_tallies.hpp"

namespace sciweek::store {
namespace {

// Migrations whose new tables are filled from existing rows by code shared with the server,
// so the rule is written once (a SQL copy in the migration could drift from it).
void FillAfter(Tx& tx, int version) {
  if (version == 17) ReportTallies::Rebuild(tx);  // 0017_report_tallies
}

}  // namespace

std::vector<std::string> SplitStatements(const std::string& sql) {
  std::vector<std::string> out;
  std::string current;
  size_t start = 0;
  while (start < sql.size()) {
    size_t end = sql.find('\n', start);
    if (end == std::string::npos) end = sql.size();
    std::string line = sql.substr(start, end - start);
    start = end + 1;
    auto comment = line.find("--");
    std::string code = comment == std::string::npos ? line : line.substr(0, comment);
    while (!code.empty() && (code.back() == ' ' || code.back() == '\r' || code.back() == '\t')) code.pop_back();
    current += code;
    current += '\n';
    if (!code.empty() && code.back() == ';') {
      current.erase(current.find_last_of(';'));
      if (current.find_first_not_of(" \n\t") != std::string::npos) out.push_back(current);
      current.clear();
    }
  }
  if (current.find_first_not_of(" \n\t") != std::string::npos) out.push_back(current);
  return out;
}

core::Result<int> Migrate(Db& db) {
  return db.Write<int>([&](Tx& tx) -> core::Result<int> {
    auto& sql = tx.sql();
    LockForMigration(sql, tx.dialect());
    sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
           "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
    // A node older than the schema (an upgrade rolled out node by node, or an old binary
    // started on a restored newer database) must not serve it: its SQL no longer matches.
    int newest = 0;
    soci::indicator newest_ind = soci::i_null;
    sql << "SELECT MAX(version) FROM schema_migrations", soci::into(newest, newest_ind);
    int known = 0;
    for (const auto& m : EmbeddedMigrations()) known = std::max(known, m.version);
    if (newest_ind == soci::i_ok && newest > known) {
      return core::Error::Internal("数据库结构版本为 " + std::to_string(newest) + "，高于本程序所知的 " +
                                   std::to_string(known) + "：请先升级 sciweek，再用它打开这个数据库");
    }
    int applied = 0;
    for (const auto& m : EmbeddedMigrations()) {
      int found = 0;
      sql << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(m.version), soci::into(found);
      if (found) continue;
      for (const auto& stmt : SplitStatements(ApplyDialect(m.sql, tx.dialect()))) sql << stmt;
      FillAfter(tx, m.version);
      const long long now = core::Now();
      const std::string name = m.name;
      sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)", soci::use(m.version),
          soci::use(name), soci::use(now);
      spdlog::info("migration {} applied", m.name);
      ++applied;
    }
    return applied;
  });
}

}  // namespace sciweek::store
