#pragma once
// The print-ready page of one unit's table (for stamping): the attachment's layout in HTML
// with print CSS, the unit's name on the 盖章 line and room for the seal; for a unit with units
// under it, its area's figures (辖区合计) in a column beside its own.
#include <string>

#include "service/reporting/report_service.hpp"

namespace sciweek::http {

std::string PrintPage(const service::PrintableReport& page);
std::string HtmlEscape(const std::string& s);

}  // namespace sciweek::http
