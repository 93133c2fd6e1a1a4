#include "domain/visitor_message.hpp"

#include <gtest/gtest.h>

namespace sciweek::domain {
namespace {

TEST(VisitorMessage, NamesRoundTrip) {
  for (auto k : kAllMessageKinds) {
    EXPECT_EQ(ParseMessageKind(MessageKindName(k)), k);
    EXPECT_FALSE(MessageKindLabel(k).empty());
  }
  for (auto s : kAllMessageStatuses) EXPECT_EQ(ParseMessageStatus(MessageStatusName(s)), s);
  EXPECT_EQ(ParseMessageKind("nope"), std::nullopt);
  EXPECT_EQ(MessageKindName(MessageKind::kOfferExpired), "offer_expired");
}

TEST(VisitorMessage, KeysAreStablePerEvent) {
  EXPECT_EQ(MessageKey(MessageKind::kConfirmed, 42), "confirmed:42");
  EXPECT_EQ(MessageKey(MessageKind::kStaffNotice, 42, "b7"), "staff_notice:42:b7");
  EXPECT_NE(MessageKey(MessageKind::kStaffNotice, 42, "b7"), MessageKey(MessageKind::kStaffNotice, 42, "b8"));
}

TEST(VisitorMessage, RecipientsAreShownMasked) {
  EXPECT_EQ(MaskRecipient(MessageChannel::kSms, "13912345678"), "139****5678");
  EXPECT_EQ(MaskRecipient(MessageChannel::kEmail, "visitor@example.com"), "***@example.com");
  EXPECT_EQ(MaskRecipient(MessageChannel::kEmail, "garbage"), "***");
}

TEST(VisitorMessage, RendersTheTemplateInChinese) {
  EXPECT_EQ(RenderMessage(MessageKind::kSessionCancelled,
                          {{"activity", "机器人展"}, {"time", "2027年5月20日 09:00"}, {"reason", "场馆检修"}}),
            "很抱歉，您预约的“机器人展”（2027年5月20日 09:00）已取消。原因：场馆检修");
  EXPECT_EQ(RenderMessage(MessageKind::kOfferExpired, {}), "您未在规定时间内确认“”（）的递补名额，名额已让给下一位。");
}

TEST(VisitorMessage, RetryDelayDoublesUpToAnHour) {
  EXPECT_EQ(RetryDelay(30, 1), 30);
  EXPECT_EQ(RetryDelay(30, 2), 60);
  EXPECT_EQ(RetryDelay(30, 4), 240);
  EXPECT_EQ(RetryDelay(30, 40), 3600);
  EXPECT_EQ(RetryDelay(1, 0), 1);
}

TEST(VisitorMessage, PhoneLimitDelaysUntilTheOldestLeavesTheWindow) {
  const core::UnixTime now = 1'000'000;
  EXPECT_EQ(PhoneLimitAllows({}, 2, now), now);
  EXPECT_EQ(PhoneLimitAllows({now - 100}, 2, now), now);
  EXPECT_EQ(PhoneLimitAllows({now - 100, now - 50}, 2, now), now - 100 + 3600);
  EXPECT_EQ(PhoneLimitAllows({now - 10, now - 100, now - 50}, 2, now), now - 50 + 3600);
  EXPECT_EQ(PhoneLimitAllows({now - 4000, now - 50}, 2, now), now) << "outside the hour";
  EXPECT_EQ(PhoneLimitAllows({now - 1, now - 2}, 0, now), now) << "0: no limit";
}

TEST(VisitorMessage, BroadcastTextIsOneShortParagraph) {
  EXPECT_TRUE(ValidateBroadcastText("因天气原因，入场改为北门").empty());
  EXPECT_EQ(ValidateBroadcastText("   ").at(0).code, "required");
  EXPECT_EQ(ValidateBroadcastText("第一行\n第二行").at(0).code, "invalid");
  EXPECT_EQ(ValidateBroadcastText(std::string(201 * 3, 'a')).at(0).code, "too_long");
  std::string zh;
  for (int i = 0; i < 200; ++i) zh += "科";
  EXPECT_TRUE(ValidateBroadcastText(zh).empty());
  EXPECT_EQ(ValidateBroadcastText(zh + "科").at(0).field, "text");
}

}  // namespace
}  // namespace sciweek::domain
