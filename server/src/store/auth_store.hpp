#pragma once
// Login sessions (stored by the SHA-256 of the cookie token, so several server processes
// share them and a database leak does not leak live sessions) and failed-login records for
// throttling.
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
  // Removes expired sessions and failures older than the throttle window.
  static void Sweep(Tx& tx, long long now, long long idle_seconds);

  static void RecordFailure(Tx& tx, const std::string& login, const std::string& ip, long long now);
  static domain::FailureWindow FailuresForLogin(Tx& tx, const std::string& login, long long since);
  static domain::FailureWindow FailuresForIp(Tx& tx, const std::string& ip, long long since);
  static void ClearFailuresForLogin(Tx& tx, const std::string& login);
};

}  // namespace sciweek::store
