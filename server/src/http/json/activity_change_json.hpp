#pragma once
// Changes of a published activity (domain/activity_change.hpp) → JSON: what the change does,
// the plan before and proposed, where it waits, each decision, and the tickets it moved or
// cancelled (names and phones masked).
#include <nlohmann/json.hpp>

#include "service/activities/activity_service.hpp"

namespace sciweek::http {

// The waiting change inside an activity's JSON (null when none).
nlohmann::json PendingChangeJson(const service::ActivityView& v);
// One change in the history (GET /activities/{id}/changes).
nlohmann::json ActivityChangeJson(const service::ActivityChangeView& v);

}  // namespace sciweek::http
