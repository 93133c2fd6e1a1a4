#pragma once
// The brute-force rule for logins: after 5 failures for one login, or 50 from one IP
// address (offices share an address), within 15 minutes, further attempts are refused
// until the oldest failure in the window ages out.
#include "core/time.hpp"

namespace sciweek::domain {

inline constexpr int kMaxFailuresPerLogin = 5;
inline constexpr int kMaxFailuresPerIp = 50;
inline constexpr core::UnixTime kThrottleWindowSeconds = 15 * 60;

struct FailureWindow {
  int count = 0;
  core::UnixTime oldest = 0;  // the oldest failure inside the window
};

// Seconds to wait before another attempt is allowed; 0 when allowed now.
int RetryAfterSeconds(const FailureWindow& by_login, const FailureWindow& by_ip, core::UnixTime now);

}  // namespace sciweek::domain
