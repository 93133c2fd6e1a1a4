#pragma once
// The organizer's questions, answered in SQL: who has filed (completeness), the sums of
// every figure by type, district or parent (SUM … GROUP BY over report_values, exact
// integers), and the rows of the summary export streamed unit by unit.
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/report.hpp"
#include "domain/review.hpp"
#include "store/db.hpp"

namespace sciweek::store {

struct CompletenessRow {
  std::string code, name, type, parent_code, parent_name, contact_name, contact_phone, contact_email;
  domain::ReportStatus status = domain::ReportStatus::kNotStarted;
  std::optional<long long> submitted_at;
  std::optional<bool> on_time;
  long long reminders = 0;
  std::optional<long long> last_reminder_at;
  domain::ReviewLevel review_level = domain::ReviewLevel::kSingle;  // as stored; see domain::PendingLevel
};

enum class TotalsGroup { kNone, kType, kDistrict, kParent };

struct TotalsGroupRow {
  std::string key;   // type name, district code, parent code, or "" (none / unassigned)
  std::string name;  // district or parent name when grouped by them
  long long units = 0;
  std::map<std::string, domain::Hundredths> sums;
  // District groups: the district's own report (本单位), when it counts; `sums` is its area.
  std::optional<std::map<std::string, domain::Hundredths>> own_sums;
};

struct UnitFiguresRow {
  std::string code, name, type, district_code, district_name;
  domain::ReportStatus status = domain::ReportStatus::kNotStarted;
  domain::Values values;
};

class AnalyticsStore {
 public:
  // Expected units (in root's subtree when root is set), by type then code.
  static std::vector<CompletenessRow> Completeness(Tx& tx, int year, const std::string& root);
  // The same rows as a cursor read a page at a time (exports: memory flat in the unit count);
  // valid while `tx` is open.
  static std::function<bool(CompletenessRow&)> OpenCompleteness(Tx& tx, int year, const std::string& root);
  // org code → material kinds present, for one campaign.
  static std::map<std::string, std::set<std::string>> MaterialKinds(Tx& tx, int year);
  // statuses: which report statuses count. One entry per group (with its unit count).
  static std::vector<TotalsGroupRow> Totals(Tx& tx, int year, const std::vector<std::string>& statuses,
                                            TotalsGroup group, const std::string& root);
  // A unit's own report (本单位), apart from its subtree: code → sums of its report when that
  // report's status counts, for every district in root's subtree and for root itself. A unit
  // whose report does not count is absent; one whose counting report holds no figure maps to
  // an empty map.
  static std::map<std::string, std::map<std::string, domain::Hundredths>> OwnSums(
      Tx& tx, int year, const std::vector<std::string>& statuses, const std::string& root);
  // Every expected unit with its figures, ordered by type then code, as a cursor: each call
  // fills the next unit and returns true, or returns false at the end. Rows are read from
  // the database as the caller asks for them (exports stream), valid while `tx` is open.
  static std::function<bool(UnitFiguresRow&)> OpenUnits(Tx& tx, int year, const std::string& root);
};

}  // namespace sciweek::store
