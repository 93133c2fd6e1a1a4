#include "store/auth_store.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "store/row_util.hpp"

namespace sciweek::store {

void AuthStore::InsertSession(Tx& tx, const AuthSessionRow& r) {
  tx.sql() << "INSERT INTO auth_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, "
              "expires_at) VALUES (:h, :u, :c, :ca, :ls, :ea)",
      soci::use(r.token_hash), soci::use(r.user_id), soci::use(r.csrf_token), soci::use(r.created_at),
      soci::use(r.last_seen_at), soci::use(r.expires_at);
}

std::optional<AuthSessionRow> AuthStore::FindSession(Tx& tx, const std::string& token_hash) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at "
                           "FROM auth_sessions WHERE token_hash = :h",
       soci::use(token_hash));
  std::optional<AuthSessionRow> out;
  for (const auto& r : rs)
    out = AuthSessionRow{GetText(r, 0), GetInt(r, 1), GetText(r, 2), GetInt(r, 3), GetInt(r, 4), GetInt(r, 5)};
  return out;
}

void AuthStore::TouchSession(Tx& tx, const std::string& token_hash, long long now) {
  tx.sql() << "UPDATE auth_sessions SET last_seen_at = :t WHERE token_hash = :h", soci::use(now), soci::use(token_hash);
}

void AuthStore::DeleteSession(Tx& tx, const std::string& token_hash) {
  tx.sql() << "DELETE FROM auth_sessions WHERE token_hash = :h", soci::use(token_hash);
}

void AuthStore::DeleteUserSessions(Tx& tx, long long user_id, const std::string& except_hash) {
  tx.sql() << "DELETE FROM auth_sessions WHERE user_id = :u AND token_hash <> :h", soci::use(user_id),
      soci::use(except_hash);
}

void AuthStore::Sweep(Tx& tx, long long now, long long idle_seconds) {
  const long long idle_cutoff = now - idle_seconds;
  tx.sql() << "DELETE FROM auth_sessions WHERE expires_at <= :n OR last_seen_at <= :c", soci::use(now),
      soci::use(idle_cutoff);
  // A counter is dropped once forgotten (no attempt for forget_after) and not blocking.
  const long long forgotten = now - std::max(domain::kPairThrottle.forget_after, domain::kAddressThrottle.forget_after);
  tx.sql() << "DELETE FROM login_throttle WHERE last_at <= :f AND blocked_until <= :n", soci::use(forgotten),
      soci::use(now);
}

domain::ThrottleState AuthStore::LoadThrottle(Tx& tx, const domain::ThrottleKey& key) {
  tx.sql() << "INSERT INTO login_throttle (scope, subject, client, failures, blocked_until, last_at) "
              "VALUES (:s, :u, :c, 0, 0, 0) ON CONFLICT (scope, subject, client) DO NOTHING",
      soci::use(key.scope), soci::use(key.subject), soci::use(key.client);
  long long failures = 0, blocked_until = 0, last_at = 0;
  tx.sql() << "SELECT failures, blocked_until, last_at FROM login_throttle "
              "WHERE scope = :s AND subject = :u AND client = :c",
      soci::use(key.scope), soci::use(key.subject), soci::use(key.client), soci::into(failures),
      soci::into(blocked_until), soci::into(last_at);
  return {static_cast<int>(failures), blocked_until, last_at};
}

bool AuthStore::SwapThrottle(Tx& tx, const domain::ThrottleKey& key, const domain::ThrottleState& expected,
                             const domain::ThrottleState& next) {
  soci::statement st =
      (tx.sql().prepare << "UPDATE login_throttle SET failures = :nf, blocked_until = :nb, last_at = :nl "
                           "WHERE scope = :s AND subject = :u AND client = :c "
                           "AND failures = :ef AND blocked_until = :eb AND last_at = :el",
       soci::use(next.failures), soci::use(next.blocked_until), soci::use(next.last_at), soci::use(key.scope),
       soci::use(key.subject), soci::use(key.client), soci::use(expected.failures), soci::use(expected.blocked_until),
       soci::use(expected.last_at));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void AuthStore::ClearThrottle(Tx& tx, const domain::ThrottleKey& key) {
  tx.sql() << "DELETE FROM login_throttle WHERE scope = :s AND subject = :u AND client = :c", soci::use(key.scope),
      soci::use(key.subject), soci::use(key.client);
}

void AuthStore::ForgiveOneFailure(Tx& tx, const domain::ThrottleKey& key) {
  tx.sql() << "UPDATE login_throttle SET failures = failures - 1 "
              "WHERE scope = :s AND subject = :u AND client = :c AND failures > 0",
      soci::use(key.scope), soci::use(key.subject), soci::use(key.client);
}

void AuthStore::ClearLoginThrottles(Tx& tx, const std::string& login) {
  const std::string scope = domain::LoginKey(login, "").scope;
  tx.sql() << "DELETE FROM login_throttle WHERE scope = :s AND subject = :u", soci::use(scope), soci::use(login);
}

}  // namespace sciweek::store
