#include "store/rate_window_store.hpp"

#include <soci/soci.h>

namespace sciweek::store {

int RateWindowStore::Hit(Tx& tx, const std::string& key, long long window_start) {
  int hits = 0;
  tx.sql() << "INSERT INTO rate_windows (key, window_start, hits) VALUES (:k, :w, 1) "
              "ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_windows.hits + 1 RETURNING hits",
      soci::use(key), soci::use(window_start), soci::into(hits);
  return hits;
}

void RateWindowStore::Forget(Tx& tx, long long before) {
  tx.sql() << "DELETE FROM rate_windows WHERE window_start < :b", soci::use(before);
}

}  // namespace sciweek::store
