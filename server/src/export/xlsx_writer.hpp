#pragma once
// Renders a domain::Workbook as an .xlsx file (libxlsxwriter, constant-memory mode: body
// rows go straight to disk, so a 10,000-unit summary never sits in memory).
#include <string>

#include "core/result.hpp"
#include "domain/workbook.hpp"

namespace sciweek::exporting {

struct XlsxOptions {
  // Where libxlsxwriter keeps its per-sheet temporary files; empty = the system default.
  // Worth setting where /tmp is a RAM disk: the body would otherwise sit in memory after all.
  std::string tmpdir;
};

// Writes `book` to `path` (overwritten). The file opens in Excel, WPS and LibreOffice
// without a repair prompt. A bad sheet name or merge (a layout bug) and any failure to write
// the file are kInternal errors; on failure no partial file is left at `path`.
core::Status WriteXlsx(const domain::Workbook& book, const std::string& path);
core::Status WriteXlsx(const domain::Workbook& book, const std::string& path, const XlsxOptions& options);

}  // namespace sciweek::exporting
