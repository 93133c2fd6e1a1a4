// Login, logout, /me, throttling, session expiry and password change, through real HTTP.
#include <thread>
#include <vector>

#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

class AuthTest : public SharedServerTest {};

TEST_F(AuthTest, LoginAnswersUserOrgAndCsrfTokenAndSetsStrictHttpOnlyCookie) {
  HttpClient c = Anonymous();
  auto r = c.Login("110108", kDemoPassword);
  ASSERT_EQ(r.status, 200) << r;
  auto j = r.json();
  EXPECT_EQ(j["user"]["login"], "110108");
  EXPECT_EQ(j["user"]["name"].get<std::string>().empty(), false);
  EXPECT_EQ(j["user"]["role"], "reporter");
  EXPECT_EQ(j["user"]["org"]["code"], "110108");
  EXPECT_EQ(j["user"]["org"]["name"], "海淀区");
  EXPECT_EQ(j["user"]["org"]["type"], "district");
  ASSERT_TRUE(j["csrf_token"].is_string());
  EXPECT_GE(j["csrf_token"].get<std::string>().size(), 16u);

  const std::string cookie = r.Header("set-cookie");
  EXPECT_EQ(cookie.rfind("sciweek_session=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP (make run): a Secure cookie would not come back";
  EXPECT_EQ(j.dump().find(*c.Cookie("sciweek_session")), std::string::npos) << "session token leaked in body";
}

TEST_F(AuthTest, WrongPasswordAndUnknownLoginGiveTheSame401) {
  HttpClient c = Anonymous();
  auto wrong = c.Login("110101", "Wrong#Password1");
  auto unknown = c.Login("nobody-at-all", "Wrong#Password1");
  ASSERT_TRUE(IsError(wrong, 401, "unauthenticated"));
  ASSERT_TRUE(IsError(unknown, 401, "unauthenticated"));
  EXPECT_EQ(wrong.json()["error"], unknown.json()["error"]);
  EXPECT_FALSE(c.Cookie("sciweek_session").has_value());
}

TEST_F(AuthTest, FiveFailuresForOneLoginThenDelaysThatHoldEvenTheRightPasswordWithRetryAfter) {
  HttpClient c = Anonymous();
  for (int i = 1; i <= 5; ++i)
    ASSERT_TRUE(IsError(c.Login("sjw", "Wrong#Password" + std::to_string(i)), 401, "unauthenticated"))
        << "attempt " << i;
  ASSERT_GE(FailUntilWaiting([&] { return c.Login("sjw", "Wrong#Password9"); }, 2), 0);
  auto blocked = c.Login("sjw", kDemoPassword);
  ASSERT_TRUE(IsError(blocked, 429, "rate_limited"));
  const int retry = std::atoi(blocked.Header("retry-after").c_str());
  EXPECT_GT(retry, 0) << "Retry-After: '" << blocked.Header("retry-after") << "'";
  EXPECT_LE(retry, 15 * 60);
  // Another login from the same address is not blocked by sjw's failures.
  EXPECT_EQ(c.Login("sylj", kDemoPassword).status, 200);
}

TEST_F(AuthTest, MeAnswersTheLoginShapeWithTheSameCsrfToken) {
  HttpClient c = server().LoginAs("pku");
  auto r = c.Get("/api/v1/me");
  ASSERT_EQ(r.status, 200) << r;
  auto j = r.json();
  EXPECT_EQ(j["user"]["login"], "pku");
  EXPECT_EQ(j["user"]["role"], "reporter");
  EXPECT_EQ(j["user"]["org"], (nlohmann::json{{"code", "pku"}, {"name", "北京大学"}, {"type", "university"}}));
  EXPECT_EQ(j["csrf_token"], c.csrf_token());
}

TEST_F(AuthTest, MeWithoutSessionOrWithForgedCookieIs401) {
  HttpClient c = Anonymous();
  EXPECT_TRUE(IsError(c.Get("/api/v1/me"), 401, "unauthenticated"));
  c.SetCookie("sciweek_session", "forged-token-0123456789abcdef");
  EXPECT_TRUE(IsError(c.Get("/api/v1/me"), 401, "unauthenticated"));
}

TEST_F(AuthTest, LogoutEndsTheSessionOnTheServerAndClearsTheCookie) {
  HttpClient c = server().LoginAs("tsinghua");
  const std::string token = *c.Cookie("sciweek_session");
  auto out = c.Post("/api/v1/auth/logout", nlohmann::json::object());
  ASSERT_EQ(out.status, 204) << out;
  EXPECT_NE(out.Header("set-cookie").find("Max-Age=0"), std::string::npos) << out.Header("set-cookie");
  EXPECT_TRUE(IsError(c.Get("/api/v1/me"), 401, "unauthenticated"));
  c.SetCookie("sciweek_session", token);  // replaying the old cookie does not help
  EXPECT_TRUE(IsError(c.Get("/api/v1/me"), 401, "unauthenticated"));
}

TEST_F(AuthTest, LoginWorksWhileAnotherSessionCookieIsPresentWithoutCsrfHeader) {
  HttpClient c = server().LoginAs("twg");
  c.SendCsrf(false);
  EXPECT_EQ(c.Login("zrbwg", kDemoPassword).status, 200);
  EXPECT_EQ(c.Get("/api/v1/me").json()["user"]["login"], "zrbwg");
}

TEST_F(AuthTest, WeakNewPasswordIs422NamingNewPasswordAndChangesNothing) {
  HttpClient c = server().LoginAs("skyy");
  for (std::string weak : {"Short1!", "alllowercaseletters", "skyy-Password-1", "abcdefghij1"}) {
    auto r = c.Post("/api/v1/auth/password", {{"old_password", kDemoPassword}, {"new_password", weak}});
    EXPECT_TRUE(IsError(r, 422, "validation_failed")) << weak;
    EXPECT_TRUE(HasDetail(r, "new_password")) << weak;
  }
  EXPECT_EQ(server().Client().Login("skyy", kDemoPassword).status, 200);
}

TEST_F(AuthTest, WrongOldPasswordIs422AndChangesNothing) {
  HttpClient c = server().LoginAs("btjt");
  auto r =
      c.Post("/api/v1/auth/password", {{"old_password", "Not#ThePassword1"}, {"new_password", "Fresh#Secret2024"}});
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(r, "old_password"));
  EXPECT_TRUE(IsError(server().Client().Login("btjt", "Fresh#Secret2024"), 401, "unauthenticated"));
  EXPECT_EQ(c.Get("/api/v1/me").status, 200);
}

TEST_F(AuthTest, PasswordChangeSwapsPasswordsAndEndsTheUsersOtherSessions) {
  HttpClient mine = server().LoginAs("swxcb");
  HttpClient other = server().LoginAs("swxcb");
  auto r = mine.Post("/api/v1/auth/password", {{"old_password", kDemoPassword}, {"new_password", "Brand#New2024pw"}});
  ASSERT_EQ(r.status, 204) << r;
  EXPECT_EQ(mine.Get("/api/v1/me").status, 200) << "the session that changed it stays";
  EXPECT_TRUE(IsError(other.Get("/api/v1/me"), 401, "unauthenticated")) << "other sessions must end";
  EXPECT_TRUE(IsError(server().Client().Login("swxcb", kDemoPassword), 401, "unauthenticated"));
  EXPECT_EQ(server().Client().Login("swxcb", "Brand#New2024pw").status, 200);
}

TEST(AuthExpiryTest, IdleLimitEndsAnIdleSessionButNotOneInUse) {
  TestServer s(ServerOptions{{"--session-idle-seconds", "3"}});
  // busy logs in first: a login's password hash can take a second or more on a loaded
  // machine, and idle's clock must not run during it.
  HttpClient busy = s.LoginAs("110106");
  HttpClient idle = s.LoginAs("110101");
  ASSERT_EQ(idle.Get("/api/v1/me").status, 200);
  std::vector<int> busy_statuses;
  for (int i = 0; i < 10; ++i) {  // 4 s: idle sleeps past its limit, busy asks every 0.4 s
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    busy_statuses.push_back(busy.Get("/api/v1/me").status);
  }
  EXPECT_TRUE(IsError(idle.Get("/api/v1/me"), 401, "unauthenticated"));
  EXPECT_EQ(busy_statuses, std::vector<int>(10, 200)) << "a session in use is not idle";
  EXPECT_EQ(s.Stop(), 0) << s.LogTail();
}

TEST(AuthExpiryTest, SessionInUseStillEndsAtTheAbsoluteLimit) {
  TestServer s(ServerOptions{{"--session-idle-seconds", "3600", "--session-absolute-seconds", "3"}});
  HttpClient c = s.LoginAs("110102");
  int last = 0;
  for (int i = 0; i < 9; ++i) {  // one request every 0.5 s: never idle, but older than 3 s at the end
    last = c.Get("/api/v1/me").status;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  EXPECT_EQ(last, 401);
  EXPECT_EQ(s.Stop(), 0) << s.LogTail();
}

TEST(AuthThrottleTest, FiftyFailuresFromOneAddressBlockEveryLoginFromIt) {
  TestServer s;
  // Distinct logins (the per-login limit never trips), from 5 threads: each failure costs
  // a password hash. However they interleave, the 50 fit under the ceiling.
  std::vector<int> statuses(50);
  std::vector<std::thread> threads;
  for (int t = 0; t < 5; ++t)
    threads.emplace_back([&, t] {
      HttpClient c = s.Client();
      for (int i = t; i < 50; i += 5) statuses[i] = c.Login("ghost" + std::to_string(i), "Wrong#Password1").status;
    });
  for (auto& th : threads) th.join();
  for (int i = 0; i < 50; ++i) EXPECT_EQ(statuses[i], 401) << "attempt " << i;
  // Past the ceiling the address waits, longer with each failure.
  HttpClient more = s.Client();
  ASSERT_GE(FailUntilWaiting([&] { return more.Login(Unique("ghost-more"), "Wrong#Password1"); }, 4), 0);
  auto r = s.Client().Login("admin", kDemoPassword);
  EXPECT_TRUE(IsError(r, 429, "rate_limited"));
  EXPECT_GT(std::atoi(r.Header("retry-after").c_str()), 0);
  // Without --trust-proxy a forged X-Forwarded-For does not buy a fresh address.
  auto spoofed = s.Client().Send("POST", "/api/v1/auth/login",
                                 nlohmann::json{{"login", "admin"}, {"password", kDemoPassword}}.dump(),
                                 "application/json", {{"X-Forwarded-For", "10.1.2.3"}});
  EXPECT_TRUE(IsError(spoofed, 429, "rate_limited"));
}

}  // namespace
}  // namespace sciweek::test
