#pragma once
// The activity exports as Workbooks: the organizer's list of every activity with its
// sessions and figures, the list of every unit's media reports, and a unit's attendee list
// for one session (full phone numbers: the unit's own staff only).
#include <string>
#include <vector>

#include "domain/activity.hpp"
#include "domain/campaign.hpp"
#include "domain/workbook.hpp"

namespace sciweek::domain {

struct ActivityRow {
  Activity activity;
  std::string lead_name, district_name, co_organizer_names;
  long long reserved = 0, checked_in = 0, walk_ins = 0;
};
Workbook ActivitiesWorkbook(const Campaign& campaign, const std::vector<ActivityRow>& rows);

struct AttendeeRow {
  std::string ticket_no, name, phone, status_label;
  int party_size = 0;
  core::UnixTime created_at = 0;
  std::optional<core::UnixTime> checked_in_at;
};
Workbook AttendeesWorkbook(const std::string& activity_title, const Session& session,
                           const std::vector<AttendeeRow>& rows);

// Every unit's media reports (the organizer's summary pack): unit, outlet, title, date, link.
struct MediaReportListRow {
  std::string unit_code, unit_name, type_label, district_name, outlet, title, published_on, url;
};
Workbook MediaReportsWorkbook(const Campaign& campaign, const std::vector<MediaReportListRow>& rows);

// 已确认, 已入场, 已取消 …
std::string ReservationStatusLabel(const std::string& status);
std::string ActivityStatusLabel(ActivityStatus s);

}  // namespace sciweek::domain
