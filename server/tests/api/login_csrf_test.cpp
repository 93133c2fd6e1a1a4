// Login CSRF (security issue 9): another site must not log a visitor's browser into an
// account of its choosing. The login takes JSON only (a cross-site form cannot send it)
// and refuses a request whose Origin or Sec-Fetch-Site says it comes from elsewhere.
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

const std::string kBody = nlohmann::json{{"login", "110111"}, {"password", kDemoPassword}}.dump();

class LoginCsrfTest : public SharedServerTest {
 protected:
  static HttpResponse LoginWith(const std::string& content_type,
                                const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    HttpClient c = Anonymous();
    auto r = c.Send("POST", "/api/v1/auth/login", kBody, content_type, headers);
    if (r.status != 200) {
      EXPECT_FALSE(r.HasHeader("set-cookie")) << "a refused login sets no cookie: " << r;
    }
    return r;
  }
  static std::string OwnOrigin() { return "http://127.0.0.1:" + std::to_string(server().port()); }
};

TEST_F(LoginCsrfTest, OnlyJsonIsAccepted415Otherwise) {
  for (std::string type : {"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", ""})
    EXPECT_TRUE(IsError(LoginWith(type), 415, "unsupported_media")) << "'" << type << "'";
  EXPECT_EQ(LoginWith("application/json; charset=utf-8").status, 200);
  EXPECT_EQ(LoginWith("Application/JSON").status, 200);
}

TEST_F(LoginCsrfTest, AForeignOriginIs403AndTheOwnOriginLogsIn) {
  const std::string port = std::to_string(server().port());
  for (const std::string& origin :
       std::vector<std::string>{"http://evil.example", "null", "http://127.0.0.1", "https://127.0.0.1:" + port,
                                "http://127.0.0.1:" + port + ".evil.example"})
    EXPECT_TRUE(IsError(LoginWith("application/json", {{"Origin", origin}}), 403, "forbidden")) << "'" << origin << "'";
  EXPECT_EQ(LoginWith("application/json", {{"Origin", OwnOrigin()}}).status, 200);
  EXPECT_EQ(LoginWith("application/json").status, 200) << "no Origin (curl, old browsers): the JSON rule holds it";
}

TEST_F(LoginCsrfTest, SecFetchSiteMustBeSameOriginOrNone) {
  for (std::string site : {"cross-site", "same-site"})
    EXPECT_TRUE(IsError(LoginWith("application/json", {{"Sec-Fetch-Site", site}}), 403, "forbidden")) << site;
  for (std::string site : {"same-origin", "none"})
    EXPECT_EQ(LoginWith("application/json", {{"Sec-Fetch-Site", site}, {"Origin", OwnOrigin()}}).status, 200) << site;
}

TEST(LoginCsrfTlsTest, BehindATlsProxyTheOwnOriginIsHttps) {
  TestServer s(ServerOptions{{"--trust-proxy"}, {}});
  const std::string host = "127.0.0.1:" + std::to_string(s.port());
  auto login = [&](const std::string& origin, const std::string& proto) {
    HttpClient c = s.Client();
    return c.Send("POST", "/api/v1/auth/login", kBody, "application/json",
                  {{"Origin", origin}, {"X-Forwarded-Proto", proto}});
  };
  EXPECT_EQ(login("https://" + host, "https").status, 200);
  EXPECT_TRUE(IsError(login("http://" + host, "https"), 403, "forbidden"));
  EXPECT_EQ(login("http://" + host, "http").status, 200);
  EXPECT_EQ(s.Stop(), 0) << s.LogTail();
}

}  // namespace
}  // namespace sciweek::test
