#include "core/time.hpp"

#include <chrono>
#include <cstdio>

namespace sciweek::core {
namespace {

struct Civil {
  int y;
  unsigned m, d;
};

Civil CivilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), m, d};
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly n digits at s[pos..]; advances pos.
std::optional<int> Digits(std::string_view s, size_t& pos, size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

std::optional<std::int64_t> ParseDateAt(std::string_view s, size_t& pos) {
  auto y = Digits(s, pos, 4);
  if (!y || !Expect(s, pos, '-')) return std::nullopt;
  auto m = Digits(s, pos, 2);
  if (!m || !Expect(s, pos, '-')) return std::nullopt;
  auto d = Digits(s, pos, 2);
  if (!d || *y < 1900 || *m < 1 || *m > 12 || *d < 1 ||
      static_cast<unsigned>(*d) > DaysInMonth(*y, static_cast<unsigned>(*m)))
    return std::nullopt;
  return DaysFromCivil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

}  // namespace

std::int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

UnixTime Now() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t ShanghaiDay(UnixTime t) {
  const UnixTime local = t + kShanghaiOffsetSeconds;
  // Floor division: the second before the epoch's midnight is still the day before.
  return local >= 0 ? local / kSecondsPerDay : -((-local + kSecondsPerDay - 1) / kSecondsPerDay);
}

int ShanghaiSecondOfDay(UnixTime t) {
  return static_cast<int>(t + kShanghaiOffsetSeconds - ShanghaiDay(t) * kSecondsPerDay);
}

namespace {

struct LocalTime {
  std::int64_t days;  // since 1970-01-01, Shanghai calendar
  int secs;           // into that day
  Civil civil;
};

LocalTime ToShanghai(UnixTime t) {
  const std::int64_t days = ShanghaiDay(t);
  return {days, ShanghaiSecondOfDay(t), CivilFromDays(days)};
}

}  // namespace

std::string FormatShanghaiChinese(UnixTime t) {
  const LocalTime l = ToShanghai(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%d年%u月%u日 %02d:%02d", l.civil.y, l.civil.m, l.civil.d, l.secs / 3600,
                l.secs / 60 % 60);
  return buf;
}

std::string FormatRfc5322(UnixTime t) {
  static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01: Thu
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const LocalTime l = ToShanghai(t);
  const auto weekday = ((l.days % 7) + 7) % 7;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0800", kDays[weekday], l.civil.d,
                kMonths[l.civil.m - 1], l.civil.y, l.secs / 3600, l.secs / 60 % 60, l.secs % 60);
  return buf;
}

std::string FormatShanghai(UnixTime t) {
  const LocalTime l = ToShanghai(t);
  const Civil c = l.civil;
  const std::int64_t secs = l.secs;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", c.y, c.m, c.d, static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

std::string ShanghaiDate(UnixTime t) { return FormatShanghai(t).substr(0, 10); }

std::optional<std::int64_t> ParseDate(std::string_view text) {
  size_t pos = 0;
  auto days = ParseDateAt(text, pos);
  if (!days || pos != text.size()) return std::nullopt;
  return days;
}

std::optional<UnixTime> ParseDateTime(std::string_view s) {
  size_t pos = 0;
  auto days = ParseDateAt(s, pos);
  if (!days) return std::nullopt;
  if (!Expect(s, pos, 'T') && !Expect(s, pos, ' ')) return std::nullopt;
  auto hh = Digits(s, pos, 2);
  if (!hh || !Expect(s, pos, ':')) return std::nullopt;
  auto mm = Digits(s, pos, 2);
  if (!mm) return std::nullopt;
  int ss = 0;
  if (Expect(s, pos, ':')) {
    auto v = Digits(s, pos, 2);
    if (!v) return std::nullopt;
    ss = *v;
    if (Expect(s, pos, '.')) {  // fractions are accepted and dropped
      size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
    }
  }
  if (*hh > 23 || *mm > 59 || ss > 59) return std::nullopt;
  int offset = kShanghaiOffsetSeconds;
  if (pos < s.size()) {
    if (Expect(s, pos, 'Z')) {
      offset = 0;
    } else {
      const char sign = s[pos];
      if (sign != '+' && sign != '-') return std::nullopt;
      ++pos;
      auto oh = Digits(s, pos, 2);
      if (!oh || !Expect(s, pos, ':')) return std::nullopt;
      auto om = Digits(s, pos, 2);
      if (!om || *oh > 14 || *om > 59) return std::nullopt;
      offset = (sign == '+' ? 1 : -1) * (*oh * 3600 + *om * 60);
    }
  }
  if (pos != s.size()) return std::nullopt;
  return *days * 86400 + *hh * 3600 + *mm * 60 + ss - offset;
}

}  // namespace sciweek::core
