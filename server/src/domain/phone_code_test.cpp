#include "domain/phone_code.hpp"

#include <gtest/gtest.h>

#include <set>

namespace sciweek::domain {
namespace {

TEST(PhoneCodeTest, CodesAreDigitsOfTheGivenLengthAndVary) {
  std::set<std::string> seen;
  std::set<char> first_digits;
  for (int i = 0; i < 400; ++i) {
    const auto c = NewCode(6);
    ASSERT_TRUE(IsCodeText(c, 6)) << c;
    seen.insert(c);
    first_digits.insert(c[0]);
  }
  EXPECT_GT(seen.size(), 390u);
  EXPECT_EQ(first_digits.size(), 10u) << "a leading zero is as likely as any digit";
  EXPECT_FALSE(IsCodeText("12345", 6));
  EXPECT_FALSE(IsCodeText("12345a", 6));
  EXPECT_FALSE(IsCodeText("１２３４５６", 6)) << "full-width digits are not ASCII";
  EXPECT_FALSE(IsCodeText("1234567", 6));
}

TEST(PhoneCodeTest, ANewCodeWaitsForTheResendIntervalAndEachLimit) {
  const CodePolicy p;
  const core::UnixTime now = 1'800'000'000;
  EXPECT_EQ(CodeRequestWait(p, {}, now), 0);
  EXPECT_EQ(CodeRequestWait(p, {now - 20, 1, 1, 1}, now), 40) << "60 s between two codes to a phone";
  EXPECT_EQ(CodeRequestWait(p, {now - 61, 4, 4, 29}, now), 0);
  EXPECT_EQ(CodeRequestWait(p, {now - 61, 5, 5, 0}, now), 3600) << "5 an hour to a phone";
  EXPECT_EQ(CodeRequestWait(p, {now - 4000, 0, 10, 0}, now), 86400) << "10 a day to a phone";
  EXPECT_EQ(CodeRequestWait(p, {std::nullopt, 0, 0, 30}, now), 3600) << "30 an hour from an address";
}

TEST(PhoneCodeTest, TheCampaignRuleSaysWhichSessionsNeedACode) {
  EXPECT_FALSE(NeedsPhoneCode(PhoneVerification::kOff, true));
  EXPECT_TRUE(NeedsPhoneCode(PhoneVerification::kHighDemand, true));
  EXPECT_FALSE(NeedsPhoneCode(PhoneVerification::kHighDemand, false));
  EXPECT_TRUE(NeedsPhoneCode(PhoneVerification::kAll, false));
  for (auto v : {PhoneVerification::kOff, PhoneVerification::kHighDemand, PhoneVerification::kAll})
    EXPECT_EQ(ParsePhoneVerification(PhoneVerificationName(v)), v);
  EXPECT_FALSE(ParsePhoneVerification("sometimes"));
  for (auto p : {CodePurpose::kReserve, CodePurpose::kManage, CodePurpose::kErase})
    EXPECT_EQ(ParseCodePurpose(CodePurposeName(p)), p);
  EXPECT_FALSE(ParseCodePurpose(""));
}

}  // namespace
}  // namespace sciweek::domain
