#include "service/accounts/auth_service.hpp"

#include <algorithm>
#include <vector>

#include "core/crypto.hpp"
#include "domain/client_key.hpp"
#include "domain/login_throttle.hpp"
#include "service/accounts/attempt_throttle.hpp"
#include "service/accounts/password.hpp"
#include "service/audit/audit.hpp"
#include "store/auth_store.hpp"
#include "store/org_store.hpp"
#include "store/user_store.hpp"

namespace sciweek::service {
namespace {

constexpr const char* kBadCredentials = "用户名或密码错误";

// Verifying against this when the login does not exist keeps the answer's timing the same.
const std::string& DummyHash() {
  static const std::string hash = HashPassword("sciweek-dummy-password-for-timing");
  return hash;
}

// The keys one password check from this request counts under: the client address's
// ceiling first, then the subject at that address (the order ReserveAttempt needs).
std::vector<ThrottledKey> ThrottleKeys(domain::ThrottleKey subject, const std::string& client) {
  return {{domain::AddressKey(client), domain::kAddressThrottle}, {std::move(subject), domain::kPairThrottle}};
}

// A check that succeeded takes its counted attempt back: the subject starts over, the
// address ceiling (shared with everyone behind that address) loses one.
void SettleSuccess(store::Tx& tx, const std::vector<ThrottledKey>& keys) {
  store::AuthStore::ForgiveOneFailure(tx, keys[0].key);
  store::AuthStore::ClearThrottle(tx, keys[1].key);
}

}  // namespace

core::Result<LoginResult> AuthService::Login(const Ctx& ctx, const std::string& login, const std::string& password) {
  // Counted before the (slow) password check, so parallel guesses cannot all slip through.
  const std::string client = domain::ClientKey(ctx.ip);
  const auto keys = ThrottleKeys(domain::LoginKey(login, client), client);
  if (auto reserved = ReserveAttempt(db_, keys, ctx.now, "登录失败次数过多，"); !reserved) return reserved.error();

  auto user = db_.Read<std::optional<store::UserWithHash>>(
      [&](store::Tx& tx) -> core::Result<std::optional<store::UserWithHash>> {
        return store::UserStore::FindByLogin(tx, login);
      });
  if (!user) return user.error();
  // A failure needs no further write: the reservation already counted it.
  const bool ok =
      *user ? VerifyPassword((*user)->password_hash, password) : (VerifyPassword(DummyHash(), password), false);
  if (!ok || (*user)->user.disabled) return core::Error::Unauthenticated(kBadCredentials);

  LoginResult out;
  out.user = (*user)->user;
  out.session_token = core::RandomToken(32);
  out.csrf_token = core::RandomToken(24);
  auto written = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto org = store::OrgStore::Find(tx, out.user.org_code);
    if (org) out.org = *org;
    SettleSuccess(tx, keys);
    store::AuthStore::Sweep(tx, ctx.now, config_.idle_seconds);
    store::AuthStore::InsertSession(tx, {core::Sha256Hex(out.session_token), out.user.id, out.csrf_token, ctx.now,
                                         ctx.now, ctx.now + config_.absolute_seconds});
    Ctx as_user = ctx;
    domain::Principal p;
    p.login = out.user.login;
    as_user.principal = &p;
    Audit(tx, as_user, "auth.login", "user", out.user.login, nullptr, nullptr);
    return true;
  });
  if (!written) return written.error();
  return out;
}

