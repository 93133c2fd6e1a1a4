#include "service/accounts/user_service.hpp"

#include "service/accounts/password.hpp"
#include "service/audit/audit.hpp"
#include "service/support/authorize.hpp"
#include "service/support/snapshots.hpp"
#include "store/auth_store.hpp"
#include "store/org_store.hpp"
#include "store/user_store.hpp"

namespace sciweek::service {

using domain::Role;

namespace {

// The account's unit exists, and a reviewer's is a district or the organizer (its scope).
core::Status CheckOrg(store::Tx& tx, const domain::User& user) {
  auto org = store::OrgStore::Find(tx, user.org_code);
  if (!org) return core::Error::Validation({{"org_code", "not_found", "所属单位不存在", 0}});
  if (user.role == Role::kReviewer && !domain::ReviewerMayBelongTo(*org))
    return core::Error::Validation(
        {{"org_code", "invalid", "审核员须属于某个区（区级审核员）或不填报的主办单位（市级审核员）", 0}});
  return {};
}

}  // namespace

core::Result<UserPage> UserService::List(const Ctx& ctx, int limit, int offset) {
  if (auto s = RequireRole(ctx, {Role::kAdmin}); !s) return s.error();
  return db_.Read<UserPage>([&](store::Tx& tx) -> core::Result<UserPage> {
    UserPage page;
    page.items = store::UserStore::List(tx, limit, offset, &page.total);
    return page;
  });
}

core::Result<domain::User> UserService::Create(const Ctx& ctx, domain::User user, const std::string& password) {
  if (auto s = RequireRole(ctx, {Role::kAdmin}); !s) return s.error();
  auto problems = domain::ValidateUser(user);
  if (auto weak = domain::PasswordWeakness(password, user.login)) problems.push_back({"password", "weak", *weak, 0});
  if (!problems.empty()) return core::Error::Validation(std::move(problems));
  const std::string hash = HashPassword(password);
  return db_.Write<domain::User>([&](store::Tx& tx) -> core::Result<domain::User> {
    if (store::UserStore::FindByLogin(tx, user.login)) return core::Error::Conflict("登录名已存在", "login");
    if (auto s = CheckOrg(tx, user); !s) return s.error();
    user.id = store::UserStore::Insert(tx, user, hash, ctx.now);
    Audit(tx, ctx, "user.created", "user", user.login, nullptr, UserJson(user));
    return user;
  });
}

core::Result<domain::User> UserService::Update(const Ctx& ctx, const std::string& login, const UserChange& change) {
  if (auto s = RequireRole(ctx, {Role::kAdmin}); !s) return s.error();
  return db_.Write<domain::User>([&](store::Tx& tx) -> core::Result<domain::User> {
    auto found = store::UserStore::FindByLogin(tx, login);
    if (!found) return core::Error::NotFound("用户不存在");
    domain::User before = found->user, after = found->user;
    if (change.name) after.name = *change.name;
    if (change.role) after.role = *change.role;
    if (change.org_code) after.org_code = *change.org_code;
    if (change.disabled) after.disabled = *change.disabled;
    if (auto p = domain::ValidateUser(after); !p.empty()) return core::Error::Validation(std::move(p));
    if (change.org_code || change.role)
      if (auto s = CheckOrg(tx, after); !s) return s.error();
    // An admin cannot lock themselves out.
    if (ctx.principal && ctx.principal->login == login && (after.disabled || after.role != Role::kAdmin))
      return core::Error::Conflict("不能停用或降级自己的管理员账号");
    store::UserStore::Update(tx, after, ctx.now);
    if (after.disabled || after.role != before.role || after.org_code != before.org_code)
      store::AuthStore::DeleteUserSessions(tx, after.id);
    Audit(tx, ctx, after.disabled && !before.disabled ? "user.disabled" : "user.updated", "user", login,
          UserJson(before), UserJson(after));
    return after;
  });
}

core::Status UserService::ResetPassword(const Ctx& ctx, const std::string& login, const std::string& password) {
  if (auto s = RequireRole(ctx, {Role::kAdmin}); !s) return s.error();
  if (auto weak = domain::PasswordWeakness(password, login))
    return core::Error::Validation({{"password", "weak", *weak, 0}});
  const std::string hash = HashPassword(password);
  auto r = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto found = store::UserStore::FindByLogin(tx, login);
    if (!found) return core::Error::NotFound("用户不存在");
    store::UserStore::SetPasswordHash(tx, found->user.id, hash, ctx.now);
    store::AuthStore::DeleteUserSessions(tx, found->user.id);
    store::AuthStore::ClearLoginThrottles(tx, login);
    Audit(tx, ctx, "user.password_reset", "user", login, nullptr, nullptr);
    return true;
  });
  if (!r) return r.error();
  return {};
}

}  // namespace sciweek::service
