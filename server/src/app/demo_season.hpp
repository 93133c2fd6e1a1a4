#pragma once
// The living season of the demo: a campaign whose week starts a few days after the day the
// demo runs, with published activities open for reservation now, and the reporting phase
// of that season played forward (reports in every state, materials, a chase log), beside
// 2023's filed figures as last year's reference. Everything goes through the services, as
// the people named in each step would do it through the API; see docs/decisions/0011.
#include <string>

#include "core/result.hpp"
#include "core/time.hpp"
#include "service/support/file_store.hpp"
#include "store/db.hpp"

namespace sciweek::app {

struct SeasonSummary {
  int year = 0;            // 0 when the season was there already
  std::string start_date;  // the week, Shanghai dates
  std::string end_date;
  int activities = 0;
  int reports = 0;
};

// The week a season started at `now` holds: starts three days later (Shanghai), lasts
// seven days, and stays inside one calendar year (a week that would cross the new year
// moves to 1 January).
struct SeasonWeek {
  int year = 0;
  std::string start_date, end_date;
};
SeasonWeek SeasonWeekFor(core::UnixTime now);
// Midnight (Shanghai) opening a valid YYYY-MM-DD date of the season, as an instant.
core::UnixTime SeasonDayStart(const std::string& date);

// Adds the season unless a campaign of its year exists. The emergency plan and the summary
// reports are uploaded into `files`, where the server keeps uploads.
core::Result<SeasonSummary> AddLivingSeason(store::Db& db, service::FileStore& files, core::UnixTime now);

}  // namespace sciweek::app