core::Result<domain::Principal> AuthService::Resolve(const std::string& token, core::UnixTime now) {
  const core::Error expired = core::Error::Unauthenticated("登录已失效，请重新登录");
  if (token.empty() || token.size() > 100) return expired;
  const std::string hash = core::Sha256Hex(token);
  // A read transaction: most requests only look the session up, and on SQLite a write
  // transaction per request would serialize every logged-in request.
  struct Lookup {
    std::optional<store::AuthSessionRow> session;
    std::optional<domain::User> user;
    bool district_reviewer = false;
  };
  auto found = db_.Read<Lookup>([&](store::Tx& tx) -> core::Result<Lookup> {
    Lookup l;
    l.session = store::AuthStore::FindSession(tx, hash);
    if (l.session) l.user = store::UserStore::FindById(tx, l.session->user_id);
    if (l.user && l.user->role == domain::Role::kReviewer)
      if (auto org = store::OrgStore::Find(tx, l.user->org_code))
        l.district_reviewer = domain::ScopedToDistrict(l.user->role, org->type);
    return l;
  });
  if (!found) return found.error();
  const auto& s = found->session;
  const bool valid =
      s && found->user && !found->user->disabled && s->expires_at > now && s->last_seen_at + config_.idle_seconds > now;
  // Refreshing last_seen once a minute is enough for a 2-hour idle limit; short limits
  // (tests, kiosks) refresh at half the limit so a session in use never lapses.
  const long long refresh_every = std::min<long long>(60, std::max<long long>(config_.idle_seconds / 2, 0));
  const bool touch = valid && now - s->last_seen_at >= refresh_every;
  if (s && (!valid || touch)) {
    auto w = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
      if (valid) store::AuthStore::TouchSession(tx, hash, now);
      else store::AuthStore::DeleteSession(tx, hash);
      return true;
    });
    if (!w) return w.error();
  }
  if (!valid) return expired;
  const auto& user = *found->user;
  domain::Principal p;
  p.user_id = user.id;
  p.login = user.login;
  p.name = user.name;
  p.role = user.role;
  p.org_code = user.org_code;
  p.session_token_hash = hash;
  p.csrf_token = s->csrf_token;
  p.district_reviewer = found->district_reviewer;
  return p;
}

core::Status AuthService::Logout(const Ctx& ctx) {
  auto r = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    store::AuthStore::DeleteSession(tx, ctx.principal->session_token_hash);
    Audit(tx, ctx, "auth.logout", "user", ctx.principal->login, nullptr, nullptr);
    return true;
  });
  if (!r) return r.error();
  return {};
}

core::Result<MeResult> AuthService::Me(const Ctx& ctx) {
  return db_.Read<MeResult>([&](store::Tx& tx) -> core::Result<MeResult> {
    auto user = store::UserStore::FindById(tx, ctx.principal->user_id);
    if (!user) return core::Error::Unauthenticated();
    MeResult me{*user, {}, ctx.principal->csrf_token};
    if (auto org = store::OrgStore::Find(tx, user->org_code)) me.org = *org;
    return me;
  });
}

core::Status AuthService::ChangePassword(const Ctx& ctx, const std::string& old_password,
                                         const std::string& new_password) {
  auto current = db_.Read<store::UserWithHash>([&](store::Tx& tx) -> core::Result<store::UserWithHash> {
    auto u = store::UserStore::FindByLogin(tx, ctx.principal->login);
    if (!u) return core::Error::Unauthenticated();
    return *u;
  });
  if (!current) return current.error();
  // The new password is judged first: a weak one is a typo to fix, not a guess to count.
  if (auto weak = domain::PasswordWeakness(new_password, ctx.principal->login))
    return core::Error::Validation({{"new_password", "weak", *weak, 0}});
  if (old_password == new_password)
    return core::Error::Validation({{"new_password", "unchanged", "新密码不能与原密码相同", 0}});
  // A stolen session must not become a way to guess the password it does not know.
  const std::string client = domain::ClientKey(ctx.ip);
  const auto keys = ThrottleKeys(domain::PasswordKey(ctx.principal->user_id, client), client);
  if (auto reserved = ReserveAttempt(db_, keys, ctx.now, "原密码错误次数过多，"); !reserved) return reserved.error();
  if (!VerifyPassword(current->password_hash, old_password))
    return core::Error::Validation({{"old_password", "mismatch", "原密码不正确", 0}});
  const std::string hash = HashPassword(new_password);
  auto r = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    store::UserStore::SetPasswordHash(tx, ctx.principal->user_id, hash, ctx.now);
    SettleSuccess(tx, keys);
    // Other sessions of this user end: a changed password must lock out whoever else had it.
    store::AuthStore::DeleteUserSessions(tx, ctx.principal->user_id, ctx.principal->session_token_hash);
    Audit(tx, ctx, "user.password_changed", "user", ctx.principal->login, nullptr, nullptr);
    return true;
  });
  if (!r) return r.error();
  return {};
}

}  // namespace sciweek::service
