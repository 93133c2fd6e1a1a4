#pragma once
// Logging in and out, resolving a session cookie to a Principal, changing passwords.
#include <optional>
#include <string>

#include "core/result.hpp"
#include "domain/org_unit.hpp"
#include "domain/user.hpp"
#include "service/support/context.hpp"
#include "store/db.hpp"

namespace sciweek::service {

struct AuthConfig {
  long long idle_seconds = 2 * 3600;       // a session unused this long ends
  long long absolute_seconds = 12 * 3600;  // and none lives longer than this
};

struct LoginResult {
  domain::User user;
  domain::OrgUnit org;
  std::string session_token;  // goes into the cookie; only its digest is stored
  std::string csrf_token;
};

struct MeResult {
  domain::User user;
  domain::OrgUnit org;
  std::string csrf_token;
};

class AuthService {
 public:
  AuthService(store::Db& db, AuthConfig config) : db_(db), config_(config) {}

  core::Result<LoginResult> Login(const Ctx& ctx, const std::string& login, const std::string& password);
  // The Principal for a cookie token, or unauthenticated when unknown, expired or disabled.
  core::Result<domain::Principal> Resolve(const std::string& token, core::UnixTime now);
  core::Status Logout(const Ctx& ctx);
  core::Result<MeResult> Me(const Ctx& ctx);
  core::Status ChangePassword(const Ctx& ctx, const std::string& old_password, const std::string& new_password);

  const AuthConfig& config() const { return config_; }

 private:
  store::Db& db_;
  AuthConfig config_;
};

}  // namespace sciweek::service
