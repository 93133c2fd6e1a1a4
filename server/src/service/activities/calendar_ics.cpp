#include "service/activities/calendar_ics.hpp"

#include <ctime>

namespace sciweek::service {
namespace {

std::string Utc(core::UnixTime t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[20];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

// A URI value is not TEXT, so it is not escaped; it may not hold control characters either,
// and dropping them keeps a CR or LF from ending the line and starting a property of its own.
std::string UriValue(const std::string& s) {
  std::string out;
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
  return out;
}

// Folds a content line at 75 octets, never inside a UTF-8 sequence.
std::string Fold(const std::string& line) {
  std::string out;
  size_t width = 0;
  for (size_t i = 0; i < line.size();) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line, i, len);
    width += len;
    i += len;
  }
  return out + "\r\n";
}

}  // namespace

std::vector<CalendarEvent> EventsOf(const domain::Activity& a, const std::string& lead_name) {
  std::vector<CalendarEvent> out;
  std::string location = a.venue;
  if (!a.address.empty()) location += (location.empty() ? "" : "，") + a.address;
  std::string description = a.description;
  if (!lead_name.empty()) description += (description.empty() ? "" : "\n") + std::string("主办单位：") + lead_name;
  if (a.status == domain::ActivityStatus::kCancelled && !a.cancel_reason.empty())
    description += "\n活动已取消：" + a.cancel_reason;
  auto base = [&](std::string uid, core::UnixTime start, core::UnixTime end) {
    CalendarEvent e;
    e.uid = std::move(uid);
    e.starts_at = start;
    e.ends_at = end;
    e.summary = a.title;
    e.location = location;
    e.description = description;
    e.url = a.online_url;
    e.cancelled = a.status == domain::ActivityStatus::kCancelled;
    return e;
  };
  for (const auto& s : a.sessions)
    out.push_back(base("session-" + std::to_string(s.id) + "@sciweek", s.starts_at, s.ends_at));
  if (a.sessions.empty()) out.push_back(base("activity-" + std::to_string(a.id) + "@sciweek", a.starts_at, a.ends_at));
  return out;
}

std::string RenderIcs(const std::string& calendar_name, const std::vector<CalendarEvent>& events) {
  std::string out =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//sciweek//Science Week Calendar//ZH\r\n"
      "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n";
  out += Fold("X-WR-CALNAME:" + Escape(calendar_name));
  out += "X-WR-TIMEZONE:Asia/Shanghai\r\n";
  const std::string stamp = Utc(core::Now());
  for (const auto& e : events) {
    out += "BEGIN:VEVENT\r\n";
    out += Fold("UID:" + e.uid);
    out += "DTSTAMP:" + stamp + "\r\n";
    out += "DTSTART:" + Utc(e.starts_at) + "\r\n";
    out += "DTEND:" + Utc(e.ends_at) + "\r\n";
    out += Fold("SUMMARY:" + Escape(e.summary));
    if (!e.location.empty()) out += Fold("LOCATION:" + Escape(e.location));
    if (!e.description.empty()) out += Fold("DESCRIPTION:" + Escape(e.description));
    if (!e.url.empty()) out += Fold("URL:" + UriValue(e.url));
    out += std::string("STATUS:") + (e.cancelled ? "CANCELLED" : "CONFIRMED") + "\r\n";
    out += "END:VEVENT\r\n";
  }
  out += "END:VCALENDAR\r\n";
  return out;
}

}  // namespace sciweek::service
