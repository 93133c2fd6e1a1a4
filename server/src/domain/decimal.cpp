#include "domain/decimal.hpp"

#include <cmath>
#include <limits>

namespace sciweek::domain {
namespace {
constexpr long long kMaxWhole = 1'000'000'000'000LL;  // 10^12: far past any real figure
}

std::optional<Hundredths> ParseDecimal2(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  const size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (whole.empty() || whole.size() > 13 || frac.size() > 2 || (dot != std::string_view::npos && frac.empty()))
    return std::nullopt;
  long long w = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    w = w * 10 + (c - '0');
  }
  if (w > kMaxWhole) return std::nullopt;
  long long f = 0;
  for (size_t i = 0; i < 2; ++i) {
    f *= 10;
    if (i < frac.size()) {
      if (frac[i] < '0' || frac[i] > '9') return std::nullopt;
      f += frac[i] - '0';
    }
  }
  const long long v = w * 100 + f;
  return negative ? -v : v;
}

std::optional<Hundredths> FromNumber(double value, bool integer_only) {
  if (!std::isfinite(value) || std::fabs(value) > static_cast<double>(kMaxWhole)) return std::nullopt;
  const double scaled = value * 100.0;
  const double rounded = std::round(scaled);
  // Multiplying by 100 may be off by a few ulps (0.29 * 100 = 28.999999999999996); a third
  // decimal place is off by at least 0.1, far beyond that.
  const double ulp = std::nextafter(std::fabs(scaled), std::numeric_limits<double>::infinity()) - std::fabs(scaled);
  if (std::fabs(scaled - rounded) > std::max(1e-6, 8 * ulp)) return std::nullopt;
  const auto v = static_cast<Hundredths>(rounded);
  if (integer_only && v % 100 != 0) return std::nullopt;
  return v;
}

std::string FormatDecimal2(Hundredths v) {
  const bool negative = v < 0;
  const unsigned long long a =
      negative ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
  std::string frac = std::to_string(a % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return (negative ? "-" : "") + std::to_string(a / 100) + "." + frac;
}

std::string FormatInteger(Hundredths v) { return std::to_string(v / 100); }

}  // namespace sciweek::domain
