#include "domain/personal_data.hpp"

namespace sciweek::domain {

bool IsErasedContact(std::string_view phone_or_email) { return phone_or_email.rfind(kErasedPrefix, 0) == 0; }

std::string ErasureDate(const Campaign& c) {
  auto end = core::ParseDate(c.end_date);
  if (!end) return {};
  return core::ShanghaiDate(core::ShanghaiDayStart(*end + c.personal_data_days));
}

bool PersonalDataExpired(const Campaign& c, std::string_view today) {
  const auto date = ErasureDate(c);
  return !date.empty() && date <= today;
}

}  // namespace sciweek::domain
