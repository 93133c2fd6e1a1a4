#pragma once
// Sample activities of the 2023 week for the demo: published ones in the calendar (one led
// by 海淀区 with reservations, check-ins and walk-ins, so its report form suggests figures),
// an online lecture, and one plan waiting for review.
#include "domain/activity.hpp"
#include "store/db.hpp"

namespace sciweek::app {

// What a demo activity says about itself: shared by the 2023 samples and the season.
struct DemoActivityText {
  const char* lead;
  const char* title;
  const char* category;
  const char* mode;
  const char* district;
  const char* venue;
  const char* address;
  const char* description;
};
// An activity with these texts and the demo's contact; times, sessions and status unset.
domain::Activity DescribedActivity(const DemoActivityText& t);

// Adds them to campaign 2023 inside the caller's transaction; returns how many.
int AddDemoActivities(store::Tx& tx, long long now);

}  // namespace sciweek::app
