// The visitor-message outbox's rules on a real database: one row per idempotency key, a row
// claimed by one worker at a time, a lapsed claim taken over, an outcome recorded only while
// the claim holds, and delays that are not attempts.
#include "store/message_store.hpp"

#include <gtest/gtest.h>

#include "store/testing/store_fixture.hpp"

namespace sciweek::store {
namespace {

using domain::MessageStatus;

class MessageStoreTest : public testing::StoreTest {
 protected:
  void Seed(Tx& tx) override { AddActivityWithSession(tx); }
  bool Enqueue(const std::string& key, long long now = 100) {
    MessageRow m;
    m.idempotency_key = key;
    m.session_id = 1;
    m.recipient = "13912345678";
    m.template_id = "SMS_1";
    m.params = "{}";
    m.next_attempt_at = m.created_at = now;
    return *db_->Write<bool>([&](Tx& tx) -> core::Result<bool> { return MessageStore::Enqueue(tx, m); });
  }
  std::optional<MessageRow> Claim(long long id, long long now, long long until) {
    return *db_->Write<std::optional<MessageRow>>(
        [&](Tx& tx) -> core::Result<std::optional<MessageRow>> { return MessageStore::Claim(tx, id, now, until); });
  }
  bool Finish(const MessageRow& m, const MessageOutcome& o) {
    return *db_->Write<bool>(
        [&](Tx& tx) -> core::Result<bool> { return MessageStore::Finish(tx, m.id, m.claimed_until, m.attempts, o); });
  }
  std::vector<long long> Due(long long now) {
    return *db_->Read<std::vector<long long>>(
        [&](Tx& tx) -> core::Result<std::vector<long long>> { return MessageStore::Due(tx, now, 10); });
  }
  MessageRow Row() {
    return db_
        ->Read<std::vector<MessageRow>>(
            [&](Tx& tx) -> core::Result<std::vector<MessageRow>> { return MessageStore::ForSession(tx, 1, 10, 0); })
        ->at(0);
  }
};

TEST_F(MessageStoreTest, TheSameKeyIsOneRow) {
  EXPECT_TRUE(Enqueue("confirmed:1"));
  EXPECT_FALSE(Enqueue("confirmed:1")) << "enqueued again: nothing added";
  EXPECT_TRUE(Enqueue("confirmed:1:email"));
  EXPECT_EQ(
      *db_->Read<long long>([](Tx& tx) -> core::Result<long long> { return MessageStore::CountForSession(tx, 1); }), 2);
}

TEST_F(MessageStoreTest, OneWorkerAtATimeUntilTheClaimLapses) {
  ASSERT_TRUE(Enqueue("confirmed:1"));
  EXPECT_TRUE(Due(99).empty()) << "not due yet";
  ASSERT_EQ(Due(100).size(), 1u);
  const long long id = Due(100)[0];
  auto first = Claim(id, 100, 130);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, MessageStatus::kSending);
  EXPECT_FALSE(Claim(id, 101, 131)) << "claimed: another worker gets nothing";
  EXPECT_TRUE(Due(129).empty());
  // The first worker died: once its claim lapses the row is due again and taken over.
  EXPECT_EQ(Due(130).size(), 1u);
  auto second = Claim(id, 130, 160);
  ASSERT_TRUE(second);
  MessageOutcome sent{MessageOutcome::kSent, 131, 0, "", "biz-1"};
  EXPECT_FALSE(Finish(*first, sent)) << "the lapsed claim cannot record an outcome";
  EXPECT_EQ(second->attempts, 1) << "the dead worker's attempt counts";
  EXPECT_EQ(second->last_error, domain::kLostMidSend);
  EXPECT_TRUE(Finish(*second, sent));
  auto row = Row();
  EXPECT_EQ(row.status, MessageStatus::kSent);
  EXPECT_EQ(row.attempts, 2);
  EXPECT_EQ(row.sent_at, 131);
  EXPECT_EQ(row.provider_id, "biz-1");
  EXPECT_TRUE(Due(10000).empty()) << "sent is final";
}

TEST_F(MessageStoreTest, EveryClaimLostWithItsServerCountsAnAttempt) {
  ASSERT_TRUE(Enqueue("confirmed:1"));
  const long long id = Due(100)[0];
  long long now = 100;
  for (int lost = 0; lost < 3; ++lost) {
    auto c = Claim(id, now, now + 30);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->attempts, lost) << "each takeover counts the attempt before it";
    now += 30;  // its server died: the claim lapses unrecorded
  }
  EXPECT_EQ(Row().attempts, 2);
  auto c = Claim(id, now, now + 30);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->attempts, 3);
  EXPECT_TRUE(Finish(*c, MessageOutcome{MessageOutcome::kFailed, now + 1, 0, "gave up", ""}));
  EXPECT_EQ(Row().attempts, 4);
  EXPECT_EQ(Row().status, MessageStatus::kFailed);
}

TEST_F(MessageStoreTest, RetriesCountAttemptsAndDelaysDoNot) {
  ASSERT_TRUE(Enqueue("offered:2"));
  auto c = Claim(Due(100)[0], 100, 130);
  ASSERT_TRUE(c);
  ASSERT_TRUE(Finish(*c, {MessageOutcome::kRetry, 101, 160, "HTTP 503", ""}));
  EXPECT_EQ(Row().attempts, 1);
  EXPECT_EQ(Row().status, MessageStatus::kPending);
  EXPECT_TRUE(Due(159).empty());
  c = Claim(Due(160)[0], 160, 190);
  ASSERT_TRUE(c);
  ASSERT_TRUE(Finish(*c, {MessageOutcome::kDeferred, 161, 4000, "per-phone limit: delayed", ""}));
  EXPECT_EQ(Row().attempts, 1) << "a delay is not an attempt";
  EXPECT_EQ(Row().next_attempt_at, 4000);
  c = Claim(Due(4000)[0], 4000, 4030);
  ASSERT_TRUE(c);
  ASSERT_TRUE(Finish(*c, {MessageOutcome::kFailed, 4001, 0, "HTTP 400", ""}));
  EXPECT_EQ(Row().status, MessageStatus::kFailed);
  EXPECT_EQ(Row().attempts, 2);
  EXPECT_EQ(Row().last_error, "HTTP 400");
  EXPECT_TRUE(Due(100000).empty());
}

}  // namespace
}  // namespace sciweek::store
