// Login and password-change throttling (security issue 9): failures count per (login,
// client address) with growing delays, so nobody elsewhere can lock a unit out; a ceiling
// per address (an IPv6 /64) across all logins; attempts reserved atomically, so parallel
// guesses get no more tries than the rule allows. The server trusts X-Forwarded-For here,
// which is how each request picks the client address it comes from.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

class ThrottleServer {
 public:
  static TestServer& Get() {
    static TestServer server(ServerOptions{{"--trust-proxy"}, {}});
    return server;
  }
};

class AccountThrottleTest : public ::testing::Test {
 protected:
  TestServer& server() { return ThrottleServer::Get(); }
  HttpResponse Wrong(const std::string& address, const std::string& login) {
    HttpClient c = server().Client();
    return LoginFrom(c, address, login, "Wrong#Password1");
  }
};

TEST_F(AccountThrottleTest, AnAttackerElsewhereCannotLockTheRealUserOut) {
  // A unit's login is its public code: the attacker fails it until refused...
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(IsError(Wrong("10.9.0.1", "110105"), 401, "unauthenticated")) << i;
  ASSERT_GE(FailUntilWaiting([&] { return Wrong("10.9.0.1", "110105"); }, 4), 0);
  HttpClient attacker = server().Client();
  EXPECT_TRUE(IsError(LoginFrom(attacker, "10.9.0.1", "110105", kDemoPassword), 429, "rate_limited"))
      << "even the right password waits at the attacker's address";
  // ...while the unit, at its own address, logs in as usual.
  HttpClient unit = server().Client();
  auto r = LoginFrom(unit, "10.9.0.2", "110105", kDemoPassword);
  EXPECT_EQ(r.status, 200) << r;
}

TEST_F(AccountThrottleTest, DelaysGrowAfterFiveFailuresAndNeverBecomeALock) {
  const std::string addr = "10.9.1.1", login = "110106";
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(IsError(Wrong(addr, login), 401, "unauthenticated")) << i;
  // A client that obeys Retry-After: the 6th, 7th and 8th failures are evaluated, each
  // after a longer wait (1 s, 2 s, 4 s; the clock counts whole seconds, hence the margins).
  std::vector<double> evaluated_at;
  std::vector<int> waits;
  const auto start = Clock::now();
  while (evaluated_at.size() < 3 && SecondsSince(start) < 20) {
    auto r = Wrong(addr, login);
    if (r.status == 401) {
      evaluated_at.push_back(SecondsSince(start));
      continue;
    }
    ASSERT_TRUE(IsError(r, 429, "rate_limited"));
    const int wait = std::atoi(r.Header("retry-after").c_str());
    ASSERT_GE(wait, 1);
    ASSERT_LE(wait, 4) << "a delay, not a lock";
    waits.push_back(wait);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait * 1000 / 2 + 100));
  }
  ASSERT_EQ(evaluated_at.size(), 3u);
  EXPECT_GT(evaluated_at[1] - evaluated_at[0], 0.9) << "after the 6th failure: 2 s";
  EXPECT_GT(evaluated_at[2] - evaluated_at[1], 2.9) << "after the 7th failure: 4 s";
  ASSERT_FALSE(waits.empty());
  EXPECT_GE(*std::max_element(waits.begin(), waits.end()), 3) << "Retry-After grew towards 4 s";
  // Waiting it out, the right password works, and the count starts over.
  HttpClient c = server().Client();
  HttpResponse ok;
  for (int i = 0; i < 12 && ok.status != 200; ++i) {
    ok = LoginFrom(c, addr, login, kDemoPassword);
    if (ok.status == 429)
      std::this_thread::sleep_for(std::chrono::seconds(std::atoi(ok.Header("retry-after").c_str())));
  }
  EXPECT_EQ(ok.status, 200) << ok;
  EXPECT_TRUE(IsError(Wrong(addr, login), 401, "unauthenticated")) << "a success resets the count";
}

