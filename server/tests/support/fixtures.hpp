#pragma once
// Shared pieces of the API suite: a base fixture that runs one server per test suite (its
// tests must not interfere: each uses its own objects), and assertions on the error shape.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "support/http_client.hpp"
#include "support/test_server.hpp"

namespace sciweek::test {

// `{"error":{"code","message","field"}}` with this status and code, a Chinese message, a
// JSON content type and `field` a string or null.
::testing::AssertionResult IsError(const HttpResponse& r, int status, const std::string& code);
// The error's details name `field` (and, when line > 0, that CSV line).
::testing::AssertionResult HasDetail(const HttpResponse& r, const std::string& field, int line = 0);
bool HasNonAscii(const std::string& s);

// A POST /api/v1/orgs body.
nlohmann::json OrgBody(const std::string& code, const std::string& name, const std::string& type = "other",
                       const std::string& parent_code = "");
// A unique code or login within one test binary run: prefix + counter.
std::string Unique(const std::string& prefix);
// "total" of a collection GET, or -1 (with the response printed) when it is not 200.
long long Total(HttpClient& c, const std::string& target);
// The value of one sample of a /metrics text (`sample`: its name with any labels), or -1.
long long MetricSample(const std::string& text, const std::string& sample);

// Repeats a wrong-password `attempt`, obeying shorter Retry-Afters, until it is answered 429
// with Retry-After of at least `min_wait` seconds (so the next attempt, made at once, is
// surely refused too). The number
// of attempts that were evaluated (not 429) on the way; -1 (and a failure) when
// `max_attempts` pass first. Throttle delays start at 1 s, too short to test "the next one
// is refused" without racing the clock.
int FailUntilWaiting(const std::function<HttpResponse()>& attempt, int min_wait, int max_attempts = 80);
// POST /api/v1/auth/login as from `address` (servers started with --trust-proxy).
HttpResponse LoginFrom(HttpClient& c, const std::string& address, const std::string& login,
                       const std::string& password);

template <typename Base = ::testing::Test>
class ServerSuite : public Base {
 public:
  static void SetUpTestSuite() {
    try {
      server_ = std::make_unique<TestServer>();
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  static void TearDownTestSuite() {
    clients_.clear();
    server_.reset();
    error_.clear();
  }

 protected:
  void SetUp() override { ASSERT_TRUE(server_) << "the suite's server did not start: " << error_; }

  static TestServer& server() { return *server_; }
  static HttpClient Anonymous() { return server_->Client(); }
  // A client logged in as `login`, logged in once per suite: never log it out or change its
  // password (use server().LoginAs for a session of your own).
  static HttpClient As(const std::string& login) {
    auto it = clients_.find(login);
    if (it == clients_.end()) it = clients_.emplace(login, server_->LoginAs(login)).first;
    return it->second;
  }

  static inline std::unique_ptr<TestServer> server_;
  static inline std::string error_;
  static inline std::map<std::string, HttpClient> clients_;
};

using SharedServerTest = ServerSuite<>;

}  // namespace sciweek::test
