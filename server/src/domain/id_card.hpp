#pragma once
// Resident identity card numbers (居民身份证号码, GB 11643-1999) for real-name bookings
// (issue 11 §2, decision 0021). Pure rules: what a valid number is, how it is shown masked and
// which part the gate checks. The number itself is never stored: the service keeps a keyed
// digest (service/visitors/data_key.hpp) to find the same card twice, and the last four characters for
// the gate.
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace sciweek::domain {

// What is wrong with a typed number, in the order it is checked.
enum class IdCardProblem {
  kLength,    // not 18 characters after spaces are dropped
  kFormat,    // not 17 digits and a digit or X
  kRegion,    // the first two digits name no province-level region
  kBirth,     // the birth date (characters 7–14) is not a real date, is in the future or before 1900
  kChecksum,  // the 18th character does not match the first 17 (ISO 7064 MOD 11-2)
};
std::string IdCardProblemMessage(IdCardProblem p);  // Chinese, for the form

// Drops spaces, upper-cases a final x; then either the 18-character number or its problem.
// `now` bounds the birth date (no one is born after today in Shanghai).
struct IdCardCheck {
  std::string number;  // normalized, when valid
  std::optional<IdCardProblem> problem;
};
IdCardCheck CheckIdCard(std::string_view typed, core::UnixTime now);

// The check character (0–9 or X) of the first 17 digits.
char IdCardCheckChar(std::string_view first17);

// The last four characters, what staff compare with the card at the gate.
std::string IdCardLast4(std::string_view number);
// "**************123X": only the last four shown (the region and birth date say too much).
std::string MaskIdCard(std::string_view last4);
// Whether what staff typed at the gate (spaces dropped, x upper-cased) is these last four.
bool IdCardLast4Matches(std::string_view last4, std::string_view typed);

}  // namespace sciweek::domain
