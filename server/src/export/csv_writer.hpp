#pragma once
// Renders one sheet as CSV for Excel: UTF-8 with a BOM (so Excel/WPS detect the encoding),
// CRLF line ends, RFC 4180 quoting, and a leading apostrophe on text that a spreadsheet
// would run as a formula (=, +, -, @) — CSV injection.
#include <string>

#include "core/result.hpp"
#include "domain/workbook.hpp"

namespace sciweek::exporting {

core::Status WriteCsv(const domain::Sheet& sheet, const std::string& path);

}  // namespace sciweek::exporting
