#pragma once
// Fixed-window hit counters shared by every node (migration 0016): the reservation limit per
// client address on PostgreSQL.
#include <string>

#include "store/db.hpp"

namespace sciweek::store {

class RateWindowStore {
 public:
  // Counts one hit of `key` in the window starting at `window_start`; the window's hits,
  // this one included. One statement.
  static int Hit(Tx& tx, const std::string& key, long long window_start);
  // Drops windows that started before `before`.
  static void Forget(Tx& tx, long long before);
};

}  // namespace sciweek::store
