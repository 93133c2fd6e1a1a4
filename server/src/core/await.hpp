#pragma once
// The one way a waiting call is written over an asynchronous one: hand `start` a callback
// that delivers the value (exactly once, on any thread), then wait for it on this thread.
#include <functional>
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

// Runs work on another thread (a worker of the server's pool). Code on a thread that must
// never wait (an I/O thread) hands on through it whatever may block (decision 0036).
using HandOff = std::function<void(std::function<void()>)>;

}  // namespace sciweek::core
