// A kept statement lives for kRenewFirst runs, then is prepared again after twice as many runs
// each time, up to kRenewAtMost (statement_cache.hpp: a PostgreSQL plan made on a nearly empty
// table must not outlive the table's growth, and renewing costs five plans).
#include "store/statement_cache.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <vector>

namespace sciweek::store {
namespace {

struct Counted : StatementCache::Entry {
  static inline int made = 0;
  int serial;
  explicit Counted(int& tag) : serial(++made) { ++tag; }
};

// How many runs (Gets) each of the next `entries` entries served, from the next Get on.
std::vector<unsigned> Lifetimes(StatementCache& cache, int& built, std::size_t entries) {
  std::vector<unsigned> lives;
  int serial = cache.Get<Counted>(built).serial;
  unsigned runs = 1;
  while (lives.size() < entries) {
    const int now = cache.Get<Counted>(built).serial;
    if (now == serial) {
      ++runs;
      continue;
    }
    lives.push_back(runs);
    serial = now;
    runs = 1;
  }
  return lives;
}

TEST(StatementCacheTest, AKeptEntryIsRenewedAfterTwiceAsManyRunsEachTimeUpToTheCap) {
  StatementCache cache;
  int built = 0;
  const unsigned first = StatementCache::kRenewFirst, cap = StatementCache::kRenewAtMost;
  const std::vector<unsigned> expected = {first,      2 * first,   4 * first,   8 * first, 16 * first, 32 * first,
                                          64 * first, 128 * first, 256 * first, cap,       cap};
  EXPECT_EQ(Lifetimes(cache, built, expected.size()), expected);
  EXPECT_EQ(cap, 256 * first) << "the cap is the ninth lifetime";
  EXPECT_EQ(built, static_cast<int>(expected.size()) + 1) << "made once per lifetime, and the next one";
}

TEST(StatementCacheTest, AClearedCachePreparesAgainAndStartsTheScheduleOver) {
  StatementCache cache;
  int built = 0;
  Lifetimes(cache, built, 2);  // the third entry now lives 4 × kRenewFirst runs
  const int before = cache.Get<Counted>(built).serial;
  cache.Clear();
  EXPECT_NE(cache.Get<Counted>(built).serial, before) << "a cleared cache prepares again";
  EXPECT_EQ(Lifetimes(cache, built, 1), std::vector<unsigned>{StatementCache::kRenewFirst - 1})
      << "the entry made after Clear served one run above, and lives kRenewFirst runs";
}

}  // namespace
}  // namespace sciweek::store
