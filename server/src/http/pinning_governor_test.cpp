// Decision 0037: the I/O threads are let go while SQLite's one writer is busy at least half of
// the time, and pinned again after a calm second.
#include "http/pinning_governor.hpp"

#include <gtest/gtest.h>

namespace sciweek::http {
namespace {

using std::chrono::milliseconds;

class PinningGovernorTest : public ::testing::Test {
 protected:
  // One beat of 500 ms in which the writer was busy `busy_ms`.
  bool Beat(int busy_ms) {
    busy_ += milliseconds(busy_ms);
    now_ += PinningGovernor::kBeat;
    return governor_.Next(busy_, now_);
  }
  PinningGovernor governor_;
  std::chrono::nanoseconds busy_{0};
  std::chrono::steady_clock::time_point now_{std::chrono::seconds(1000)};
};

TEST_F(PinningGovernorTest, PinnedUntilTheWriterIsBusyHalfTheTime) {
  EXPECT_TRUE(Beat(0)) << "the first beat only sets the baseline";
  EXPECT_TRUE(Beat(200));
  EXPECT_TRUE(Beat(249));
  EXPECT_FALSE(Beat(250));
  EXPECT_FALSE(governor_.pinned());
}

TEST_F(PinningGovernorTest, PinnedAgainOnlyAfterTwoCalmBeatsInARow) {
  Beat(0);
  ASSERT_FALSE(Beat(400));
  EXPECT_FALSE(Beat(50)) << "one calm beat";
  EXPECT_FALSE(Beat(150)) << "between the thresholds: the count of calm beats starts again";
  EXPECT_FALSE(Beat(99));
  EXPECT_TRUE(Beat(0));
  EXPECT_TRUE(Beat(240)) << "below the release threshold it stays pinned";
}

TEST_F(PinningGovernorTest, ABusyFirstBeatDecidesNothing) {
  EXPECT_TRUE(governor_.Next(std::chrono::seconds(30), now_)) << "time busy before the first beat counts for no beat";
  now_ += PinningGovernor::kBeat;
  EXPECT_TRUE(governor_.Next(std::chrono::seconds(30), now_));
}

}  // namespace
}  // namespace sciweek::http
