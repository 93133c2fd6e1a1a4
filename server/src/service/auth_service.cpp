#include "service/auth_service.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "domain/login_throttle.hpp"
#include "service/audit.hpp"
#include "service/password.hpp"
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

core::Error Throttled(int seconds) {
  core::Error e{core::ErrorCode::kRateLimited,
                "登录失败次数过多，请" + std::to_string((seconds + 59) / 60) + "分钟后再试", "", "", {}, seconds};
  return e;
}

}  // namespace

core::Result<LoginResult> AuthService::Login(const Ctx& ctx, const std::string& login,
                                             const std::string& password) {
  const long long since = ctx.now - domain::kThrottleWindowSeconds;
  // Step 1: throttle check and user lookup (no password work inside a write transaction).
  struct Found {
    std::optional<store::UserWithHash> user;
    int retry_after = 0;
  };
  auto found = db_.Read<Found>([&](store::Tx& tx) -> core::Result<Found> {
    Found f;
    f.retry_after = domain::RetryAfterSeconds(store::AuthStore::FailuresForLogin(tx, login, since),
                                              store::AuthStore::FailuresForIp(tx, ctx.ip, since), ctx.now);
    if (f.retry_after == 0) f.user = store::UserStore::FindByLogin(tx, login);
    return f;
  });
  if (!found) return found.error();
  if (found->retry_after > 0) return Throttled(found->retry_after);

  const bool ok = found->user ? VerifyPassword(found->user->password_hash, password)
                              : (VerifyPassword(DummyHash(), password), false);
  if (!ok || found->user->user.disabled) {
    auto recorded = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
      store::AuthStore::RecordFailure(tx, login, ctx.ip, ctx.now);
      return true;
    });
    if (!recorded) return recorded.error();
    return core::Error::Unauthenticated(kBadCredentials);
  }

  LoginResult out;
  out.user = found->user->user;
  out.session_token = core::RandomToken(32);
  out.csrf_token = core::RandomToken(24);
  auto written = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto org = store::OrgStore::Find(tx, out.user.org_code);
    if (org) out.org = *org;
    store::AuthStore::ClearFailuresForLogin(tx, login);
    store::AuthStore::Sweep(tx, ctx.now, config_.idle_seconds);
    store::AuthStore::InsertSession(tx, {core::Sha256Hex(out.session_token), out.user.id, out.csrf_token,
                                         ctx.now, ctx.now, ctx.now + config_.absolute_seconds});
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
  };
  auto found = db_.Read<Lookup>([&](store::Tx& tx) -> core::Result<Lookup> {
    Lookup l;
    l.session = store::AuthStore::FindSession(tx, hash);
    if (l.session) l.user = store::UserStore::FindById(tx, l.session->user_id);
    return l;
  });
  if (!found) return found.error();
  const auto& s = found->session;
  const bool valid = s && found->user && !found->user->disabled && s->expires_at > now &&
                     s->last_seen_at + config_.idle_seconds > now;
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
  if (!VerifyPassword(current->password_hash, old_password))
    return core::Error::Validation({{"old_password", "mismatch", "原密码不正确", 0}});
  if (auto weak = domain::PasswordWeakness(new_password, ctx.principal->login))
    return core::Error::Validation({{"new_password", "weak", *weak, 0}});
  if (old_password == new_password)
    return core::Error::Validation({{"new_password", "unchanged", "新密码不能与原密码相同", 0}});
  const std::string hash = HashPassword(new_password);
  auto r = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    store::UserStore::SetPasswordHash(tx, ctx.principal->user_id, hash, ctx.now);
    // Other sessions of this user end: a changed password must lock out whoever else had it.
    store::AuthStore::DeleteUserSessions(tx, ctx.principal->user_id, ctx.principal->session_token_hash);
    Audit(tx, ctx, "user.password_changed", "user", ctx.principal->login, nullptr, nullptr);
    return true;
  });
  if (!r) return r.error();
  return {};
}

}  // namespace sciweek::service
