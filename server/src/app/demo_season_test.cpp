// The demo season's week: three days after the Shanghai day the demo runs, seven days,
// never across the new year.
#include "app/demo_season.hpp"

#include <gtest/gtest.h>

namespace sciweek::app {
namespace {

core::UnixTime At(const char* text) { return *core::ParseDateTime(text); }

TEST(SeasonWeekFor, StartsThreeShanghaiDaysLater) {
  auto w = SeasonWeekFor(At("2026-12-02T10:00:00+08:00"));
  EXPECT_EQ(w.year, 2026);
  EXPECT_EQ(w.start_date, "2026-12-05");
  EXPECT_EQ(w.end_date, "2026-12-11");
  // 16:30 UTC on 2 December is already the 3rd in Beijing.
  w = SeasonWeekFor(At("2026-12-02T16:30:00Z"));
  EXPECT_EQ(w.start_date, "2026-12-06");
}

TEST(SeasonWeekFor, AWeekThatWouldCrossTheNewYearMovesToJanuary) {
  auto w = SeasonWeekFor(At("2026-12-23T09:00:00+08:00"));  // would end 1 January
  EXPECT_EQ(w.year, 2027);
  EXPECT_EQ(w.start_date, "2027-01-01");
  EXPECT_EQ(w.end_date, "2027-01-07");
  w = SeasonWeekFor(At("2026-12-22T09:00:00+08:00"));  // ends 31 December: stays
  EXPECT_EQ(w.year, 2026);
  EXPECT_EQ(w.end_date, "2026-12-31");
  w = SeasonWeekFor(At("2026-12-31T20:00:00+08:00"));  // the eve: a few days still
  EXPECT_EQ(w.start_date, "2027-01-03");
}

TEST(SeasonDayStart, IsShanghaiMidnight) { EXPECT_EQ(SeasonDayStart("2026-12-06"), At("2026-12-06T00:00:00+08:00")); }

}  // namespace
}  // namespace sciweek::app
