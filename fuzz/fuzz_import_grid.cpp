// The statistics import (issue 10 §5): the grid a browser read from an xlsx file, as the
// API receives it (http/json/import_json.cpp), then the layout reader that finds units,
// items and cells in it (domain/report_import.cpp) against the default form. Every input
// must come back as sheets or a proper 4xx, and the reader must name a cell for every row.
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
  return 0;
}
