#pragma once
// Counting password attempts under their throttle keys (domain/login_throttle.hpp) before
// the password is checked: the login and the password change share this.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/login_throttle.hpp"
#include "store/db.hpp"

namespace sciweek::service {

struct ThrottledKey {
  domain::ThrottleKey key;
  const domain::ThrottlePolicy& policy;
};

// Counts one attempt under every key, in one transaction, or under none: a rate_limited
// error (Retry-After set, `message_prefix` + "N秒后再试") when any key is still waiting.
// Each key is reserved by compare-and-set, so however many requests race, no more
// attempts are evaluated than the rule allows.
core::Status ReserveAttempt(store::Db& db, const std::vector<ThrottledKey>& keys, core::UnixTime now,
                            const std::string& message_prefix);

}  // namespace sciweek::service
