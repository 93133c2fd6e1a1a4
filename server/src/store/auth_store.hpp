#pragma once
// Login sessions (stored by the SHA-256 of the cookie token, so several server processes
// share them and a database leak does not leak live sessions) and throttle counters for
// password checks.
#include <optional>
#include <string>

#include "domain/login_throttle.hpp"
#include "store/db.hpp"

namespace sciweek::store {

struct AuthSessionRow {
  std::string token_hash;
  long long user_id = 0;
  std::string csrf_token;
  long long created_at = 0;
  long long last_seen_at = 0;
  long long expires_at = 0;
};

class AuthStore {
 public:
  static void InsertSession(Tx& tx, const AuthSessionRow& row);
  static std::optional<AuthSessionRow> FindSession(Tx& tx, const std::string& token_hash);
  static void TouchSession(Tx& tx, const std::string& token_hash, long long now);
  static void DeleteSession(Tx& tx, const std::string& token_hash);
  static void DeleteUserSessions(Tx& tx, long long user_id, const std::string& except_hash = "");
  // Removes expired sessions and throttle counters that have run out.
  static void Sweep(Tx& tx, long long now, long long idle_seconds);

  // Throttle counters (domain/login_throttle.hpp). Load creates the row when missing.
  static domain::ThrottleState LoadThrottle(Tx& tx, const domain::ThrottleKey& key);
  // Writes `next` only if the row still holds `expected` (compare-and-set): false when a
  // parallel attempt changed it first.
  [[nodiscard]] static bool SwapThrottle(Tx& tx, const domain::ThrottleKey& key, const domain::ThrottleState& expected,
                                         const domain::ThrottleState& next);
  static void ClearThrottle(Tx& tx, const domain::ThrottleKey& key);
  // Takes back one counted attempt (it succeeded) without touching a running delay.
  static void ForgiveOneFailure(Tx& tx, const domain::ThrottleKey& key);
  // Every (login, address) counter of one login: an administrator reset its password.
  static void ClearLoginThrottles(Tx& tx, const std::string& login);
};

}  // namespace sciweek::store
