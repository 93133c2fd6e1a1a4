#pragma once
// Reading a session from a row whose columns start at `first` in the order of
// kSessionColumns, shared by the activity store and the reservation store's join.
#include <soci/soci.h>

#include "domain/activity.hpp"
#include "store/row_util.hpp"

namespace sciweek::store {

// The sessions table's columns in the order SessionFromRow reads them.
inline constexpr const char* kSessionColumns =
    "id, activity_id, starts_at, ends_at, capacity, taken, walk_ins, occupancy, high_demand, opens_at, "
    "lottery_cutoff, lottery_drawn, removed_at, seats_version";

// Row: a soci::row, or a PgRow (store/pg_pipeline.hpp) with the same accessors.
template <typename Row>
domain::Session SessionFromRow(const Row& r, std::size_t first = 0) {
  domain::Session s;
  s.id = GetInt(r, first + 0);
  s.activity_id = GetInt(r, first + 1);
  s.starts_at = GetInt(r, first + 2);
  s.ends_at = GetInt(r, first + 3);
  s.capacity = static_cast<int>(GetInt(r, first + 4));
  s.taken = static_cast<int>(GetInt(r, first + 5));
  s.walk_ins = static_cast<int>(GetInt(r, first + 6));
  s.occupancy = static_cast<int>(GetInt(r, first + 7));
  s.high_demand = GetInt(r, first + 8) != 0;
  s.opens_at = GetOptInt(r, first + 9);
  s.lottery_cutoff = GetOptInt(r, first + 10);
  s.lottery_drawn = GetInt(r, first + 11) != 0;
  s.removed_at = GetOptInt(r, first + 12);
  s.seats_version = GetInt(r, first + 13);
  return s;
}

}  // namespace sciweek::store
