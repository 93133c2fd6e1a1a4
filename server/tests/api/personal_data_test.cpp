// Personal data that expires (issue 11 §4): personal_data_days after a campaign's end its
// visitors' names, phones and e-mail addresses are replaced by tokens — by every server's
// upkeep and by `sciweek purge` — while every count and check-in stays; `--dry-run` only says
// what would go. (A visitor's own erasure is in verified_phones_test.cpp: it needs a code.)
#include <thread>

#include "support/activities.hpp"
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

using namespace std::chrono_literals;

const std::string k2023Sessions =
    "(SELECT s.id FROM sessions s JOIN activities a ON a.id = s.activity_id WHERE a.campaign_year = 2023)";

std::string Count(const TestDatabase& db, const std::string& where) {
  return RunSql(db, "SELECT COUNT(*) FROM reservations WHERE session_id IN " + k2023Sessions + " AND " + where);
}

// The reference demo's 2023 (ended 2023-05-31; 90 days: erased from 2023-08-29) holds 30
// reservations of 海淀区's open day, 25 checked in.
TEST(PersonalDataTest, PurgeSaysWhatWouldGoThenErasesItOnceKeepingEveryCount) {
  TestDatabase db;
  ASSERT_EQ(RunSciweek({"demo", "--reference-only", "--db", db.url(), "--data-dir", db.dir() + "/data"}, "",
                       {{"SCIWEEK_DEMO_PASSWORD", kDemoPassword}})
                .exit_code,
            0);
  ASSERT_EQ(Count(db, "erased_at IS NULL"), "30\n");

  auto dry = RunSciweek({"purge", "--dry-run", "--db", db.url()});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("2023 (erasure date 2023-08-29): 30 reservations would be erased"), std::string::npos)
      << dry.out;
  EXPECT_EQ(Count(db, "erased_at IS NULL"), "30\n") << "a dry run changes nothing";

  auto run = RunSciweek({"purge", "--db", db.url()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("30 reservations erased"), std::string::npos) << run.out;
  EXPECT_EQ(Count(db, "erased_at IS NULL"), "0\n");
  EXPECT_EQ(Count(db, "name = '（已删除）' AND phone LIKE 'erased:%' AND email = ''"), "30\n");
  EXPECT_EQ(Count(db, "phone LIKE '138%'"), "0\n") << "no phone left";
  EXPECT_EQ(Count(db, "status = 'checked_in'"), "25\n") << "statuses and check-ins stay";
  EXPECT_EQ(RunSql(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'personal_data.purged'"), "1\n");

  auto again = RunSciweek({"purge", "--db", db.url()});
  EXPECT_NE(again.out.find("0 reservations erased"), std::string::npos) << again.out;
  EXPECT_EQ(RunSql(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'personal_data.purged'"), "1\n")
      << "nothing erased, nothing audited";
}

// A running server does it by itself, and the unit's figures still suggest the check-ins.
TEST(PersonalDataTest, TheServerErasesExpiredDataByItselfAndTheStatisticsStay) {
  TestServer server;
  std::string left;
  for (int i = 0; i < 100 && (left = Count(server.db(), "erased_at IS NULL")) != "0\n"; ++i)
    std::this_thread::sleep_for(100ms);
  EXPECT_EQ(left, "0\n") << server.LogTail();
  HttpClient unit = server.LoginAs("110108");
  auto s = unit.Get("/api/v1/campaigns/2023/reports/110108/suggestions");
  ASSERT_EQ(s.status, 200) << s;
  EXPECT_NE(s.body.find("25"), std::string::npos) << "the 25 check-ins still count: " << s.body;
  // The attendee list now says only that someone came.
  auto admin = server.LoginAs("admin");
  auto audit = admin.Get("/api/v1/audit?action=personal_data.purged");
  ASSERT_EQ(audit.status, 200) << audit;
  ASSERT_EQ(audit.json()["total"], 1) << audit;
  EXPECT_EQ(audit.json()["items"][0]["entity_id"], "2023");
  EXPECT_EQ(audit.json()["items"][0]["after"]["reservations"], 30);
}

TEST(PersonalDataTest, TheCampaignSaysHowLongAndRefusesWhatCannotBe) {
  TestServer server;
  HttpClient admin = server.LoginAs("admin");
  auto c = admin.Get("/api/v1/campaigns/2023").json();
  EXPECT_EQ(c["personal_data_days"], 90);
  c.erase("year");
  for (int bad : {0, -5, 1099, 100000}) {
    c["personal_data_days"] = bad;
    auto r = admin.Put("/api/v1/campaigns/2023", c);
    EXPECT_EQ(r.status, 422) << bad << " " << r;
    EXPECT_EQ(r.json()["error"]["field"], "personal_data_days") << r;
  }
  c["personal_data_days"] = 30;
  auto ok = admin.Put("/api/v1/campaigns/2023", c);
  ASSERT_EQ(ok.status, 200) << ok;
  EXPECT_EQ(ok.json()["personal_data_days"], 30);
}

}  // namespace
}  // namespace sciweek::test
