#include "store/auth_store.hpp"

#include <soci/soci.h>

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
    out = AuthSessionRow{GetText(r, 0), GetInt(r, 1), GetText(r, 2),
                         GetInt(r, 3), GetInt(r, 4), GetInt(r, 5)};
  return out;
}

void AuthStore::TouchSession(Tx& tx, const std::string& token_hash, long long now) {
  tx.sql() << "UPDATE auth_sessions SET last_seen_at = :t WHERE token_hash = :h", soci::use(now),
      soci::use(token_hash);
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
  const long long old = now - domain::kThrottleWindowSeconds;
  tx.sql() << "DELETE FROM login_failures WHERE at <= :o", soci::use(old);
}

void AuthStore::RecordFailure(Tx& tx, const std::string& login, const std::string& ip, long long now) {
  tx.sql() << "INSERT INTO login_failures (login, ip, at) VALUES (:l, :i, :t)", soci::use(login),
      soci::use(ip), soci::use(now);
}

namespace {
domain::FailureWindow Window(Tx& tx, const char* column, const std::string& value, long long since) {
  long long count = 0, oldest = 0;
  soci::indicator ind = soci::i_ok;
  tx.sql() << std::string("SELECT COUNT(*), MIN(at) FROM login_failures WHERE ") + column +
                  " = :v AND at > :s",
      soci::use(value), soci::use(since), soci::into(count), soci::into(oldest, ind);
  return domain::FailureWindow{static_cast<int>(count), ind == soci::i_null ? 0 : oldest};
}
}  // namespace

domain::FailureWindow AuthStore::FailuresForLogin(Tx& tx, const std::string& login, long long since) {
  return Window(tx, "login", login, since);
}

domain::FailureWindow AuthStore::FailuresForIp(Tx& tx, const std::string& ip, long long since) {
  return Window(tx, "ip", ip, since);
}

void AuthStore::ClearFailuresForLogin(Tx& tx, const std::string& login) {
  tx.sql() << "DELETE FROM login_failures WHERE login = :l", soci::use(login);
}

}  // namespace sciweek::store
