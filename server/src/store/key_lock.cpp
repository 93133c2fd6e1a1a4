#include "store/key_lock.hpp"

#include <soci/soci.h>

namespace sciweek::store {

void LockKey(Tx& tx, KeyLockClass cls, const std::string& key) {
  if (tx.dialect() != Dialect::kPostgres) return;
  const int c = static_cast<int>(cls);
  tx.sql() << "SELECT pg_advisory_xact_lock(:c, hashtext(:k))", soci::use(c), soci::use(key);
}

std::string TryLockKeySql(Dialect dialect, KeyLockClass cls, const std::string& param) {
  // SQLite locks nothing (its writers take turns): always 1, still naming the key, so both
  // dialects bind the same parameters.
  if (dialect != Dialect::kPostgres) return "CASE WHEN :" + param + " IS NULL THEN 1 ELSE 1 END";
  return "CASE WHEN pg_try_advisory_xact_lock(" + std::to_string(static_cast<int>(cls)) + ", hashtext(:" + param +
         ")) THEN 1 ELSE 0 END";
}

}  // namespace sciweek::store
