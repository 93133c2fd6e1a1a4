#pragma once
// Planning an org-unit CSV import: which rows create units, which update them, and every
// problem with its line. Pure: the service applies the plan all-or-nothing, or not at all.
#include <map>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "domain/org_unit.hpp"

namespace sciweek::domain {

// The header; contact_email may be left out (files written before it existed), and then
// updated units keep their stored address.
inline constexpr const char* kOrgImportColumns[] = {"code",         "name",          "type",         "parent_code",
                                                    "contact_name", "contact_phone", "contact_email"};

struct OrgImportPlan {
  std::vector<OrgUnit> creates;  // ordered so that parents come before children
  std::vector<OrgUnit> updates;
  std::vector<core::FieldProblem> problems;  // with line numbers
};

// existing: every unit now in the register, by code.
OrgImportPlan PlanOrgImport(const std::vector<core::CsvRecord>& records,
                            const std::map<std::string, OrgUnit>& existing);

}  // namespace sciweek::domain
