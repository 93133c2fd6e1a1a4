#pragma once
// The demo's people: a request context for a demo account at a given moment, so that the
// season is built by the same service calls (and checks) the API would run for them.
#include <deque>
#include <string>

#include "core/error.hpp"
#include "domain/user.hpp"
#include "service/support/context.hpp"
#include "store/db.hpp"

namespace sciweek::app {

class DemoActors {
 public:
  explicit DemoActors(store::Db& db) : db_(db) {}
  // The context of `login` (a demo account) acting at `at`.
  service::Ctx As(const std::string& login, core::UnixTime at);

 private:
  store::Db& db_;
  std::deque<domain::Principal> principals_;  // stable addresses: contexts point into it
};

// The error of a demo step, its message prefixed with what the demo was doing.
core::Error DemoStepFailed(const std::string& step, const core::Error& e);

}  // namespace sciweek::app
