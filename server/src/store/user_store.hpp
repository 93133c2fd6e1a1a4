#pragma once
// Persists users and their Argon2id password hashes.
#include <optional>
#include <string>
#include <vector>

#include "domain/user.hpp"
#include "store/db.hpp"

namespace sciweek::store {

struct UserWithHash {
  domain::User user;
  std::string password_hash;
};

class UserStore {
 public:
  static std::optional<UserWithHash> FindByLogin(Tx& tx, const std::string& login);
  static std::optional<domain::User> FindById(Tx& tx, long long id);
  static std::vector<domain::User> List(Tx& tx, int limit, int offset, long long* total);
  // Returns the new id.
  static long long Insert(Tx& tx, const domain::User& user, const std::string& hash, long long now);
  static void Update(Tx& tx, const domain::User& user, long long now);
  static void SetPasswordHash(Tx& tx, long long id, const std::string& hash, long long now);
  static long long CountInOrg(Tx& tx, const std::string& org_code);
};

}  // namespace sciweek::store
