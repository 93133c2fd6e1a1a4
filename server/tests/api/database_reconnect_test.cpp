// A PostgreSQL server that drops its connections (restarted, or a DBA's pg_terminate_backend)
// costs no request: each pooled connection is reopened at its next BEGIN, and the statements
// it kept prepared (store/statement_cache.hpp) are prepared again on the new one. SQLite has
// no connection to lose, so the test is PostgreSQL's.
#include "support/activities.hpp"
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

TEST(DatabaseReconnectTest, ReservationsGoOnAfterTheDatabaseDropsEveryConnection) {
  if (SelectedBackend() != Backend::kPostgres) GTEST_SKIP() << "PostgreSQL only: SQLite has no connection to lose";
  TestServer server(ServerOptions{{"--reserve-rate-per-ip", "0", "--reserve-rate-per-phone", "0"}});
  HttpClient admin = server.LoginAs("admin");
  const int year = CreateFutureCampaign(admin);
  ASSERT_NE(year, 0);
  auto a = Publish(server.LoginAs("110108"), server.LoginAs("reviewer"), year, ActivityBody(year, "断线重连", 100));
  ASSERT_FALSE(a.is_null());
  const long long s = a["sessions"][0]["id"];
  const std::string detail = "/api/v1/public/activities/" + std::to_string(a["id"].get<long long>());
  HttpClient v = server.Client();
  // Enough reservations that the kept statements are prepared and past PostgreSQL's five
  // custom plans, on whichever connections served them.
  int made = 0;
  for (int i = 0; i < 12; ++i) made += Reserve(v, s, TestPhone(7700 + i)).status == 201;
  ASSERT_EQ(made, 12);

  for (int round = 0; round < 2; ++round) {
    EndServerConnections(server.db());
    for (int i = 0; i < 6; ++i) {
      const std::string phone = TestPhone(7800 + round * 10 + i);
      auto r = Reserve(v, s, phone);
      ASSERT_EQ(r.status, 201) << "round " << round << ", reservation " << i << ": " << r << server.LogTail();
      ++made;
      auto t = GetTicket(v, r.json()["code"], phone);
      ASSERT_EQ(t.status, 200) << t;
      EXPECT_EQ(t.json()["status"], "confirmed");
    }
  }
  // What was answered 201 is stored once each, and every view counts the same places.
  EXPECT_EQ(RunSql(server.db(), "SELECT taken, (SELECT COUNT(*) FROM reservations WHERE session_id = " +
                                    std::to_string(s) + ") FROM sessions WHERE id = " + std::to_string(s)),
            std::to_string(made) + "|" + std::to_string(made) + "\n");
  auto page = v.Get(detail);
  ASSERT_EQ(page.status, 200) << page;
  EXPECT_EQ(page.json()["sessions"][0]["remaining"], 100 - made);
  EXPECT_EQ(
      RunSql(server.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'reservation.created' AND entity_id = '" +
                              std::to_string(s) + "'"),
      std::to_string(made) + "\n");
}

}  // namespace
}  // namespace sciweek::test
