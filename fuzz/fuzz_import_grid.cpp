// The statistics import (issue 10 §5): the grid a browser read from an xlsx file, as the
// API receives it (http/json/import_json.cpp), then the layout reader that finds units,
// items and cells in it (domain/report_import.cpp) against the default form. Every input
// must come back as sheets or a proper 4xx, and the reader must name a cell for every row;
// the activity template's reader (domain/activity_import.cpp) runs over the same grid.
#include "domain/activity_import.hpp"
#include "domain/form_template.hpp"
#include "domain/report_import.hpp"
#include "http/json/import_json.hpp"
#include "support/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sciweek;
  static const auto form = domain::DefaultTemplate();
  auto sheets = http::ParseImportGrid(fuzz::AsString(data, size));
  fuzz::CheckParsed(sheets);
  if (!sheets) return 0;
  const auto read = domain::ReadStatisticsGrid(form, *sheets);
  for (const auto& row : read.rows) {
    FUZZ_CHECK(row.row >= 1, "rows are numbered from 1");
    for (const auto& [field, cell] : row.cells)
      FUZZ_CHECK(!cell.empty() && form.Field(field), "every figure has its cell");
  }
  // The activity template's reader over the same grid: times, yes/no and session cells.
  std::vector<domain::ImportProblem> problems;
  for (const auto& a : domain::ReadActivityGrid(*sheets, problems)) {
    FUZZ_CHECK(a.row >= 1, "rows are numbered from 1");
    FUZZ_CHECK(!domain::CellOfField(a, "sessions[0].capacity").empty(), "every field has a cell");
  }
  return 0;
}
