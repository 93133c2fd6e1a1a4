#pragma once
// Fixed-point amounts with two decimal places (万元 and counts alike), held as integer
// hundredths so sums are exact: 0.1 + 0.2 is 0.30, never 0.30000000000000004.
#include <optional>
#include <string>
#include <string_view>

namespace sciweek::domain {

using Hundredths = long long;

// "12", "12.3", "12.34", "-0.5" → hundredths; nullopt for anything else (3+ places,
// exponents, spaces, empty).
std::optional<Hundredths> ParseDecimal2(std::string_view text);

// A JSON number as received (a double): accepted only when it has at most two decimal
// places within floating-point noise; `integer_only` also refuses any fraction.
std::optional<Hundredths> FromNumber(double value, bool integer_only);

// 1234 → "12.34", 1200 → "12.00", -5 → "-0.05".
std::string FormatDecimal2(Hundredths v);
// 1200 → "12" (for integer fields).
std::string FormatInteger(Hundredths v);

}  // namespace sciweek::domain
