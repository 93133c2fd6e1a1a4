#include "store/user_store.hpp"

#include <soci/soci.h>

#include "store/row_util.hpp"

namespace sciweek::store {
namespace {

constexpr const char* kColumns = "id, login, name, role, org_code, disabled, password_hash";

UserWithHash FromRow(const soci::row& r) {
  UserWithHash u;
  u.user.id = GetInt(r, 0);
  u.user.login = GetText(r, 1);
  u.user.name = GetText(r, 2);
  u.user.role = domain::ParseRole(GetText(r, 3)).value_or(domain::Role::kReporter);
  u.user.org_code = GetText(r, 4);
  u.user.disabled = static_cast<int>(GetInt(r, 5)) != 0;
  u.password_hash = GetText(r, 6);
  return u;
}

}  // namespace

std::optional<UserWithHash> UserStore::FindByLogin(Tx& tx, const std::string& login) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT " << kColumns << " FROM users WHERE login = :l", soci::use(login));
  std::optional<UserWithHash> out;
  for (const auto& r : rs) out = FromRow(r);
  return out;
}

std::optional<domain::User> UserStore::FindById(Tx& tx, long long id) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT " << kColumns << " FROM users WHERE id = :id", soci::use(id));
  std::optional<domain::User> out;
  for (const auto& r : rs) out = FromRow(r).user;
  return out;
}

std::vector<domain::User> UserStore::List(Tx& tx, int limit, int offset, long long* total) {
  if (total) tx.sql() << "SELECT COUNT(*) FROM users", soci::into(*total);
  std::vector<domain::User> out;
  soci::rowset<soci::row> rs = (tx.sql().prepare << "SELECT " << kColumns << " FROM users ORDER BY login LIMIT "
                                                 << limit << " OFFSET " << offset);
  for (const auto& r : rs) out.push_back(FromRow(r).user);
  return out;
}

long long UserStore::Insert(Tx& tx, const domain::User& u, const std::string& hash, long long now) {
  const std::string role(domain::RoleName(u.role));
  const int disabled = u.disabled ? 1 : 0;
  long long id = 0;
  tx.sql() << "INSERT INTO users (login, name, role, org_code, password_hash, disabled, created_at, "
              "updated_at) VALUES (:l, :n, :r, :o, :h, :d, :t, :t2) RETURNING id",
      soci::use(u.login), soci::use(u.name), soci::use(role), soci::use(u.org_code), soci::use(hash),
      soci::use(disabled), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void UserStore::Update(Tx& tx, const domain::User& u, long long now) {
  const std::string role(domain::RoleName(u.role));
  const int disabled = u.disabled ? 1 : 0;
  tx.sql() << "UPDATE users SET name = :n, role = :r, org_code = :o, disabled = :d, updated_at = :t "
              "WHERE id = :id",
      soci::use(u.name), soci::use(role), soci::use(u.org_code), soci::use(disabled), soci::use(now), soci::use(u.id);
}

void UserStore::SetPasswordHash(Tx& tx, long long id, const std::string& hash, long long now) {
  tx.sql() << "UPDATE users SET password_hash = :h, updated_at = :t WHERE id = :id", soci::use(hash), soci::use(now),
      soci::use(id);
}

long long UserStore::CountInOrg(Tx& tx, const std::string& org_code) {
  long long n = 0;
  tx.sql() << "SELECT COUNT(*) FROM users WHERE org_code = :o", soci::use(org_code), soci::into(n);
  return n;
}

}  // namespace sciweek::store
