#pragma once
// One-time SMS codes (issue 11 §2, decision 0019): what a code is, how long it lives, how often
// a phone or an address may ask for one, and when a reservation needs one. Pure: the store
// counts, the service decides with these rules and sends through the outbox.
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace sciweek::domain {

// What a code lets its holder do.
enum class CodePurpose {
  kReserve,  // take a place in a session that needs a verified phone
  kManage,   // sign in as the phone: list and cancel its reservations on any device
  kErase,    // delete the phone's personal data
};
std::string_view CodePurposeName(CodePurpose p);
std::optional<CodePurpose> ParseCodePurpose(std::string_view name);

struct CodePolicy {
  int digits = 6;
  int ttl_seconds = 300;       // a code is good for 5 minutes
  int max_attempts = 5;        // checks against one code, right or wrong
  int resend_seconds = 60;     // between two codes to one phone
  int per_phone_per_hour = 5;  // codes to one phone
  int per_phone_per_day = 10;
  int per_ip_per_hour = 30;  // codes asked from one address (schools share one: generous)
};

// What the store counted before a new code is sent.
struct CodeHistory {
  std::optional<core::UnixTime> phone_last_at;  // the phone's newest code, any purpose
  int phone_last_hour = 0;
  int phone_last_day = 0;
  int ip_last_hour = 0;
};

// Whether a new code may be sent now: 0 when it may, else the seconds to wait (≥ 1).
long long CodeRequestWait(const CodePolicy& policy, const CodeHistory& h, core::UnixTime now);

// `digits` decimal digits, uniformly random (leading zeros kept).
std::string NewCode(int digits);
// Exactly `digits` ASCII digits.
bool IsCodeText(std::string_view text, int digits);

// The campaign's rule for when a reservation needs a verified phone.
enum class PhoneVerification { kOff, kHighDemand, kAll };
std::string_view PhoneVerificationName(PhoneVerification v);
std::optional<PhoneVerification> ParsePhoneVerification(std::string_view name);
bool NeedsPhoneCode(PhoneVerification rule, bool high_demand_session);

}  // namespace sciweek::domain
