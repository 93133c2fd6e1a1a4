#pragma once
// User and Principal — who is acting. Every user belongs to one org unit and has one role:
// admin (the organizer), reviewer (organizer staff — city-wide, or scoped to a district when
// the account belongs to one), reporter (a unit's staff), checkin (venue staff). A Principal
// is the resolved identity of one request.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/org_unit.hpp"

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
  bool district_reviewer = false;  // a reviewer of a district: sees and reviews its subtree only
};

// A reviewer whose account belongs to a district reviews that district's units (issue 10);
// one belonging to the organizer (a unit that files no table) reviews the whole city.
inline bool ScopedToDistrict(Role role, OrgType org_type) {
  return role == Role::kReviewer && org_type == OrgType::kDistrict;
}

// Where a reviewer account may belong: a district (it reviews that district), or a unit that
// files no table (the organizer: it reviews the city). Anywhere else its reach would be unclear.
inline bool ReviewerMayBelongTo(const OrgUnit& org) { return org.type == OrgType::kDistrict || !org.reports_expected; }

// The organizer (admins, city-wide reviewers) sees every unit; everyone else, district
// reviewers included, sees their own unit's subtree.
inline bool SeesAllUnits(const Principal& p) {
  return p.role == Role::kAdmin || (p.role == Role::kReviewer && !p.district_reviewer);
}

// Chinese reason why a new password is too weak, or nullopt when it is acceptable:
// at least 10 characters, three of lower/upper/digit/other, not containing the login.
std::optional<std::string> PasswordWeakness(std::string_view password, std::string_view login);

std::vector<core::FieldProblem> ValidateUser(const User& user);

}  // namespace sciweek::domain
