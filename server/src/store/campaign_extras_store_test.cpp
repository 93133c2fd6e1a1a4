// The reminder-mail outbox's rules on a real database: a mail claimed by one sender at a time,
// a lapsed claim taken over counting the attempt its sender died in (so a mail whose senders
// keep dying reaches the attempt limit instead of going out again without end), an outcome
// recorded only while the claim holds, and an interrupted send that is not an attempt.
#include "store/campaign_extras_store.hpp"

#include <gtest/gtest.h>

#include "domain/visitor_message.hpp"
#include "store/testing/store_fixture.hpp"

namespace sciweek::store {
namespace {

class ReminderOutboxTest : public testing::StoreTest {
 protected:
  // One pending reminder mail to unit 'd', due at 100.
  void Seed(Tx& tx) override {
    ReminderRow r;
    r.year = 2031;
    r.org_code = "d";
    r.message = "请尽快填报";
    r.sent_at = 100;
    r.sent_by = "admin";
    r.email_to = "d@example.org.cn";
    r.email_status = "pending";
    r.email_next_at = 100;
    CampaignExtrasStore::AddReminder(tx, r);
  }
  std::optional<ReminderRow> Claim(long long now, long long until) {
    return *db_->Write<std::optional<ReminderRow>>([&](Tx& tx) -> core::Result<std::optional<ReminderRow>> {
      return CampaignExtrasStore::ClaimMail(tx, Row().id, now, until);
    });
  }
  bool Finish(const ReminderRow& claimed, const MailOutcome& o) {
    return *db_->Write<bool>([&](Tx& tx) -> core::Result<bool> {
      return CampaignExtrasStore::FinishMail(tx, claimed.id, claimed.email_attempts, o);
    });
  }
  std::vector<long long> Due(long long now) {
    return *db_->Read<std::vector<long long>>(
        [&](Tx& tx) -> core::Result<std::vector<long long>> { return CampaignExtrasStore::DueMails(tx, now, 10); });
  }
  ReminderRow Row() {
    return db_
        ->Read<std::vector<ReminderRow>>([&](Tx& tx) -> core::Result<std::vector<ReminderRow>> {
          return CampaignExtrasStore::Reminders(tx, 2031, "d", 1);
        })
        ->at(0);
  }
};

TEST_F(ReminderOutboxTest, OneSenderAtATimeUntilTheClaimLapses) {
  EXPECT_TRUE(Due(99).empty()) << "not due yet";
  ASSERT_EQ(Due(100).size(), 1u);
  auto first = Claim(100, 130);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->email_status, "sending");
  EXPECT_EQ(first->email_attempts, 0);
  EXPECT_FALSE(Claim(101, 131)) << "claimed: another sender gets nothing";
  EXPECT_TRUE(Due(129).empty());
  // The first sender died mid-send: once its claim lapses the mail is due again and taken over.
  EXPECT_EQ(Due(130).size(), 1u);
  auto second = Claim(130, 160);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->email_attempts, 1) << "the dead sender's attempt counts";
  EXPECT_EQ(second->email_error, domain::kLostMidSend);
  EXPECT_FALSE(Finish(*first, {MailOutcome::kSent, "", 131, 0})) << "the lapsed claim cannot record an outcome";
  EXPECT_TRUE(Finish(*second, {MailOutcome::kSent, "", 131, 0}));
  auto row = Row();
  EXPECT_EQ(row.email_status, "sent");
  EXPECT_EQ(row.email_attempts, 2);
  EXPECT_EQ(row.email_sent_at, 131);
  EXPECT_TRUE(row.email_error.empty());
  EXPECT_TRUE(Due(10000).empty()) << "sent is final";
}

TEST_F(ReminderOutboxTest, EveryClaimLostWithItsServerCountsAnAttempt) {
  long long now = 100;
  for (int lost = 0; lost < 3; ++lost) {
    auto c = Claim(now, now + 30);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->email_attempts, lost) << "each takeover counts the attempt before it";
    now += 30;  // its server died: the claim lapses unrecorded
  }
  auto c = Claim(now, now + 30);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->email_attempts, 3) << "the sender sees the attempts spent and can give up without sending";
  // It gives up without sending: failed, and no attempt is added to the three made.
  EXPECT_TRUE(Finish(*c, {MailOutcome::kExhausted, c->email_error, now + 1, 0}));
  EXPECT_EQ(Row().email_status, "failed");
  EXPECT_EQ(Row().email_attempts, 3);
  EXPECT_EQ(Row().email_error, domain::kLostMidSend);
  EXPECT_TRUE(Due(100000).empty());
}

TEST_F(ReminderOutboxTest, ARetryCountsAndAnInterruptedSendDoesNot) {
  auto c = Claim(100, 130);
  ASSERT_TRUE(c);
  ASSERT_TRUE(Finish(*c, {MailOutcome::kRetry, "451 try later", 101, 160}));
  EXPECT_EQ(Row().email_status, "pending");
  EXPECT_EQ(Row().email_attempts, 1);
  EXPECT_EQ(Row().email_error, "451 try later");
  EXPECT_TRUE(Due(159).empty());
  c = Claim(160, 190);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->email_attempts, 1) << "a retry scheduled by its sender is not a lost attempt";
  // The server is shutting down: the send was cut short and is given back, not counted.
  ASSERT_TRUE(Finish(*c, {MailOutcome::kReleased, c->email_error, 161, 0}));
  EXPECT_EQ(Row().email_status, "pending");
  EXPECT_EQ(Row().email_attempts, 1);
  EXPECT_EQ(Due(161).size(), 1u) << "due again at once";
  c = Claim(161, 191);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->email_attempts, 1);
}

}  // namespace
}  // namespace sciweek::store
