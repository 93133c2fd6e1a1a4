#include "http/io_affinity.hpp"

#include <gtest/gtest.h>

namespace sciweek::http {
namespace {

TEST(IoAffinityTest, EachThreadGetsAnAllowedCpuOfItsOwnInOrder) {
  IoAffinity a(2, true, {3, 5, 6});
  ASSERT_TRUE(a.pinned());
  EXPECT_EQ(a.CpuOf(0), 3);
  EXPECT_EQ(a.CpuOf(1), 5);
  EXPECT_EQ(a.CpuOf(2), -1);
}

TEST(IoAffinityTest, AConnectionJoinsTheThreadOnTheCpuItsPacketsArriveOn) {
  IoAffinity a(2, true, {3, 5, 6});
  EXPECT_EQ(a.ThreadOn(3), 0u);
  EXPECT_EQ(a.ThreadOn(5), 1u);
  EXPECT_EQ(a.ThreadOn(6), std::nullopt) << "no I/O thread runs on CPU 6";
  EXPECT_EQ(a.ThreadOn(0), std::nullopt) << "not an allowed CPU";
  EXPECT_EQ(a.ThreadOn(-1), std::nullopt) << "the kernel did not say";
}

TEST(IoAffinityTest, AThreadTakesTheConnectionsOfItsCpuUpToItsShare) {
  using Why = IoAffinity::Why;
  IoAffinity a(2, true, {0, 1});
  auto join = [&](int cpu, const std::vector<size_t>& open, size_t in_turn) {
    const auto j = a.Join(cpu, open, in_turn);
    return std::pair{j.thread, j.why};
  };
  EXPECT_EQ(join(1, {0, 0}, 0), std::pair(size_t{1}, Why::kIncomingCpu));
  EXPECT_EQ(join(1, {0, 7}, 0), std::pair(size_t{1}, Why::kIncomingCpu)) << "under the least busy + 8";
  EXPECT_EQ(join(1, {0, 8}, 0), std::pair(size_t{0}, Why::kBalance)) << "8 above the least busy";
  EXPECT_EQ(join(0, {100, 80}, 1), std::pair(size_t{0}, Why::kIncomingCpu)) << "an eighth of 180 is 22";
  EXPECT_EQ(join(0, {103, 80}, 1), std::pair(size_t{1}, Why::kBalance));
  EXPECT_EQ(join(-1, {0, 50}, 1), std::pair(size_t{1}, Why::kTurn)) << "unknown CPU: in turn, as unpinned";
  EXPECT_EQ(join(7, {0, 0}, 1), std::pair(size_t{1}, Why::kTurn)) << "no I/O thread on CPU 7";
  // Every connection from one CPU (a card with one receive queue): the threads stay within the share.
  std::vector<size_t> open{0, 0};
  for (int i = 0; i < 64; ++i) ++open[a.Join(0, open, 0).thread];
  EXPECT_LE(open[0] - open[1], 8u) << open[0] << " / " << open[1];
  EXPECT_GE(open[0], open[1]);
}

TEST(IoAffinityTest, UnpinnedEveryConnectionIsDealtInTurn) {
  IoAffinity a(2, false, {0, 1});
  EXPECT_EQ(a.Join(0, {5, 0}, 0).thread, 0u);
  EXPECT_EQ(a.Join(0, {5, 0}, 0).why, IoAffinity::Why::kTurn);
}

TEST(IoAffinityTest, NothingIsPinnedForOneThreadMoreThreadsThanCpusOrWhenTurnedOff) {
  for (const auto& a : {IoAffinity(1, true, {0, 1}), IoAffinity(3, true, {0, 1}), IoAffinity(2, false, {0, 1}),
                        IoAffinity(2, true, {})}) {
    EXPECT_FALSE(a.pinned());
    EXPECT_EQ(a.CpuOf(0), -1);
    EXPECT_EQ(a.ThreadOn(0), std::nullopt);
    EXPECT_FALSE(a.PinCurrentThread(0));
  }
}

}  // namespace
}  // namespace sciweek::http
