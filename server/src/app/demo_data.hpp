#pragma once
#include <string>

#include "core/result.hpp"
#include "store/db.hpp"

namespace sciweek::app {

// The demo password when SCIWEEK_DEMO_PASSWORD is not set (README states it).
inline constexpr const char* kDefaultDemoPassword = "Kejizhou@2023";

struct DemoSummary {
  int orgs_added = 0;
  int users_added = 0;
  bool campaign_added = false;
  int activities_added = 0;
};

// Loads the 2023 campaign as the notice states it, Beijing's districts, the co-organizers
// and sample units, and one account per unit. Idempotent: adds only what is missing.
core::Result<DemoSummary> LoadDemoData(store::Db& db, const std::string& password);

}  // namespace sciweek::app
