#pragma once
// Accounts: created and managed by the organizer's admins (and the CLI).
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/user.hpp"
#include "service/support/context.hpp"
#include "store/db.hpp"

namespace sciweek::service {

struct UserPage {
  std::vector<domain::User> items;
  long long total = 0;
};

struct UserChange {
  std::optional<std::string> name;
  std::optional<domain::Role> role;
  std::optional<std::string> org_code;
  std::optional<bool> disabled;
};

class UserService {
 public:
  explicit UserService(store::Db& db) : db_(db) {}
  core::Result<UserPage> List(const Ctx& ctx, int limit, int offset);
  core::Result<domain::User> Create(const Ctx& ctx, domain::User user, const std::string& password);
  core::Result<domain::User> Update(const Ctx& ctx, const std::string& login, const UserChange& change);
  // Sets a new password and ends the user's sessions.
  core::Status ResetPassword(const Ctx& ctx, const std::string& login, const std::string& password);

 private:
  store::Db& db_;
};

}  // namespace sciweek::service
