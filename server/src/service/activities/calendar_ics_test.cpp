#include "service/activities/calendar_ics.hpp"

#include <gtest/gtest.h>

namespace sciweek::service {
namespace {

// Found by fuzz/fuzz_calendar_ics: the URL was written unescaped, so a CR LF in it ended the
// URL line and the rest became a property of its own in every subscriber's calendar.
TEST(CalendarIcs, ControlCharactersInTheUrlCannotStartALine) {
  CalendarEvent e;
  e.uid = "session-7@sciweek";
  e.summary = "走进实验室";
  e.url = "https://example.org/a\r\nATTACH:https://evil.example/x\nX-INJECTED:1";
  const std::string ics = RenderIcs("北京科技周", {e});
  EXPECT_EQ(ics.find("\r\nATTACH:"), std::string::npos) << ics;
  EXPECT_EQ(ics.find("\nX-INJECTED"), std::string::npos) << ics;
  EXPECT_NE(ics.find("URL:https://example.org/aATTACH:https://evil.example/xX-INJECTED:1\r\n"), std::string::npos)
      << ics;
  size_t lf = 0, crlf = 0;
  for (size_t i = 0; i < ics.size(); ++i) {
    if (ics[i] == '\n') ++lf;
    if (ics[i] == '\n' && i > 0 && ics[i - 1] == '\r') ++crlf;
  }
  EXPECT_EQ(lf, crlf) << "every line ends in CRLF";
}

}  // namespace
}  // namespace sciweek::service
