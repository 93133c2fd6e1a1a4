#pragma once
// What the media probe child found in an upload, and the few lines it sends back to the
// server on its stdout. The server trusts nothing the child says until ParseProbeReport has
// accepted it: the child parsed hostile bytes and may have been subverted by them.
//
//   sciweek-probe 1
//   mime video/mp4
//   video measured 10.000          (only for a video type: measured S | unreadable |
//   end                             no-picture | no-duration)
#include <optional>
#include <string>
#include <string_view>

namespace sciweek::media {

struct VideoFacts {
  enum class Status { kMeasured, kUnreadable, kNoPicture, kNoDuration };
  Status status = Status::kUnreadable;
  double seconds = 0;  // kMeasured only: > 0
};

struct ProbeReport {
  std::string mime;                 // sniffed by libmagic (a Word package already told from a zip)
  std::optional<VideoFacts> video;  // present when the mime is one of a video family
};

constexpr size_t kMaxProbeReportBytes = 512;

// A MIME type as libmagic writes them: type/subtype of [A-Za-z0-9.+_-], at most 127 bytes.
bool IsMimeToken(std::string_view s);

std::string FormatProbeReport(const ProbeReport& report);

// Exactly the lines above, in that order, each ending in \n, nothing after "end", at most
// kMaxProbeReportBytes. nullopt with `why` (for the log) otherwise.
std::optional<ProbeReport> ParseProbeReport(std::string_view text, std::string& why);

}  // namespace sciweek::media
