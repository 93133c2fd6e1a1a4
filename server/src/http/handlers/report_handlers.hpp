#pragma once
#include "http/router.hpp"
#include "http/services.hpp"

namespace sciweek::http {
// Forms, reports (draft, submit, review, history, extension), completeness, reminders, totals.
void AddReportRoutes(Router& router, Services& s);
// Materials (streamed uploads, downloads), media reports, exports, the print page.
void AddMaterialRoutes(Router& router, Services& s);
}  // namespace sciweek::http
