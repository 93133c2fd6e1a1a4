#pragma once
// Importing the statistics table from a spreadsheet (issue 10 §5, decision 0018): districts
// gather figures in Excel. The grid (domain/report_import.hpp reads the layouts) is checked
// unit by unit — unknown or foreign units, locked reports, values the form refuses, hard
// rules that fail on the merged figures — each problem naming its cell. A dry run only
// reports; applying writes every unit's figures as a draft (the unit reviews and submits),
// all or nothing, and only when the file has no problem.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/report_import.hpp"
#include "service/support/context.hpp"
#include "store/db.hpp"

namespace sciweek::service {

struct ImportedUnit {
  std::string code, name, sheet;
  int row = 0;
  std::string status;  // the report's status before the import (ReportStatusName)
  int figures = 0;     // figures the file gives for it
  int changed = 0;     // of those, the ones that differ from the stored table
  bool ok = true;      // no problem names this unit
};

struct ImportOutcome {
  bool applied = false;
  std::vector<ImportedUnit> units;
  std::vector<domain::ImportProblem> problems;
};

class ReportImportService {
 public:
  explicit ReportImportService(store::Db& db) : db_(db) {}

  // Admins import for any unit; a unit's reporter for itself and the units under it.
  // `org`: the unit a single-unit table (which names no code) is for. `apply` false: dry run.
  core::Result<ImportOutcome> Import(const Ctx& ctx, int year, const std::vector<domain::ImportSheet>& sheets,
                                     const std::string& org, bool apply);

 private:
  store::Db& db_;
};

}  // namespace sciweek::service
