#pragma once
// The SQL of the unit tree, for the stores that walk it (one definition each).

#include <string>

namespace sciweek::store {

// subtree(code): every unit of :root's subtree, root included. A CTE for "WITH RECURSIVE".
inline constexpr const char* kSubtreeCte =
    "subtree(code) AS (SELECT code FROM org_units WHERE code = :root"
    " UNION ALL SELECT o.code FROM org_units o JOIN subtree s ON o.parent_code = s.code) ";

// dist(code, district): each unit named by `start_codes` (a subquery of codes) with its nearest
// district (itself when it is one). The climb stops at the first district, so a unit belongs
// to at most one area and nobody is counted twice (decision 0010); a unit under no district
// has no row. CTEs for "WITH RECURSIVE".
inline std::string DistrictCtes(const std::string& start_codes) {
  return "up(code, anc, anc_type, anc_parent) AS ("
         " SELECT o.code, o.code, o.type, o.parent_code FROM org_units o WHERE o.code IN (" +
         start_codes +
         ")"
         " UNION ALL"
         " SELECT up.code, p.code, p.type, p.parent_code FROM up JOIN org_units p ON p.code = up.anc_parent"
         " WHERE up.anc_type <> 'district'), "
         "dist(code, district) AS (SELECT code, anc FROM up WHERE anc_type = 'district') ";
}

}  // namespace sciweek::store
