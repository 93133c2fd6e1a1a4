// Security headers on every response: API answers (success and every kind of error),
// /healthz, /metrics, and the answers the connection layer gives before routing (413, 431).
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

class SecurityHeadersTest : public SharedServerTest {};

::testing::AssertionResult HasSecurityHeaders(const HttpResponse& r) {
  auto fail = [&](const std::string& why) { return ::testing::AssertionFailure() << why << " in " << r; };
  if (r.status == 0) return fail("no answer");
  const std::string csp = r.Header("content-security-policy");
  if (csp.find("frame-ancestors") == std::string::npos) return fail("CSP without frame-ancestors: '" + csp + "'");
  if (csp.find("default-src") == std::string::npos) return fail("CSP without default-src: '" + csp + "'");
  if (r.Header("x-content-type-options") != "nosniff") return fail("X-Content-Type-Options is not nosniff");
  const std::string xfo = r.Header("x-frame-options");
  if (xfo != "DENY" && xfo != "SAMEORIGIN") return fail("X-Frame-Options is '" + xfo + "'");
  if (r.Header("referrer-policy").empty()) return fail("no Referrer-Policy");
  return ::testing::AssertionSuccess();
}

TEST_F(SecurityHeadersTest, HealthzAndMetricsCarryThem) {
  auto h = Anonymous().Get("/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.json()["status"], "ok");
  EXPECT_TRUE(HasSecurityHeaders(h));
  auto m = As("admin").Get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_TRUE(HasSecurityHeaders(Anonymous().Get("/metrics")));  // 401
  EXPECT_TRUE(HasSecurityHeaders(m));
}

TEST_F(SecurityHeadersTest, ApiSuccessAndRoutedErrorsCarryThem) {
  EXPECT_TRUE(HasSecurityHeaders(As("admin").Get("/api/v1/orgs")));
  EXPECT_TRUE(HasSecurityHeaders(As("admin").Post("/api/v1/orgs", OrgBody("sec-1", "安全头"))));
  EXPECT_TRUE(HasSecurityHeaders(Anonymous().Get("/api/v1/me")));              // 401
  EXPECT_TRUE(HasSecurityHeaders(As("reviewer").Get("/api/v1/audit")));        // 403
  EXPECT_TRUE(HasSecurityHeaders(As("admin").Get("/api/v1/nowhere")));         // 404
  EXPECT_TRUE(HasSecurityHeaders(As("admin").Delete("/api/v1/campaigns")));    // 405
  EXPECT_TRUE(HasSecurityHeaders(As("admin").PostRaw("/api/v1/orgs", "{")));   // 400
  EXPECT_TRUE(HasSecurityHeaders(Anonymous().Login("admin", kDemoPassword)));  // login 200
  EXPECT_TRUE(HasSecurityHeaders(Anonymous().Get("/index.html")));             // no web dir: 404
}

TEST_F(SecurityHeadersTest, ApiAnswersAreNotCached) {
  auto r = As("admin").Get("/api/v1/me");
  EXPECT_NE(r.Header("cache-control").find("no-store"), std::string::npos)
      << "Cache-Control: " << r.Header("cache-control");
}

TEST_F(SecurityHeadersTest, OversizeBodyRejectionCarriesThem) {
  HttpClient a = As("admin");
  a.set_expect_continue_above(64 * 1024);
  auto r = a.Post("/api/v1/orgs", OrgBody("sec-big", std::string(2 << 20, 'x')));
  ASSERT_EQ(r.status, 413) << r;
  EXPECT_TRUE(HasSecurityHeaders(r));
}

TEST_F(SecurityHeadersTest, OversizeHeaderRejectionIs431WithThem) {
  auto r = Anonymous().Send("GET", "/api/v1/me", "", "", {{"X-Padding", std::string(20 * 1024, 'a')}});
  ASSERT_EQ(r.status, 431) << r;
  EXPECT_TRUE(HasSecurityHeaders(r));
}

TEST_F(SecurityHeadersTest, ResponsesCarryARequestId) {
  auto a = Anonymous().Get("/healthz");
  auto b = Anonymous().Get("/healthz");
  EXPECT_FALSE(a.Header("x-request-id").empty());
  EXPECT_NE(a.Header("x-request-id"), b.Header("x-request-id"));
}

}  // namespace
}  // namespace sciweek::test
