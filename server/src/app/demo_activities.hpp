#pragma once
// Sample activities of the 2023 week for the demo: published ones in the calendar (one led
// by 海淀区 with reservations, check-ins and walk-ins, so its report form suggests figures),
// an online lecture, and one plan waiting for review.
#include "store/db.hpp"

namespace sciweek::app {

// Adds them to campaign 2023 inside the caller's transaction; returns how many.
int AddDemoActivities(store::Tx& tx, long long now);

}  // namespace sciweek::app
