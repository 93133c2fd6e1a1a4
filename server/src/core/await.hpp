#pragma once
// The one way a waiting call is written over an asynchronous one: hand `start` a callback
// that delivers the value (exactly once, on any thread), then wait for it on this thread.
#include <future>
#include <utility>

namespace sciweek::core {

template <typename T, typename Start>
T Await(Start&& start) {
  std::promise<T> promise;
  auto value = promise.get_future();
  std::forward<Start>(start)([&promise](T v) { promise.set_value(std::move(v)); });
  return value.get();
}

}  // namespace sciweek::core
