#pragma once
// JSON of two-level review (domain/review.hpp), shared by reports and activities: each
// level's decision, and where a submitted item waits.
#include <nlohmann/json.hpp>

#include <vector>

#include "domain/review.hpp"

namespace sciweek::http {

// {"level","level_label","action","comment","fields","at","by"}
nlohmann::json ReviewDecisionJson(const domain::ReviewDecision& d);
nlohmann::json ReviewDecisionsJson(const std::vector<domain::ReviewDecision>& ds);
// {"levels": 1|2, "level": null|"district"|"city", "level_label"} — level only while waiting.
nlohmann::json ReviewStateJson(int levels, bool waiting, domain::ReviewLevel pending);

}  // namespace sciweek::http
