#include <gtest/gtest.h>

#include "domain/campaign.hpp"
#include "domain/login_throttle.hpp"
#include "domain/user.hpp"

namespace sciweek::domain {

TEST(Password, StrengthRules) {
  EXPECT_TRUE(PasswordWeakness("short1A!", "x"));
  EXPECT_TRUE(PasswordWeakness("alllowercaseletters", "x"));
  EXPECT_TRUE(PasswordWeakness("Admin-2023-xyz", "admin"));
  EXPECT_FALSE(PasswordWeakness("Kejizhou@2023", "110108"));
}

TEST(Throttle, FreeFailuresThenDoublingDelaysCappedNeverALock) {
  const core::UnixTime now = 1'000'000;
  ThrottleState s;
  for (int i = 1; i <= 4; ++i) {
    auto d = Reserve(kPairThrottle, s, now);
    ASSERT_EQ(d.retry_after, 0) << "failure " << i;
    EXPECT_EQ(d.next.blocked_until, 0) << "failure " << i;
    s = d.next;
  }
  auto fifth = Reserve(kPairThrottle, s, now);
  ASSERT_EQ(fifth.retry_after, 0);
  EXPECT_EQ(fifth.next.blocked_until, now + 1) << "after 5 failures: 1 s";
  EXPECT_EQ(Reserve(kPairThrottle, fifth.next, now).retry_after, 1) << "refused while waiting";
  auto sixth = Reserve(kPairThrottle, fifth.next, now + 1);
  ASSERT_EQ(sixth.retry_after, 0);
  EXPECT_EQ(sixth.next.blocked_until, now + 1 + 2) << "then 2 s";
  EXPECT_EQ(DelayAfter(kPairThrottle, 7), 4);
  EXPECT_EQ(DelayAfter(kPairThrottle, 40), 15 * 60) << "capped";
  EXPECT_EQ(DelayAfter(kPairThrottle, 1'000'000), 15 * 60) << "no overflow";
  EXPECT_EQ(DelayAfter(kAddressThrottle, 50), 1);
  EXPECT_EQ(DelayAfter(kAddressThrottle, 49), 0);
}

TEST(Throttle, AKeyUnusedForAnHourStartsOver) {
  const core::UnixTime now = 1'000'000;
  ThrottleState hammered{30, now - 3600 + 900, now - 3600};
  auto d = Reserve(kPairThrottle, hammered, now);
  ASSERT_EQ(d.retry_after, 0);
  EXPECT_EQ(d.next.failures, 1);
  EXPECT_EQ(d.next.blocked_until, 0);
}

TEST(Campaign, ValidatesTheNoticeAndRefusesNonsense) {
  Campaign c{2023,
             29,
             "2023年北京科技周",
             "热爱科学 崇尚科学",
             "2023-05-20",
             "2023-05-31",
             *core::ParseDateTime("2023-06-12T18:00:00+08:00"),
             CampaignStatus::kDraft,
             {{"李杨", "88827919"}},
             "",
             ""};
  EXPECT_TRUE(ValidateCampaign(c).empty());
  c.end_date = "2023-05-19";
  c.report_deadline = *core::ParseDateTime("2023-05-01T00:00:00+08:00");
  auto p = ValidateCampaign(c);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].field, "end_date");
  EXPECT_EQ(p[1].field, "report_deadline");
}

TEST(Campaign, StatusMoves) {
  EXPECT_TRUE(CanMoveCampaign(CampaignStatus::kDraft, CampaignStatus::kOpen));
  EXPECT_TRUE(CanMoveCampaign(CampaignStatus::kClosed, CampaignStatus::kOpen));
  EXPECT_FALSE(CanMoveCampaign(CampaignStatus::kDraft, CampaignStatus::kArchived));
  EXPECT_FALSE(CanMoveCampaign(CampaignStatus::kArchived, CampaignStatus::kOpen));
}

}  // namespace sciweek::domain
