#pragma once
// The statistics import (service/reporting/report_import.hpp) over HTTP: the grid the browser read
// from an xlsx file → sheets of cells, bounded so no file can make the server work without
// limit; the outcome → JSON with each problem's sheet and cell.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "domain/report_import.hpp"
#include "service/activities/activity_service.hpp"
#include "service/reporting/report_import.hpp"

namespace sciweek::http {

// {"sheets":[{"name":"汇总","rows":[[cell, …], …]}, …]}; a cell is null, a number, a string
// (≤ 1000 bytes) or a boolean. At most 20 sheets, 20,000 rows a sheet, 400 cells a row and
// 1,000,000 cells in all.
core::Result<std::vector<domain::ImportSheet>> ParseImportGrid(const std::string& body);

// The answer to an apply with problems: 422 whose details name each sheet!cell.
core::Error ImportRefused(const std::vector<domain::ImportProblem>& problems);
// Reads ?mode=: dry_run (default) or apply; 400 otherwise.
core::Result<bool> ImportApplies(const std::optional<std::string>& mode);

// {"applied","units":[{"code","name","sheet","row","status","figures","changed","ok"}],
//  "problems":[{"sheet","cell","unit","field","code","message"}]}
nlohmann::json ImportOutcomeJson(const service::ImportOutcome& o);

// {"applied","items":[{"sheet","row","title","sessions","ok","id"}],"problems":[…]}
nlohmann::json ActivityImportOutcomeJson(const service::ActivityImportOutcome& o);

}  // namespace sciweek::http
