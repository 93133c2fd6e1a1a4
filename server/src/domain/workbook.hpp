#pragma once
// Workbook — what an export contains, independent of the file format: sheets of styled
// cells, merged ranges, and a body that is streamed row by row (so 10,000 units never sit
// in memory at once). Exporters build Workbooks; export/ renders them as xlsx or CSV.
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "domain/decimal.hpp"

namespace sciweek::domain {

enum class CellStyle {
  kText,          // plain text, left
  kInteger,       // value in hundredths, shown as a whole number
  kDecimal2,      // value in hundredths, shown with two places
  kTitle,         // a sheet title: large, bold, centred across its merge
  kHeader,        // a column header: bold, wrapped, bordered, shaded
  kTotalText,     // the label cell of a totals row
  kTotalInteger,  // totals row figures
  kTotalDecimal2,
  kNote,  // a line under the title (各区、各有关部门（盖章）：…)
};

struct Cell {
  std::variant<std::monostate, std::string, Hundredths> value;
  CellStyle style = CellStyle::kText;

  static Cell Text(std::string s, CellStyle st = CellStyle::kText) { return {std::move(s), st}; }
  static Cell Number(Hundredths v, CellStyle st) { return {v, st}; }
  static Cell Empty(CellStyle st = CellStyle::kText) { return {std::monostate{}, st}; }
};

using Row = std::vector<Cell>;

struct Merge {
  int first_row, first_col, last_row, last_col;  // 0-based, inclusive
};

struct Sheet {
  std::string name;                   // ≤ 31 characters, no []:*?/\ (Excel's rule)
  std::vector<double> column_widths;  // in Excel character units; missing → default
  std::vector<Row> head;              // title and header rows, written first
  std::vector<Merge> merges;          // may cover head and body rows
  int freeze_rows = 0;                // rows kept visible when scrolling
  int freeze_cols = 0;                // columns kept visible (the unit's name)
  // Streams the body: fills `row` and returns true, or returns false when done.
  std::function<bool(Row& row)> next_row;
  // Rows written after the body (totals), when known only once the body has been read.
  std::function<std::vector<Row>()> tail;
  bool landscape = false;
};

struct Workbook {
  std::string title;  // document property
  std::vector<Sheet> sheets;
};

}  // namespace sciweek::domain
