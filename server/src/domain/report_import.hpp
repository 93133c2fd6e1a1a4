#pragma once
// Reading the statistics table back from a spreadsheet (issue 10 §5, decision 0018). The
// browser reads the xlsx into a grid of cells (sheets of rows) and the API hands the grid
// here. This finds the layouts sciweek itself writes — the organizer's summary (汇总: a
// 单位代码 column beside the attachment's two-level header; 小计/合计 rows have no code and
// are skipped), the flat sheet of the CSV export (数据), and one unit's table (统计表:
// 类别 | 项目 | 数量) — by their header texts, not by fixed positions, so a file re-saved by
// Excel, WPS or LibreOffice, or with columns moved or removed, still reads. Empty cells are
// left out: an import fills figures, it never erases one. Pure: the service resolves units
// and checks permissions, locks, types and rules.
#include <map>
#include <string>
#include <vector>

#include "domain/form_template.hpp"
#include "domain/report.hpp"

namespace sciweek::domain {

struct ImportSheet {
  std::string name;
  std::vector<std::vector<RawValue>> rows;
};

// One unit's figures as found in the file.
struct ImportedRow {
  std::string sheet;
  int row = 0;                               // 1-based, as the spreadsheet shows it
  std::string unit_code;                     // summary layouts; empty in a unit table (the caller names the unit)
  std::string unit_name;                     // the name column, or the unit table's 盖章 line
  std::string unit_cell;                     // where the unit is named ("B5"; "" when the file does not name it)
  std::map<std::string, RawValue> values;    // field code → cell value (empty cells left out)
  std::map<std::string, std::string> cells;  // field code → "F12"
};

// A problem with a place in the file: `cell` "F12" (or "" for the whole sheet or file),
// `unit` the unit code when known, `field` the form's field code when it is one figure.
struct ImportProblem {
  std::string sheet, cell, unit, field, code, message;
};

struct ImportRead {
  std::vector<ImportedRow> rows;
  std::vector<ImportProblem> problems;
};

ImportRead ReadStatisticsGrid(const FormTemplate& form, const std::vector<ImportSheet>& sheets);

// (0, 0) → "A1"; (11, 27) → "AB12".
std::string CellName(int row0, int col0);

}  // namespace sciweek::domain
