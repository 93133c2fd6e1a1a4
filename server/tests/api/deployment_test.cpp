// Operating the server: several processes on one database share sessions and data (the
// "many machines behind nginx" deployment), /healthz answers, /metrics speaks Prometheus.
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

TEST(DeploymentTest, TwoServerProcessesOnOneDatabaseShareSessionsAndWrites) {
  TestServer first;
  TestServer second(first.shared_db(), {});
  HttpClient on_first = first.LoginAs("admin");
  HttpClient on_second("127.0.0.1", second.port());  // the same browser, routed to the other process
  on_second.SetCookie("sciweek_session", *on_first.Cookie("sciweek_session"));
  on_second.set_csrf_token(on_first.csrf_token());
  ASSERT_EQ(on_second.Get("/api/v1/me").status, 200);
  auto created = on_second.Post("/api/v1/orgs", OrgBody("dep-shared", "两个进程", "other"));
  ASSERT_EQ(created.status, 201) << created;
  EXPECT_EQ(on_first.Get("/api/v1/orgs/dep-shared").status, 200);
  ASSERT_EQ(on_first.Post("/api/v1/auth/logout", nlohmann::json::object()).status, 204);
  EXPECT_EQ(on_second.Get("/api/v1/me").status, 401) << "logout on one process ends the session on all";
  EXPECT_EQ(second.Stop(), 0);
  EXPECT_EQ(first.Stop(), 0);
}

class MetricsTest : public SharedServerTest {};

TEST_F(MetricsTest, HealthzAnswersOkJson) {
  auto r = Anonymous().Get("/healthz");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json(), (nlohmann::json{{"status", "ok"}}));
}

TEST_F(MetricsTest, MetricsCountRequestsByRouteAndStatusWithLatencyAndPool) {
  As("admin").Get("/api/v1/orgs/pku");
  Anonymous().Get("/api/v1/orgs/pku");  // 401
  auto r = As("admin").Get("/metrics");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.Header("content-type").rfind("text/plain", 0), 0u) << r.Header("content-type");
  const std::string& m = r.body;
  EXPECT_NE(m.find("# TYPE sciweek_http_requests_total counter"), std::string::npos) << m;
  EXPECT_NE(m.find("route=\"/api/v1/orgs/{code}\""), std::string::npos) << "routes, not raw paths: " << m;
  EXPECT_EQ(m.find("route=\"/api/v1/orgs/pku\""), std::string::npos) << "raw paths explode the label set";
  EXPECT_NE(m.find("status=\"401\""), std::string::npos) << m;
  EXPECT_NE(m.find("status=\"200\""), std::string::npos) << m;
  EXPECT_NE(m.find("_bucket{le=\"+Inf\"}"), std::string::npos) << m;
  EXPECT_NE(m.find("sciweek_db_pool_connections"), std::string::npos) << m;
}

TEST_F(MetricsTest, HealthzSaysOnlyOkEvenToAnAdmin) {
  auto r = As("admin").Get("/healthz");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json(), (nlohmann::json{{"status", "ok"}})) << "no version, database or counts";
  EXPECT_EQ(r.Header("server"), "sciweek") << "no version in the Server header";
}

TEST_F(MetricsTest, MetricsAreNotPublicOnlyAdminsRead) {
  for (auto* who : {"", "reviewer", "110101", "checkin"}) {
    HttpClient c = *who ? As(who) : Anonymous();
    auto r = c.Get("/metrics");
    EXPECT_TRUE(IsError(r, 401, "unauthenticated")) << (*who ? who : "anonymous");
    EXPECT_EQ(r.body.find("sciweek_http_requests_total"), std::string::npos);
    EXPECT_EQ(r.Header("www-authenticate").rfind("Bearer", 0), 0u) << r.Header("www-authenticate");
  }
  HttpClient anon = Anonymous();
  EXPECT_TRUE(IsError(anon.Send("GET", "/metrics", "", "", {{"Authorization", "Bearer "}}), 401, "unauthenticated"))
      << "no token configured: no bearer is accepted, not even an empty one";
  EXPECT_EQ(As("admin").Get("/metrics").status, 200);
}

TEST(MetricsTokenTest, PrometheusReadsWithTheConfiguredBearerToken) {
  const std::string token = "prom-" + std::string(40, 'k');
  TestServer s(ServerOptions{{}, {{"SCIWEEK_METRICS_TOKEN", token}}});
  auto with = [&](const std::string& authorization) {
    return s.Client().Send("GET", "/metrics", "", "", {{"Authorization", authorization}});
  };
  auto ok = with("Bearer " + token);
  ASSERT_EQ(ok.status, 200) << ok;
  EXPECT_NE(ok.body.find("sciweek_http_requests_total"), std::string::npos);
  EXPECT_EQ(with("bearer " + token).status, 200) << "the scheme is case-insensitive";
  for (const std::string& bad : std::vector<std::string>{"Bearer " + token.substr(0, token.size() - 1),
                                                         "Bearer " + token + "x", "Basic " + token, token, "Bearer"})
    EXPECT_TRUE(IsError(with(bad), 401, "unauthenticated")) << bad;
  EXPECT_TRUE(IsError(s.Client().Get("/metrics"), 401, "unauthenticated"));
  EXPECT_EQ(s.Stop(), 0) << s.LogTail();
}

TEST(MetricsTokenTest, AShortTokenIsRefusedAtStart) {
  auto r = RunSciweek({"serve", "--listen", "127.0.0.1:0", "--metrics-token", "short"}, "", {}, 10);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("metrics-token"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace sciweek::test
