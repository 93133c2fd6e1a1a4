#pragma once
// Running totals of the reports (issue 13, decision 0025). report_tallies holds, for every
// campaign, report status, unit type, district area and parent unit, how many reports there
// are and, per figure, how many carry it and their sum (exact hundredths). Every write that
// changes what a report contributes — its creation, its status, its figures, its unit's type
// or place in the tree — updates the tallies in the same transaction, so the organizer's
// totals read a few hundred rows instead of summing every report_values row, and stay equal
// to that plain sum (`Differences`, `sciweek tallies check`).
//
// The field code "" counts the reports themselves (entries = reports, total = 0).
#include <string>
#include <vector>

#include "store/db.hpp"

namespace sciweek::store {

struct TallyRow {
  int year = 0;
  std::string status, type, district, parent, field;
  long long entries = 0;  // reports (field "") or reports carrying the figure
  long long total = 0;    // sum of the figure, hundredths
};

class ReportTallies {
 public:
  // One report's contribution in or out, as it stands in the tables now. Call Remove before a
  // change and Add after it (both inside the change's transaction).
  static void Add(Tx& tx, long long report_id);
  static void Remove(Tx& tx, long long report_id);
  // The report's status changed from `old_status` to the one stored now (call after the UPDATE).
  static void MoveStatus(Tx& tx, long long report_id, const std::string& old_status);
  // Every report of every unit in `code`'s subtree (all campaigns): around a change of a
  // unit's type or parent, which can move its whole subtree to another district or parent.
  static void AddSubtree(Tx& tx, const std::string& code);
  static void RemoveSubtree(Tx& tx, const std::string& code);

  // Recomputes every tally from the reports (the migration that adds the table, and
  // `sciweek tallies rebuild` after data was loaded around the server).
  static void Rebuild(Tx& tx);
  // Where the tallies differ from the plain sum over reports and report_values; empty when
  // they agree. Each entry names the row: "2023 approved enterprise 110101 110101 visitors:
  // tallied 3/1200, reports 3/1300".
  static std::vector<std::string> Differences(Tx& tx);

  // The SQL of the contributions of the reports matching `condition` (on `reports r`), as
  // common table expressions ending in entry(y, s, t, d, p, f, v): one row per report (f = '',
  // v = 0) and per figure; to follow "WITH RECURSIVE" and any CTE the condition names.
  // `status_expr` is what each report counts under (normally r.status).
  static std::string EntryCtes(const std::string& condition, const std::string& status_expr = "r.status");
};

}  // namespace sciweek::store