TEST_F(AccountThrottleTest, Ipv6AddressesOfOneSlash64ShareTheAddressCeiling) {
  // 50 failures, each from a different address of one /64 and for a different login.
  std::vector<int> statuses(50);
  std::vector<std::thread> threads;
  for (int t = 0; t < 5; ++t)
    threads.emplace_back([&, t] {
      for (int i = t; i < 50; i += 5)
        statuses[i] = Wrong("2001:db8:aa:bb::" + std::to_string(i + 1), Unique("v6ghost")).status;
    });
  for (auto& th : threads) th.join();
  for (int i = 0; i < 50; ++i) EXPECT_EQ(statuses[i], 401) << "attempt " << i;
  ASSERT_GE(FailUntilWaiting([&] { return Wrong("2001:db8:aa:bb:1:2:3:4", Unique("v6ghost")); }, 4), 0);
  HttpClient same = server().Client(), other = server().Client();
  EXPECT_TRUE(
      IsError(LoginFrom(same, "2001:db8:aa:bb:ffff:ffff:ffff:fffe", "admin", kDemoPassword), 429, "rate_limited"))
      << "a fresh address in the same /64 is the same client";
  auto r = LoginFrom(other, "2001:db8:aa:bc::1", "admin", kDemoPassword);
  EXPECT_EQ(r.status, 200) << "the next /64 is someone else: " << r;
}

TEST_F(AccountThrottleTest, AnIpv4MappedAddressCountsAsItsIpv4Address) {
  const std::string login = "110107";
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(IsError(Wrong(i % 2 ? "198.51.100.7" : "::ffff:198.51.100.7", login), 401, "unauthenticated")) << i;
  ASSERT_GE(FailUntilWaiting([&] { return Wrong("::ffff:198.51.100.7", login); }, 2), 0);
  HttpClient c = server().Client();
  EXPECT_TRUE(IsError(LoginFrom(c, "198.51.100.7", login, kDemoPassword), 429, "rate_limited"));
}

TEST_F(AccountThrottleTest, SixtyFourParallelGuessesGetNoMoreAttemptsThanTheRule) {
  const std::string addr = "10.9.3.1", login = "110108";
  std::atomic<int> evaluated{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int t = 0; t < 64; ++t)
    threads.emplace_back([&] {
      const int status = Wrong(addr, login).status;
      (status == 401 ? evaluated : status == 429 ? refused : other)++;
    });
  for (auto& th : threads) th.join();
  const double took = SecondsSince(start);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(evaluated + refused, 64);
  // 5 free; then one more each time a delay (1 s, 2 s, 4 s, 8 s) ran out during the burst
  // (the clock counts whole seconds, so a delay may end up to 1 s early).
  const int allowed = 5 + 1 + (took > 1) + (took > 4) + (took > 11);
  EXPECT_LE(evaluated.load(), allowed) << "the burst took " << took << " s";
  EXPECT_GE(evaluated.load(), 5);
}

TEST_F(AccountThrottleTest, OldPasswordGuessesOnAPasswordChangeAreThrottledPerUserAndAddress) {
  const std::string addr = "10.9.4.1";
  HttpClient thief = server().Client();
  ASSERT_EQ(LoginFrom(thief, addr, "110109", kDemoPassword).status, 200);
  auto guess = [&](const std::string& old_password, const std::string& from) {
    return thief.Send("POST", "/api/v1/auth/password",
                      nlohmann::json{{"old_password", old_password}, {"new_password", "Taken#Over2024x"}}.dump(),
                      "application/json", {{"X-Forwarded-For", from}});
  };
  for (int i = 1; i <= 5; ++i)
    ASSERT_TRUE(IsError(guess("Guess#Number" + std::to_string(i), addr), 422, "validation_failed")) << i;
  ASSERT_GE(FailUntilWaiting([&] { return guess("Guess#Again1", addr); }, 2), 0);
  auto blocked = guess(kDemoPassword, addr);
  ASSERT_TRUE(IsError(blocked, 429, "rate_limited"));
  EXPECT_GT(std::atoi(blocked.Header("retry-after").c_str()), 0);
  // The user, elsewhere, is not held up by it.
  auto own = guess(kDemoPassword, "10.9.4.2");
  EXPECT_EQ(own.status, 204) << own;
}

}  // namespace
}  // namespace sciweek::test
