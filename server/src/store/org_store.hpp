#pragma once
// Persists org units. Subtree questions are answered with a recursive CTE, which both
// SQLite and PostgreSQL run.
#include <optional>
#include <string>
#include <vector>

#include "domain/org_unit.hpp"
#include "store/db.hpp"

namespace sciweek::store {

struct OrgFilter {
  std::string root;  // only this unit's subtree when set
  std::string type;
  std::string parent_code;
  std::string q;  // substring of code or name
  int limit = 500;
  int offset = 0;
};

class OrgStore {
 public:
  static std::optional<domain::OrgUnit> Find(Tx& tx, const std::string& code);
  static std::vector<domain::OrgUnit> List(Tx& tx, const OrgFilter& filter, long long* total);
  static std::vector<domain::OrgUnit> All(Tx& tx);
  // The units the public calendar names: every district, and every unit that leads an
  // activity or is an activity's district (a few hundred, however many units report).
  static std::vector<domain::OrgUnit> NamedByActivities(Tx& tx);
  static void Insert(Tx& tx, const domain::OrgUnit& unit, long long now);
  static void Update(Tx& tx, const domain::OrgUnit& unit, long long now);
  static void Delete(Tx& tx, const std::string& code);
  // True when `code` is `root` or below it.
  static bool InSubtree(Tx& tx, const std::string& root, const std::string& code);
  static long long CountChildren(Tx& tx, const std::string& code);
  // The nearest district strictly above `code` (the level that reviews it first under two-level
  // review), or nullopt when none is: a district, or a unit under no district, goes to the city.
  static std::optional<std::string> DistrictAbove(Tx& tx, const std::string& code);
};

}  // namespace sciweek::store
