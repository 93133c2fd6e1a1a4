#include "core/byte_lru_cache.hpp"

#include <gtest/gtest.h>

namespace sciweek::core {
namespace {

TEST(ByteLruCache, StaysWithinItsBudgetEvictingTheLeastRecentlyUsed) {
  ByteLruCache<std::string> cache(10'000);
  const std::string big(1000, 'x');
  cache.Put("a", big, big.size());
  for (int i = 0; i < 1000; ++i) {
    cache.Put("k" + std::to_string(i), big, big.size());
    ASSERT_TRUE(cache.Get("a")) << "used every time, so never the one evicted (i = " << i << ")";
    ASSERT_LE(cache.bytes(), cache.budget());
  }
  EXPECT_FALSE(cache.Get("k0")) << "the oldest unused entry went";
  EXPECT_TRUE(cache.Get("k999"));
  EXPECT_GT(cache.bytes(), cache.budget() / 2) << "evicts one at a time, not everything";
}

TEST(ByteLruCache, RefusesAValueLargerThanTheBudgetAndReplacesByKey) {
  ByteLruCache<std::string> cache(1000);
  cache.Put("huge", std::string(5000, 'x'), 5000);
  EXPECT_FALSE(cache.Get("huge"));
  EXPECT_EQ(cache.bytes(), 0u);
  cache.Put("k", "one", 3);
  const size_t one = cache.bytes();
  cache.Put("k", "three", 5);
  EXPECT_EQ(cache.Get("k"), "three");
  EXPECT_EQ(cache.bytes(), one + 2) << "a replaced value is not counted twice";
}

}  // namespace
}  // namespace sciweek::core
