// Issue 13: each reservation checks its phone (per day, per session, popular sessions) and
// whether its session has a waiting line. PostgreSQL plans those kept statements once per
// connection, and a connection opened while the reservations table is empty plans them
// without statistics: the one-per-phone index then served every check, and counting the
// waiting line read every reservation of the session, so each reservation of a hot session
// cost more than the one before (bench/RESULTS.md). Migration 0018 gives each check an index
// that only fits it. PostgreSQL counts the index entries its scans read; the test holds the
// checks to a handful per reservation however full the session. The counts are complete
// once the server's connections have ended: a live backend may hold them back for seconds.
// SQLite plans per statement from its own heuristics and keeps no such count, so the test is
// PostgreSQL's.
#include "support/activities.hpp"
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

long long ReservationIndexReads(const TestDatabase& db) {
  return std::stoll(
      RunSql(db, "SELECT COALESCE(SUM(idx_tup_read), 0) FROM pg_stat_user_indexes WHERE relname = 'reservations'"));
}

TEST(ReservationChecksTest, EachReservationReadsAHandfulOfIndexEntriesHoweverFullItsSession) {
  if (SelectedBackend() != Backend::kPostgres) GTEST_SKIP() << "PostgreSQL only: SQLite keeps no count of rows read";
  TestServer server(ServerOptions{{"--reserve-rate-per-ip", "0", "--reserve-rate-per-phone", "0"}});
  HttpClient admin = server.LoginAs("admin");
  const int year = CreateFutureCampaign(admin);
  ASSERT_NE(year, 0);
  constexpr int kReservations = 300;
  auto a = Publish(server.LoginAs("110108"), server.LoginAs("reviewer"), year,
                   ActivityBody(year, "热门场次", kReservations));
  ASSERT_FALSE(a.is_null());
  const long long s = a["sessions"][0]["id"];
  // Connections opened now plan the checks while the table is empty, as on a first opening day.
  EndServerConnections(server.db());
  const long long before = ReservationIndexReads(server.db());

  HttpClient v = server.Client();
  for (int i = 0; i < kReservations; ++i) {
    auto r = Reserve(v, s, TestPhone(9000 + i));
    ASSERT_EQ(r.status, 201) << "reservation " << i << ": " << r;
  }
  EndServerConnections(server.db());
  const long long per_reservation = (ReservationIndexReads(server.db()) - before) / kReservations;
  // A reservation's own checks find at most the row it is checked against; the bound leaves
  // room for the server's other readers (the line's sweep, reminders). A check that read the
  // session's reservations would average kReservations / 2.
  EXPECT_LT(per_reservation, 20) << "index entries read per reservation, over " << kReservations
                                 << " reservations of one session";
}

}  // namespace
}  // namespace sciweek::test
