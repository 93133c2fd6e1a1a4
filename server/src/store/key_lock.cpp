#include "store/key_lock.hpp"

#include <soci/soci.h>

namespace sciweek::store {

void LockKey(Tx& tx, KeyLockClass cls, const std::string& key) {
  if (tx.dialect() != Dialect::kPostgres) return;
  const int c = static_cast<int>(cls);
  tx.sql() << "SELECT pg_advisory_xact_lock(:c, hashtext(:k))", soci::use(c), soci::use(key);
}

bool TryLockKey(Tx& tx, KeyLockClass cls, const std::string& key) {
  if (tx.dialect() != Dialect::kPostgres) return true;
  const int c = static_cast<int>(cls);
  int held = 0;
  tx.sql() << "SELECT CASE WHEN pg_try_advisory_xact_lock(:c, hashtext(:k)) THEN 1 ELSE 0 END", soci::use(c),
      soci::use(key), soci::into(held);
  return held != 0;
}

}  // namespace sciweek::store
