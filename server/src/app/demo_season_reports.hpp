#pragma once
// The reporting phase of the demo's season, played forward on a simulated clock: units file
// after the week (figures, a summary report, media reports), the organizer chases, returns
// one table with reasons per field, approves others, grants an extension; one unit files
// late and one keeps a draft. 2023 gets the same units' approved figures, filed in 2023, as
// the year-over-year reference.
#include "app/demo_actors.hpp"
#include "app/demo_season.hpp"
#include "service/support/file_store.hpp"

namespace sciweek::app {

// The season's report deadline: 18:00 on the eighth day after the week.
core::UnixTime SeasonDeadline(const SeasonWeek& week);

// Returns how many reports it filed or saved (both years).
core::Result<int> PlayReportingPhase(store::Db& db, DemoActors& people, service::FileStore& files,
                                     const SeasonWeek& week);

}  // namespace sciweek::app
