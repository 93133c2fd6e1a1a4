#pragma once
// OrgUnit — a reporting unit of the Science Week: a district, a member unit of the joint
// conferences, a science base, a university, an institute, an enterprise. Units form a tree
// (a district's science bases sit under it); a unit's staff see the unit's subtree.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sciweek::domain {

enum class OrgType { kDistrict, kMemberUnit, kScienceBase, kUniversity, kInstitute, kEnterprise, kOther };

std::optional<OrgType> ParseOrgType(std::string_view name);
std::string_view OrgTypeName(OrgType type);   // "science_base"
std::string_view OrgTypeLabel(OrgType type);  // "科普基地"

struct OrgUnit {
  std::string code;  // stable key, e.g. the district's division code "110108"
  std::string name;
  OrgType type = OrgType::kOther;
  std::string parent_code;  // empty for a root
  std::string contact_name;
  std::string contact_phone;
  bool reports_expected = true;  // expected to file the statistics table (DHIS2's "expected reporter")
  std::string contact_email;     // where reminders are mailed; empty: none
};

// Field-level checks of one unit on its own (format, lengths); empty when valid.
std::vector<core::FieldProblem> ValidateOrgUnit(const OrgUnit& unit);

}  // namespace sciweek::domain
