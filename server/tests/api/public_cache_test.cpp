// The public answer caches are bounded in bytes (security issue 9): anonymous callers choose
// the cache keys (every distinct `q=` is a new entry), so thousands of distinct searches
// whose answers are large must not grow the process without bound. The caches' size is read
// from /metrics (with an admin session: /metrics may require one).

#include <algorithm>
#include <cctype>

#include "support/activities.hpp"
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

using PublicCacheTest = SharedServerTest;

// The value of a /metrics sample line, or -1.
long long Metric(const std::string& text, const std::string& sample) {
  const auto at = text.find("\n" + sample + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(text.substr(at + sample.size() + 2));
}

// The i-th spelling of "budgetcachetest" in upper and lower case: a distinct query that finds
// the same activities.
std::string CaseVariant(const std::string& word, unsigned i) {
  std::string out = word;
  for (size_t b = 0; b < out.size() && b < 32; ++b)
    if (i & (1u << b)) out[b] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[b])));
  return out;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST_F(PublicCacheTest, ThousandsOfDistinctSearchesKeepTheCachesWithinTheirByteBudget) {
  HttpClient admin = As("admin");
  const int year = CreateFutureCampaign(admin);
  ASSERT_NE(year, 0);
  const std::string word = "budgetcachetest";
  // Answers as large as the limits allow: 50 activities with the longest title, venue and address.
  for (int i = 0; i < 50; ++i) {
    auto body = ActivityBody(year, word + Repeat("测", 80) + std::to_string(100 + i), 10);
    body["venue"] = Repeat("场", 100);
    body["address"] = Repeat("址", 200);
    ASSERT_FALSE(Publish(As("110108"), As("reviewer"), year, body).is_null());
  }
  HttpClient v = Anonymous();
  const std::string base = "/api/v1/public/activities?limit=100&campaign=" + std::to_string(year) + "&q=";
  auto first = v.Get(base + word);
  ASSERT_EQ(first.status, 200) << first;
  ASSERT_EQ(first.json()["total"], 50);
  auto metrics = [&] {
    auto r = admin.Get("/metrics");
    EXPECT_EQ(r.status, 200) << r;
    return r.body;
  };
  const long long budget = Metric(metrics(), "sciweek_public_cache_budget_bytes");
  ASSERT_GT(budget, 0) << "the budget is published in /metrics";
  const long long queries = 3 * budget / static_cast<long long>(first.body.size()) + 1;
  ASSERT_LT(queries, 1LL << 15) << "enough distinct spellings to overflow the budget three times";
  long long max_seen = 0;
  for (long long i = 1; i <= queries; ++i) {
    auto r = v.Send("GET", base + CaseVariant(word, static_cast<unsigned>(i)), "", "", {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(r.status, 200) << r;
    if (i % 200 == 0) {
      const std::string m = metrics();
      const long long used = Metric(m, "sciweek_public_cache_bytes{cache=\"lists\"}") +
                             Metric(m, "sciweek_public_cache_bytes{cache=\"gzip\"}");
      EXPECT_LE(used, budget) << "after " << i << " distinct searches";
      max_seen = std::max(max_seen, used);
    }
  }
  EXPECT_GT(max_seen, budget / 2) << "the cache filled up to its budget (evicting the oldest, not emptying)";
  // Still answering, the most recent from the cache.
  auto again = v.Get(base + CaseVariant(word, static_cast<unsigned>(queries)));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json()["total"], 50);
}

}  // namespace
}  // namespace sciweek::test
