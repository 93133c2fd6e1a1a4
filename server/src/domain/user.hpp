#pragma once
// User and Principal — who is acting. Every user belongs to one org unit and has one role:
// admin (the organizer), reviewer (organizer staff), reporter (a unit's staff), checkin
// (venue staff). A Principal is the resolved identity of one request.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sciweek::domain {

enum class Role { kAdmin, kReviewer, kReporter, kCheckin };

std::optional<Role> ParseRole(std::string_view name);
std::string_view RoleName(Role role);

struct User {
  long long id = 0;
  std::string login;
  std::string name;
  Role role = Role::kReporter;
  std::string org_code;
  bool disabled = false;
};

struct Principal {
  long long user_id = 0;
  std::string login;
  std::string name;
  Role role = Role::kReporter;
  std::string org_code;
  std::string session_token_hash;
  std::string csrf_token;
};

// Organizer staff see every unit; everyone else sees their own unit's subtree.
inline bool SeesAllUnits(Role role) { return role == Role::kAdmin || role == Role::kReviewer; }

// Chinese reason why a new password is too weak, or nullopt when it is acceptable:
// at least 10 characters, three of lower/upper/digit/other, not containing the login.
std::optional<std::string> PasswordWeakness(std::string_view password, std::string_view login);

std::vector<core::FieldProblem> ValidateUser(const User& user);

}  // namespace sciweek::domain
