#pragma once
// The brute-force rule for password checks (login and password change). Failures are
// counted per (subject, client address) — a unit's login code is public, so a count per
// login alone would let anyone lock a unit out from anywhere — and per client address
// across all subjects (one address spraying many logins). Past the free failures each
// further attempt waits twice as long as the last (1 s, 2 s, 4 s … up to 15 minutes); there
// is never a permanent lock. Why these keys and numbers: docs/decisions/0006.
//
// An attempt is counted before the password is checked (Argon2 is slow, and parallel
// requests must not all pass a check made before any of them failed): Reserve() turns the
// stored state into the state after one more failure; a success then undoes it.
#include <string>

#include "core/time.hpp"

namespace sciweek::domain {

struct ThrottlePolicy {
  int free_failures;            // failures allowed before any delay
  core::UnixTime max_delay;     // the delay doubles up to this
  core::UnixTime forget_after;  // a key unused this long starts over
};

// Per (login, address) and per (user, address) for the password change.
inline constexpr ThrottlePolicy kPairThrottle{5, 15 * 60, 3600};
// Per client address (an IPv6 /64), across all logins: offices share one address.
inline constexpr ThrottlePolicy kAddressThrottle{50, 15 * 60, 3600};

// One stored counter. `last_at` and `failures` together identify a version of the row,
// which is what the store compares to write a reservation atomically.
struct ThrottleState {
  int failures = 0;
  core::UnixTime blocked_until = 0;  // no attempt is evaluated before this
  core::UnixTime last_at = 0;        // the last counted attempt
};

struct ThrottleDecision {
  int retry_after = 0;  // > 0: refused, wait this many seconds (nothing is counted)
  ThrottleState next;   // when allowed: the state to store, this attempt counted as failed
};

// What a counter is kept for. `client` is always a ClientKey (domain/client_key.hpp).
struct ThrottleKey {
  std::string scope;    // "login", "password" or "address"
  std::string subject;  // the login as typed, the user id, or "" for the address
  std::string client;
};
inline ThrottleKey LoginKey(const std::string& login, const std::string& client) { return {"login", login, client}; }
inline ThrottleKey PasswordKey(long long user_id, const std::string& client) {
  return {"password", std::to_string(user_id), client};
}
inline ThrottleKey AddressKey(const std::string& client) { return {"address", "", client}; }

// Whether an attempt at `now` may be evaluated, and the state that reserves it.
ThrottleDecision Reserve(const ThrottlePolicy& policy, const ThrottleState& stored, core::UnixTime now);

// The delay after the n-th consecutive failure (0 while n is within the free failures).
core::UnixTime DelayAfter(const ThrottlePolicy& policy, int failures);

}  // namespace sciweek::domain
