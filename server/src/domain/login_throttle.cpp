#include "domain/login_throttle.hpp"

#include <algorithm>

namespace sciweek::domain {

core::UnixTime DelayAfter(const ThrottlePolicy& policy, int failures) {
  const int over = failures - policy.free_failures;
  if (over < 0) return 0;
  // 1 s << over, without overflowing for a key that has been hammered for days.
  if (over >= 30) return policy.max_delay;
  return std::min<core::UnixTime>(core::UnixTime{1} << over, policy.max_delay);
}

ThrottleDecision Reserve(const ThrottlePolicy& policy, const ThrottleState& stored, core::UnixTime now) {
  ThrottleDecision d;
  if (stored.blocked_until > now) {
    d.retry_after = static_cast<int>(stored.blocked_until - now);
    d.next = stored;
    return d;
  }
  const bool forgotten = stored.last_at + policy.forget_after <= now;
  const int failures = (forgotten ? 0 : stored.failures) + 1;
  d.next.failures = failures;
  const core::UnixTime delay = DelayAfter(policy, failures);
  d.next.blocked_until = delay > 0 ? now + delay : 0;
  d.next.last_at = now;
  return d;
}

}  // namespace sciweek::domain
