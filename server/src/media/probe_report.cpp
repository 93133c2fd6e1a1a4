#include "media/probe_report.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace sciweek::media {
namespace {

constexpr std::string_view kHeader = "sciweek-probe 1";
constexpr double kMaxSeconds = 1e9;  // ~31 years: anything longer is not a measurement

bool IsMimeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '+' ||
         c == '_' || c == '-';
}

// "12.345": digits, one optional dot, digits; nothing strtod would read differently
// (no sign, exponent, hex, inf or nan).
std::optional<double> ParseSeconds(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  int dots = 0;
  for (char c : s) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return std::nullopt;
    }
  }
  if (dots > 1 || s.front() == '.' || s.back() == '.') return std::nullopt;
  const double v = std::strtod(std::string(s).c_str(), nullptr);
  if (!std::isfinite(v) || !(v > 0) || v > kMaxSeconds) return std::nullopt;
  return v;
}

std::optional<VideoFacts> ParseVideo(std::string_view rest) {
  using S = VideoFacts::Status;
  if (rest == "unreadable") return VideoFacts{S::kUnreadable, 0};
  if (rest == "no-picture") return VideoFacts{S::kNoPicture, 0};
  if (rest == "no-duration") return VideoFacts{S::kNoDuration, 0};
  constexpr std::string_view kMeasured = "measured ";
  if (rest.substr(0, kMeasured.size()) != kMeasured) return std::nullopt;
  auto seconds = ParseSeconds(rest.substr(kMeasured.size()));
  if (!seconds) return std::nullopt;
  return VideoFacts{S::kMeasured, *seconds};
}

std::optional<ProbeReport> Refuse(std::string& why, std::string reason) {
  why = std::move(reason);
  return std::nullopt;
}

}  // namespace

bool IsMimeToken(std::string_view s) {
  if (s.empty() || s.size() > 127) return false;
  const auto slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == s.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i != slash && !IsMimeChar(s[i])) return false;
  }
  return true;
}

std::string FormatProbeReport(const ProbeReport& report) {
  std::string out = std::string(kHeader) + "\nmime " + report.mime + "\n";
  if (report.video) {
    out += "video ";
    switch (report.video->status) {
      case VideoFacts::Status::kMeasured: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3f", report.video->seconds);
        out += std::string("measured ") + buf;
        break;
      }
      case VideoFacts::Status::kUnreadable: out += "unreadable"; break;
      case VideoFacts::Status::kNoPicture: out += "no-picture"; break;
      case VideoFacts::Status::kNoDuration: out += "no-duration"; break;
    }
    out += "\n";
  }
  return out + "end\n";
}

std::optional<ProbeReport> ParseProbeReport(std::string_view text, std::string& why) {
  if (text.size() > kMaxProbeReportBytes) return Refuse(why, "report longer than the limit");
  if (text.empty() || text.back() != '\n') return Refuse(why, "report does not end with a newline");
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < text.size();) {
    const size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  if (lines.size() < 3 || lines.size() > 4) return Refuse(why, "report has " + std::to_string(lines.size()) + " lines");
  if (lines.front() != kHeader) return Refuse(why, "unknown report header");
  if (lines.back() != "end") return Refuse(why, "report does not end with 'end'");
  ProbeReport report;
  constexpr std::string_view kMime = "mime ";
  if (lines[1].substr(0, kMime.size()) != kMime || !IsMimeToken(lines[1].substr(kMime.size())))
    return Refuse(why, "bad mime line");
  report.mime = std::string(lines[1].substr(kMime.size()));
  if (lines.size() == 4) {
    constexpr std::string_view kVideo = "video ";
    if (lines[2].substr(0, kVideo.size()) != kVideo) return Refuse(why, "bad video line");
    report.video = ParseVideo(lines[2].substr(kVideo.size()));
    if (!report.video) return Refuse(why, "bad video line");
  }
  return report;
}

}  // namespace sciweek::media
