#include "http/upload_slots.hpp"

#include <gtest/gtest.h>

namespace sciweek::http {
namespace {

TEST(UploadSlots, PerUserShareAndTotalAreBothHeldAndSlotsComeBackOnRelease) {
  UploadSlots slots(3, 2);
  auto a1 = slots.TryTake("a");
  auto a2 = slots.TryTake("a");
  ASSERT_TRUE(a1 && a2);
  EXPECT_FALSE(slots.TryTake("a")) << "a third upload for one user";
  auto b1 = slots.TryTake("b");
  ASSERT_TRUE(b1);
  EXPECT_TRUE(slots.Full());
  EXPECT_FALSE(slots.TryTake("c")) << "past the total";
  a1.reset();
  EXPECT_FALSE(slots.Full());
  EXPECT_TRUE(slots.TryTake("c"));  // taken and given back at once
  EXPECT_TRUE(slots.TryTake("a"));
}

}  // namespace
}  // namespace sciweek::http
