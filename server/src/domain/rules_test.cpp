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

TEST(Throttle, FiveFailuresPerLoginLockForTheRestOfTheWindow) {
  const core::UnixTime now = 1'000'000;
  EXPECT_EQ(RetryAfterSeconds({4, now - 100}, {4, now - 100}, now), 0);
  EXPECT_EQ(RetryAfterSeconds({5, now - 100}, {5, now - 100}, now), 15 * 60 - 100);
  EXPECT_EQ(RetryAfterSeconds({1, now}, {50, now - 60}, now), 15 * 60 - 60);
}

TEST(Campaign, ValidatesTheNoticeAndRefusesNonsense) {
  Campaign c{2023, 29, "2023年北京科技周", "热爱科学 崇尚科学", "2023-05-20", "2023-05-31",
             *core::ParseDateTime("2023-06-12T18:00:00+08:00"), CampaignStatus::kDraft, {{"李杨", "88827919"}}, "", ""};
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
