// The public iCalendar feed (service/calendar_ics): an activity whose title, venue,
// address, description, cancel reason, online URL, lead unit and calendar name are fuzzed
// (split by NUL bytes). Properties: every content line ends in CRLF with no other CR or LF,
// is at most 75 octets, a continuation starts with a space, and unfolding then unescaping
// SUMMARY gives back the title (CR dropped, as the renderer documents).
#include "service/activities/calendar_ics.hpp"
#include "support/fuzz_support.hpp"

namespace {

using namespace sciweek;

std::string Unescape(const std::string& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      ++i;
      out += v[i] == 'n' || v[i] == 'N' ? '\n' : v[i];
    } else {
      out += v[i];
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto f = fuzz::SplitNul(fuzz::AsString(data, size), 8);
  domain::Activity a;
  a.id = 42;
  a.title = f[0];
  a.venue = f[1];
  a.address = f[2];
  a.description = f[3];
  a.cancel_reason = f[4];
  a.online_url = f[5];
  a.status = f[4].empty() ? domain::ActivityStatus::kApproved : domain::ActivityStatus::kCancelled;
  a.starts_at = 1778900000;
  a.ends_at = a.starts_at + 7200;
  if (f[0].size() % 2) a.sessions.push_back({7, 42, a.starts_at, a.ends_at, 30, 0});
  const std::string ics = service::RenderIcs(f[7], service::EventsOf(a, f[6]));

  std::vector<std::string> unfolded;
  size_t pos = 0;
  for (size_t end; (end = ics.find("\r\n", pos)) != std::string::npos; pos = end + 2) {
    const std::string line = ics.substr(pos, end - pos);
    FUZZ_CHECK(line.find('\r') == std::string::npos && line.find('\n') == std::string::npos, "no bare CR or LF");
    FUZZ_CHECK(line.size() <= 75, "a content line is at most 75 octets");
    FUZZ_CHECK(!line.empty(), "no empty content line");
    if (line[0] == ' ') {
      FUZZ_CHECK(!unfolded.empty(), "a continuation follows a line");
      unfolded.back() += line.substr(1);
    } else {
      FUZZ_CHECK(line.find(':') != std::string::npos, "a content line is NAME:value");
      unfolded.push_back(line);
    }
  }
  FUZZ_CHECK(pos == ics.size(), "the calendar ends with CRLF");

  std::string title;
  for (char c : a.title)
    if (c != '\r') title += c;
  bool found = false;
  for (const auto& line : unfolded) {
    if (line.rfind("SUMMARY:", 0) == 0) {
      FUZZ_CHECK(Unescape(line.substr(8)) == title, "the summary round-trips");
      found = true;
    }
  }
  FUZZ_CHECK(found, "the event has a SUMMARY");
  return 0;
}
