#include "domain/login_throttle.hpp"

#include <algorithm>

namespace sciweek::domain {

int RetryAfterSeconds(const FailureWindow& by_login, const FailureWindow& by_ip, core::UnixTime now) {
  core::UnixTime wait = 0;
  auto consider = [&](const FailureWindow& w, int limit) {
    if (w.count >= limit) wait = std::max(wait, w.oldest + kThrottleWindowSeconds - now);
  };
  consider(by_login, kMaxFailuresPerLogin);
  consider(by_ip, kMaxFailuresPerIp);
  return static_cast<int>(std::max<core::UnixTime>(wait, wait > 0 ? 1 : 0));
}

}  // namespace sciweek::domain
