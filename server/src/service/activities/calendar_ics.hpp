#pragma once
// iCalendar (RFC 5545) files for the public calendar: one VEVENT per session (or one for an
// online activity), times in UTC so no VTIMEZONE is needed, text escaped and lines folded
// at 75 octets without splitting a UTF-8 character.
#include <string>
#include <vector>

#include "core/time.hpp"
#include "domain/activity.hpp"

namespace sciweek::service {

struct CalendarEvent {
  std::string uid;
  core::UnixTime starts_at = 0, ends_at = 0;
  std::string summary, location, description, url;
  bool cancelled = false;
};

std::vector<CalendarEvent> EventsOf(const domain::Activity& a, const std::string& lead_name);
std::string RenderIcs(const std::string& calendar_name, const std::vector<CalendarEvent>& events);

}  // namespace sciweek::service
