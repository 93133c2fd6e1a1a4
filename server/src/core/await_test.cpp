#include "core/await.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace sciweek::core {
namespace {

TEST(Await, ReturnsWhatIsDeliveredOnTheCallingThread) {
  const auto v = Await<std::string>([](auto deliver) { deliver("at once"); });
  EXPECT_EQ(v, "at once");
}

TEST(Await, WaitsForADeliveryFromAnotherThread) {
  std::thread worker;
  const int v = Await<int>([&worker](auto deliver) {
    worker = std::thread([deliver = std::move(deliver)]() mutable {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      deliver(42);
    });
  });
  worker.join();
  EXPECT_EQ(v, 42) << "start returned before the value existed; Await still waited for it";
}

}  // namespace
}  // namespace sciweek::core
