#pragma once
// Instants are Unix seconds (UnixTime). Everything shown to people or sent on the wire
// is Asia/Shanghai: UTC+08:00 all year (no daylight saving since 1991), so a fixed
// offset is exact for every date this system handles and needs no tz database.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sciweek::core {

using UnixTime = std::int64_t;
inline constexpr int kShanghaiOffsetSeconds = 8 * 3600;
inline constexpr UnixTime kSecondsPerHour = 3600;
inline constexpr UnixTime kSecondsPerDay = 86400;

// The instant a Shanghai calendar day begins; `days` counts from 1970-01-01 as ParseDate's do.
// Every "midnight in Beijing" of the code is this one function.
constexpr UnixTime ShanghaiDayStart(std::int64_t days) { return days * kSecondsPerDay - kShanghaiOffsetSeconds; }
// The Shanghai calendar day (days since 1970-01-01) that `t` falls in, and the seconds since
// its midnight (0..86399), for times before 1970 too.
std::int64_t ShanghaiDay(UnixTime t);
int ShanghaiSecondOfDay(UnixTime t);

// Now, as Unix seconds. The one place that reads the wall clock.
UnixTime Now();

// "2023-06-12T18:00:00+08:00".
std::string FormatShanghai(UnixTime t);
// "2023-06-12" (the Shanghai calendar date of t).
std::string ShanghaiDate(UnixTime t);
// "2023年6月12日 18:00", as people in Beijing write it.
std::string FormatShanghaiChinese(UnixTime t);
// RFC 5322 date-time in Shanghai time: "Mon, 12 Jun 2023 18:00:00 +0800" (mail Date header).
std::string FormatRfc5322(UnixTime t);

// Parses "YYYY-MM-DDTHH:MM[:SS][.fff](Z|±HH:MM)?"; a space may replace 'T'. Without an
// offset the time is read as Asia/Shanghai. Rejects impossible dates and times.
std::optional<UnixTime> ParseDateTime(std::string_view text);

// Parses "YYYY-MM-DD" and checks it is a real calendar date; returns days since 1970-01-01.
std::optional<std::int64_t> ParseDate(std::string_view text);

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t DaysFromCivil(int y, unsigned m, unsigned d);

}  // namespace sciweek::core
