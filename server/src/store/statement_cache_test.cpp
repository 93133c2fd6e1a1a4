// A kept statement lives for kRenewAfter runs, then is prepared again (statement_cache.hpp:
// a PostgreSQL plan made on a nearly empty table must not outlive the table's growth).
#include "store/statement_cache.hpp"

#include <gtest/gtest.h>

namespace sciweek::store {
namespace {

struct Counted : StatementCache::Entry {
  static inline int made = 0;
  int serial;
  explicit Counted(int& tag) : serial(++made) { ++tag; }
};

TEST(StatementCacheTest, AKeptEntryIsMadeOnceThenRenewedAfterItsRuns) {
  StatementCache cache;
  int built = 0;
  const int first = cache.Get<Counted>(built).serial;
  for (unsigned i = 1; i < StatementCache::kRenewAfter; ++i) EXPECT_EQ(cache.Get<Counted>(built).serial, first);
  EXPECT_EQ(built, 1) << "kept for its first kRenewAfter runs";
  const int second = cache.Get<Counted>(built).serial;
  EXPECT_NE(second, first) << "prepared again after them";
  EXPECT_EQ(built, 2);
  for (unsigned i = 1; i < StatementCache::kRenewAfter; ++i) EXPECT_EQ(cache.Get<Counted>(built).serial, second);
  EXPECT_EQ(built, 2);
  cache.Clear();
  EXPECT_NE(cache.Get<Counted>(built).serial, second) << "a cleared cache prepares again";
}

}  // namespace
}  // namespace sciweek::store
