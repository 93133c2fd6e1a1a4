#include "domain/id_card.hpp"

#include <array>

namespace sciweek::domain {
namespace {

// Province-level regions by the first two digits (GB/T 2260), Hong Kong, Macao and Taiwan
// residence permits (81, 82, 83) included. Foreigners' permanent residence cards of the 2023
// format start with 9 and otherwise follow the same layout and check character.
bool KnownRegion(char a, char b) {
  static constexpr std::array<int, 35> kRegions = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                                   35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                                   53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
  if (a == '9') return true;
  const int code = (a - '0') * 10 + (b - '0');
  for (int r : kRegions)
    if (r == code) return true;
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Spaces dropped (people type it in groups), a final x upper-cased.
std::string Normalize(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '\t') continue;
    out.push_back(c == 'x' ? 'X' : c);
    if (out.size() > 32) break;  // long enough to be wrong; no need to copy the rest
  }
  return out;
}

}  // namespace

std::string IdCardProblemMessage(IdCardProblem p) {
  switch (p) {
    case IdCardProblem::kLength: return "身份证号码须为18位";
    case IdCardProblem::kFormat: return "身份证号码须为17位数字加1位数字或X";
    case IdCardProblem::kRegion: return "身份证号码的地区码不正确";
    case IdCardProblem::kBirth: return "身份证号码中的出生日期不正确";
    case IdCardProblem::kChecksum: return "身份证号码校验位不符，请核对";
  }
  return "身份证号码不正确";
}

char IdCardCheckChar(std::string_view first17) {
  // ISO 7064 MOD 11-2: weight 2^(17-i) mod 11 for position i, the sum mod 11 mapped below.
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size() && i < first17.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

IdCardCheck CheckIdCard(std::string_view typed, core::UnixTime now) {
  IdCardCheck out;
  std::string n = Normalize(typed);
  if (n.size() != 18) {
    out.problem = IdCardProblem::kLength;
    return out;
  }
  for (std::size_t i = 0; i < 17; ++i)
    if (!IsDigit(n[i])) {
      out.problem = IdCardProblem::kFormat;
      return out;
    }
  if (!IsDigit(n[17]) && n[17] != 'X') {
    out.problem = IdCardProblem::kFormat;
    return out;
  }
  if (!KnownRegion(n[0], n[1])) {
    out.problem = IdCardProblem::kRegion;
    return out;
  }
  const std::string birth = n.substr(6, 4) + "-" + n.substr(10, 2) + "-" + n.substr(12, 2);
  const auto day = core::ParseDate(birth);
  if (!day || n.compare(6, 4, "1900") < 0 || *day > core::ShanghaiDay(now)) {
    out.problem = IdCardProblem::kBirth;
    return out;
  }
  if (IdCardCheckChar(std::string_view(n).substr(0, 17)) != n[17]) {
    out.problem = IdCardProblem::kChecksum;
    return out;
  }
  out.number = std::move(n);
  return out;
}

std::string IdCardLast4(std::string_view number) {
  return std::string(number.size() >= 4 ? number.substr(number.size() - 4) : number);
}

std::string MaskIdCard(std::string_view last4) { return std::string(14, '*') + std::string(last4); }

bool IdCardLast4Matches(std::string_view last4, std::string_view typed) {
  const std::string t = Normalize(typed);
  return last4.size() == 4 && t == last4;
}

}  // namespace sciweek::domain
