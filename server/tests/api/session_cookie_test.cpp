// The session cookie per scheme (security issue 9): over TLS it is `__Host-sciweek_session`,
// Secure, Path=/ and without Domain; over plain HTTP (`make run`) `sciweek_session` without
// Secure. The server reads only the name that matches the request's scheme.
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

::testing::AssertionResult IsHostPrefixedCookie(const std::string& set_cookie) {
  if (set_cookie.rfind("__Host-sciweek_session=", 0) != 0) return ::testing::AssertionFailure() << set_cookie;
  for (const char* attr : {"; Secure", "; Path=/;", "HttpOnly", "SameSite=Strict"})
    if (set_cookie.find(attr) == std::string::npos)
      return ::testing::AssertionFailure() << "no " << attr << ": " << set_cookie;
  if (set_cookie.find("Domain") != std::string::npos)
    return ::testing::AssertionFailure() << "Domain set: " << set_cookie;
  return ::testing::AssertionSuccess();
}

TEST(SessionCookieTest, SecureCookiesServerUsesTheHostPrefixedNameAndReadsOnlyThat) {
  TestServer s(ServerOptions{{"--secure-cookies"}, {}});
  HttpClient c = s.Client();
  auto r = c.Login("110112", kDemoPassword);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(IsHostPrefixedCookie(r.Header("set-cookie")));
  const auto token = c.Cookie("__Host-sciweek_session");
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(c.Get("/api/v1/me").status, 200);
  HttpClient plain_name = s.Client();
  plain_name.SetCookie("sciweek_session", *token);
  EXPECT_TRUE(IsError(plain_name.Get("/api/v1/me"), 401, "unauthenticated"))
      << "the name without the prefix is not read over TLS";
  auto out = c.Post("/api/v1/auth/logout", nlohmann::json::object());
  ASSERT_EQ(out.status, 204) << out;
  EXPECT_TRUE(IsHostPrefixedCookie(out.Header("set-cookie")));
  EXPECT_NE(out.Header("set-cookie").find("Max-Age=0"), std::string::npos) << out.Header("set-cookie");
  EXPECT_EQ(s.Stop(), 0) << s.LogTail();
}

TEST(SessionCookieTest, BehindAProxyTheSchemeOfEachRequestDecides) {
  TestServer s(ServerOptions{{"--trust-proxy"}, {}});
  const std::vector<std::pair<std::string, std::string>> https = {{"X-Forwarded-Proto", "https"}};
  const std::string body = nlohmann::json{{"login", "110113"}, {"password", kDemoPassword}}.dump();

  HttpClient tls = s.Client();
  auto r = tls.Send("POST", "/api/v1/auth/login", body, "application/json", https);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(IsHostPrefixedCookie(r.Header("set-cookie")));
  EXPECT_EQ(tls.Send("GET", "/api/v1/me", "", "", https).status, 200);
  EXPECT_EQ(tls.Get("/api/v1/me").status, 401) << "over plain HTTP the __Host- cookie is not the session cookie";

  HttpClient plain = s.Client();
  auto p = plain.Send("POST", "/api/v1/auth/login", body, "application/json", {{"X-Forwarded-Proto", "http"}});
  ASSERT_EQ(p.status, 200) << p;
  EXPECT_EQ(p.Header("set-cookie").rfind("sciweek_session=", 0), 0u) << p.Header("set-cookie");
  EXPECT_EQ(p.Header("set-cookie").find("Secure"), std::string::npos) << p.Header("set-cookie");
  EXPECT_EQ(plain.Get("/api/v1/me").status, 200);
  EXPECT_EQ(s.Stop(), 0) << s.LogTail();
}

}  // namespace
}  // namespace sciweek::test
