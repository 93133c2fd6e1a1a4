#include "core/time.hpp"

#include <gtest/gtest.h>

namespace sciweek::core {

TEST(Time, FormatsInShanghaiWhateverTheMachineZone) {
  // 2023-06-12 10:00 UTC is 18:00 in Beijing.
  EXPECT_EQ(FormatShanghai(1686564000), "2023-06-12T18:00:00+08:00");
  EXPECT_EQ(ShanghaiDate(1686564000 + 6 * 3600), "2023-06-13");  // past midnight in Beijing
}

TEST(Time, FormatsForPeopleAndForMail) {
  EXPECT_EQ(FormatShanghaiChinese(1686564000), "2023年6月12日 18:00");
  EXPECT_EQ(FormatRfc5322(1686564000), "Mon, 12 Jun 2023 18:00:00 +0800");
  EXPECT_EQ(FormatRfc5322(0), "Thu, 01 Jan 1970 08:00:00 +0800");
  EXPECT_EQ(FormatRfc5322(1686564000 + 6 * 3600), "Tue, 13 Jun 2023 00:00:00 +0800");
}

TEST(Time, ParsesOffsetsAndDefaultsToShanghai) {
  EXPECT_EQ(ParseDateTime("2023-06-12T18:00:00+08:00"), 1686564000);
  EXPECT_EQ(ParseDateTime("2023-06-12T10:00:00Z"), 1686564000);
  EXPECT_EQ(ParseDateTime("2023-06-12 18:00"), 1686564000);
  EXPECT_EQ(ParseDateTime("2023-06-12T18:00:00.250+08:00"), 1686564000);
}

TEST(Time, RefusesImpossibleDatesAndGarbage) {
  EXPECT_FALSE(ParseDateTime("2023-02-29T10:00:00+08:00"));
  EXPECT_FALSE(ParseDateTime("2023-06-12T24:00:00+08:00"));
  EXPECT_FALSE(ParseDateTime("2023-06-12"));
  EXPECT_FALSE(ParseDateTime("2023-06-12T18:00:00+08:00x"));
  EXPECT_FALSE(ParseDate("2023-13-01"));
  EXPECT_TRUE(ParseDate("2024-02-29"));
  EXPECT_FALSE(ParseDate("2023-5-20"));
}

TEST(Time, DaysFromCivilRoundTrips) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(*ParseDate("2023-05-20"), DaysFromCivil(2023, 5, 20));
  EXPECT_EQ(FormatShanghai(DaysFromCivil(2023, 5, 31) * 86400 - kShanghaiOffsetSeconds), "2023-05-31T00:00:00+08:00");
}

}  // namespace sciweek::core

namespace sciweek::core {

TEST(Time, ShanghaiDaysStartAtBeijingMidnight) {
  const auto day = *ParseDate("2023-05-20");
  EXPECT_EQ(ShanghaiDayStart(day), *ParseDateTime("2023-05-20T00:00:00+08:00"));
  EXPECT_EQ(ShanghaiDay(ShanghaiDayStart(day)), day);
  EXPECT_EQ(ShanghaiDay(ShanghaiDayStart(day) - 1), day - 1);  // 23:59:59 the evening before
  EXPECT_EQ(ShanghaiSecondOfDay(*ParseDateTime("2023-06-12T18:00:30+08:00")), 18 * 3600 + 30);
  // Before 1970 the division must still round down, not toward zero.
  EXPECT_EQ(ShanghaiDay(ShanghaiDayStart(-3) + 5), -3);
  EXPECT_EQ(ShanghaiSecondOfDay(ShanghaiDayStart(-3) + 5), 5);
}

}  // namespace sciweek::core
