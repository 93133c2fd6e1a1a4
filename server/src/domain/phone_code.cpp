#include "domain/phone_code.hpp"

#include <algorithm>
#include <utility>

#include "core/crypto.hpp"

namespace sciweek::domain {
namespace {

constexpr std::pair<CodePurpose, std::string_view> kPurposes[] = {
    {CodePurpose::kReserve, "reserve"}, {CodePurpose::kManage, "manage"}, {CodePurpose::kErase, "erase"}};
constexpr std::pair<PhoneVerification, std::string_view> kRules[] = {{PhoneVerification::kOff, "off"},
                                                                     {PhoneVerification::kHighDemand, "high_demand"},
                                                                     {PhoneVerification::kAll, "all"}};

template <typename E, size_t N>
std::optional<E> Parse(const std::pair<E, std::string_view> (&table)[N], std::string_view name) {
  for (const auto& [value, text] : table)
    if (text == name) return value;
  return std::nullopt;
}
template <typename E, size_t N>
std::string_view Name(const std::pair<E, std::string_view> (&table)[N], E value) {
  for (const auto& [v, text] : table)
    if (v == value) return text;
  return table[0].second;
}

}  // namespace

std::string_view CodePurposeName(CodePurpose p) { return Name(kPurposes, p); }
std::optional<CodePurpose> ParseCodePurpose(std::string_view name) { return Parse(kPurposes, name); }
std::string_view PhoneVerificationName(PhoneVerification v) { return Name(kRules, v); }
std::optional<PhoneVerification> ParsePhoneVerification(std::string_view name) { return Parse(kRules, name); }

bool NeedsPhoneCode(PhoneVerification rule, bool high_demand_session) {
  return rule == PhoneVerification::kAll || (rule == PhoneVerification::kHighDemand && high_demand_session);
}

long long CodeRequestWait(const CodePolicy& policy, const CodeHistory& h, core::UnixTime now) {
  long long wait = 0;
  if (h.phone_last_at) wait = std::max<long long>(wait, *h.phone_last_at + policy.resend_seconds - now);
  // Over an hourly or daily count, the honest wait is not known without every time: say the
  // window's length, the longest it can be.
  if (h.phone_last_hour >= policy.per_phone_per_hour || h.ip_last_hour >= policy.per_ip_per_hour)
    wait = std::max<long long>(wait, core::kSecondsPerHour);
  if (h.phone_last_day >= policy.per_phone_per_day) wait = std::max<long long>(wait, 24 * core::kSecondsPerHour);
  return std::max<long long>(wait, 0);
}

std::string NewCode(int digits) {
  std::string code;
  for (int i = 0; i < digits; ++i) code.push_back(static_cast<char>('0' + core::RandomBelow(10)));
  return code;
}

bool IsCodeText(std::string_view text, int digits) {
  return static_cast<int>(text.size()) == digits &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace sciweek::domain
