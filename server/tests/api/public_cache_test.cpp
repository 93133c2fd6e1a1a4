// The public answer caches are bounded in bytes (security issue 9): anonymous callers choose
// the cache keys (every distinct `q=` is a new entry), so thousands of distinct searches
// whose answers are large must not grow the process without bound. The caches' size is read
// from /metrics (with an admin session: /metrics may require one).

#include <algorithm>
#include <cctype>
#include <chrono>
#include <thread>
#include <vector>

#include "support/activities.hpp"
#include "support/fixtures.hpp"
#include "support/raw_connection.hpp"

namespace sciweek::test {
namespace {

using PublicCacheTest = SharedServerTest;

// The i-th spelling of "budgetcachetest" in upper and lower case: a distinct query that finds
// the same activities.
std::string CaseVariant(const std::string& word, unsigned i) {
  std::string out = word;
  for (size_t b = 0; b < out.size() && b < 32; ++b)
    if (i & (1u << b)) out[b] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[b])));
  return out;
}

// The suite's campaign: created by the first test that asks (the suite shares one server).
int SuiteYear(HttpClient& admin) {
  static const int year = CreateFutureCampaign(admin);
  return year;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Publishes `count` activities that `word` finds, each as large as the limits allow: the
// longest title, venue and address.
::testing::AssertionResult PublishLarge(const HttpClient& reporter, const HttpClient& reviewer, int year,
                                        const std::string& word, int count) {
  for (int i = 0; i < count; ++i) {
    auto body = ActivityBody(year, word + Repeat("测", 80) + std::to_string(100 + i), 10);
    body["venue"] = Repeat("场", 100);
    body["address"] = Repeat("址", 200);
    if (Publish(reporter, reviewer, year, body).is_null()) return ::testing::AssertionFailure() << "activity " << i;
  }
  return ::testing::AssertionSuccess();
}

TEST_F(PublicCacheTest, ThousandsOfDistinctSearchesKeepTheCachesWithinTheirByteBudget) {
  HttpClient admin = As("admin");
  const int year = SuiteYear(admin);
  ASSERT_NE(year, 0);
  const std::string word = "budgetcachetest";
  // Answers as large as the limits allow.
  ASSERT_TRUE(PublishLarge(As("110108"), As("reviewer"), year, word, 50));
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
  const long long budget = MetricSample(metrics(), "sciweek_public_cache_budget_bytes");
  ASSERT_GT(budget, 0) << "the budget is published in /metrics";
  const long long queries = 3 * budget / static_cast<long long>(first.body.size()) + 1;
  ASSERT_LT(queries, 1LL << 15) << "enough distinct spellings to overflow the budget three times";
  long long max_seen = 0;
  for (long long i = 1; i <= queries; ++i) {
    auto r = v.Send("GET", base + CaseVariant(word, static_cast<unsigned>(i)), "", "", {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(r.status, 200) << r;
    if (i % 200 == 0) {
      const std::string m = metrics();
      const long long used = MetricSample(m, "sciweek_public_cache_bytes{cache=\"lists\"}") +
                             MetricSample(m, "sciweek_public_cache_bytes{cache=\"gzip\"}");
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

// The calendar's rendered pages and an activity's page are answered on the I/O thread
// (Route::answer_inline): the answer must be the worker's, byte for byte (headers too), follow
// ETags and gzip the same way, and never be stale — a reservation shows in the very next answer.
TEST_F(PublicCacheTest, PagesAnsweredWithoutAWorkerAreTheWorkersAnswersAndNeverStale) {
  HttpClient admin = As("admin");
  const int year = SuiteYear(admin);
  ASSERT_NE(year, 0);
  long long activity = 0;
  auto publish = [&](const std::string& title) -> long long {
    auto a = Publish(As("110108"), As("reviewer"), year, ActivityBody(year, title, 30));
    if (a.is_null()) return 0;
    if (!activity) activity = a["id"].get<long long>();
    return a["sessions"][0]["id"].get<long long>();
  };
  const long long session = publish("内存直答");
  ASSERT_GT(session, 0);
  // Enough of them for the page to be gzipped when asked.
  for (int i = 0; i < 6; ++i) ASSERT_GT(publish("内存直答" + std::to_string(i)), 0);
  HttpClient v = Anonymous();
  const std::string list =
      "/api/v1/public/activities?q=%E5%86%85%E5%AD%98%E7%9B%B4%E7%AD%94&campaign=" + std::to_string(year);
  const std::string detail = "/api/v1/public/activities/" + std::to_string(activity);
  auto inline_count = [&] { return MetricSample(admin.Get("/metrics").body, "sciweek_inline_answers_total"); };
  auto strip = [](HttpResponse r) {  // what may differ between two answers: the request id
    std::erase_if(r.headers, [](const auto& h) { return h.first == "x-request-id" || h.first == "date"; });
    return r;
  };
  for (const std::string& path : {list, detail}) {
    SCOPED_TRACE(path);
    for (const std::vector<std::pair<std::string, std::string>>& headers :
         {std::vector<std::pair<std::string, std::string>>{}, {{"Accept-Encoding", "gzip"}}}) {
      auto worker = strip(v.Send("GET", path, "", "", headers));  // renders the page
      ASSERT_EQ(worker.status, 200) << worker;
      const long long before = inline_count();
      for (int i = 0; i < 5; ++i) {
        auto again = strip(v.Send("GET", path, "", "", headers));
        EXPECT_EQ(again.status, 200);
        EXPECT_EQ(again.body, worker.body);
        EXPECT_EQ(again.headers, worker.headers);
      }
      EXPECT_EQ(inline_count() - before, 5) << "the repeats were answered without a worker";
      auto revalidated = v.Send("GET", path, "", "", {{"If-None-Match", worker.Header("etag")}});
      EXPECT_EQ(revalidated.status, 304);
      EXPECT_TRUE(revalidated.body.empty());
    }
    // HEAD shares the page too: the GET's length, no body byte, and the next answer on the same
    // connection starts where it should (a stray body would be read as its status line).
    RawConnection raw(server().port());
    raw.Send("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string head = raw.Read(std::chrono::seconds(5));
    EXPECT_EQ(StatusOf(head), 200) << head;
    EXPECT_NE(head.find("Content-Length: " + std::to_string(v.Get(path).body.size()) + "\r\n"), std::string::npos)
        << head;
    raw.Send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(StatusOf(raw.Read(std::chrono::seconds(5))), 200);
  }
  auto bad = v.Get(list + "&limit=x");
  EXPECT_EQ(bad.status, 400) << "a bad query is the handler's error: " << bad;
  EXPECT_EQ(bad.json()["error"]["field"], "limit");
  // Ids the inline path cannot read go to the worker, which answers 404: nothing odd takes a
  // connection's I/O thread down.
  for (const std::string& id : std::vector<std::string>{"99999999", "0", "-1", "abc", "1.5", "99999999999999999999999",
                                                        "1%00", "%E4%BD%A0", "%FF%FE", "1%2F2", std::string(5000, '9')})
    EXPECT_TRUE(IsError(v.Get("/api/v1/public/activities/" + id), 404, "not_found")) << id;
  EXPECT_EQ(v.Get(detail).status, 200) << "the server still answers";

  // Fresh: a reservation shows at once, on the same connection, then the new page is served inline.
  auto total_remaining = [&] {
    const auto page = v.Get(list).json();  // kept: a range-for over a temporary's member dangles
    long long sum = 0;
    for (const auto& it : page["items"]) sum += it["remaining"].get<long long>();
    return sum;
  };
  auto detail_remaining = [&] { return v.Get(detail).json()["remaining"].get<long long>(); };
  const long long left = total_remaining(), left_here = detail_remaining();
  ASSERT_GT(left, 0);
  ASSERT_GT(left_here, 0);
  ASSERT_EQ(Reserve(v, session, TestPhone(8801)).status, 201);
  EXPECT_EQ(total_remaining(), left - 1);
  EXPECT_EQ(total_remaining(), left - 1);
  EXPECT_EQ(detail_remaining(), left_here - 1);
  EXPECT_EQ(detail_remaining(), left_here - 1);

  // A page answered from the I/O thread's memory a moment ago gives way at once to the
  // calendar's next state: a newly published activity is on the very next page.
  const long long listed = v.Get(list).json()["total"].get<long long>();
  const long long inline_before = inline_count();
  EXPECT_EQ(v.Get(list).json()["total"].get<long long>(), listed);
  EXPECT_EQ(inline_count() - inline_before, 1) << "the page came from memory";
  ASSERT_GT(publish("内存直答新"), 0);
  EXPECT_EQ(v.Get(list).json()["total"].get<long long>(), listed + 1);
  // A visitor with a cookie of another kind, and one revalidating, get the same new page.
  auto with_cookie = v.Send("GET", list, "", "", {{"Cookie", "theme=dark"}});
  ASSERT_EQ(with_cookie.status, 200) << with_cookie;
  EXPECT_EQ(with_cookie.json()["total"].get<long long>(), listed + 1);
  auto old_tag = v.Send("GET", list, "", "", {{"If-None-Match", "\"stale\""}});
  ASSERT_EQ(old_tag.status, 200) << old_tag;
  EXPECT_EQ(old_tag.json()["total"].get<long long>(), listed + 1);
  // A target too long to be remembered is answered all the same, every time.
  const std::string long_target = list + "&utm=" + std::string(3000, 'u');
  for (int i = 0; i < 3; ++i) {
    auto r = v.Get(long_target);
    ASSERT_EQ(r.status, 200) << r;
    EXPECT_EQ(r.json()["total"].get<long long>(), listed + 1);
  }
}

// The bodies of the answers in `raw`, a stream of whole responses (each with Content-Length);
// stops at the first one that has not all arrived.
std::vector<std::string> Bodies(const std::string& raw) {
  std::vector<std::string> out;
  size_t at = 0;
  while (true) {
    const auto head_end = raw.find("\r\n\r\n", at);
    if (head_end == std::string::npos) break;
    const auto cl = raw.find("Content-Length: ", at);
    if (cl == std::string::npos || cl > head_end) break;
    const size_t length = std::stoul(raw.substr(cl + 16));
    if (raw.size() < head_end + 4 + length) break;
    out.push_back(raw.substr(head_end + 4, length));
    at = head_end + 4 + length;
  }
  return out;
}

// A page past InlineMemo::kSendfileFrom is sent from its sealed file (sendfile) once
// remembered: the same bytes as the worker's, to a reader that takes its time, to one that
// leaves in the middle, and for HEAD.
TEST_F(PublicCacheTest, LargePagesFromMemoryReachSlowReadersWholeAndLeavingOnesHarmNothing) {
  HttpClient admin = As("admin");
  const int year = SuiteYear(admin);
  ASSERT_NE(year, 0);
  const std::string word = "largepagetest";
  ASSERT_TRUE(PublishLarge(As("110108"), As("reviewer"), year, word, 24));
  HttpClient v = Anonymous();
  const std::string list = "/api/v1/public/activities?limit=100&campaign=" + std::to_string(year) + "&q=" + word;
  const auto worker = v.Get(list);
  ASSERT_EQ(worker.status, 200) << worker;
  ASSERT_GT(worker.body.size(), 32u * 1024) << "past the size sent from a file";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(v.Get(list).body, worker.body) << "repeat " << i;

  const std::string get = "GET " + list + " HTTP/1.1\r\nHost: x\r\n\r\n";
  // 8 MB of answers: past the send buffer the kernel grows for the server (4 MB at most on
  // Linux by default) with a 4-KB receive buffer at the other end, so the server must wait.
  const size_t pipelined = (size_t{8} << 20) / worker.body.size() + 1;
  std::string many;
  for (size_t i = 0; i < pipelined; ++i) many += get;
  {
    RawConnection slow(server().port(), 4096);
    ASSERT_TRUE(slow.ok());
    ASSERT_TRUE(slow.Send(many));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the server waits on a full socket
    std::string got;
    for (int round = 0; round < 300 && Bodies(got).size() < pipelined; ++round)
      got += slow.Read(std::chrono::milliseconds(100), "");
    const auto bodies = Bodies(got);
    ASSERT_EQ(bodies.size(), pipelined);
    for (const auto& b : bodies) EXPECT_EQ(b, worker.body);
  }
  for (int i = 0; i < 5; ++i) {  // gone with answers still to send: the server must not mind
    RawConnection gone(server().port(), 4096);
    ASSERT_TRUE(gone.ok());
    ASSERT_TRUE(gone.Send(many));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  RawConnection head(server().port());
  ASSERT_TRUE(head.Send("HEAD " + list + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  const std::string head_answer = head.Read(std::chrono::seconds(5));
  EXPECT_EQ(StatusOf(head_answer), 200) << head_answer;
  EXPECT_NE(head_answer.find("Content-Length: " + std::to_string(worker.body.size()) + "\r\n"), std::string::npos);
  ASSERT_TRUE(head.Send(get));
  EXPECT_EQ(Bodies(head_answer + head.Read(std::chrono::seconds(5))).size(), 1u) << "no body byte after the HEAD";
  EXPECT_EQ(v.Get(list).body, worker.body) << "the server still answers";
}

}  // namespace
}  // namespace sciweek::test
