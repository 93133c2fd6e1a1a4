#pragma once
// Personal data that expires (issue 11 §4, decision 0020): when a campaign's visitor data is
// due for erasure, and what replaces it. Pure: the store rewrites the rows.
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "domain/campaign.hpp"

namespace sciweek::domain {

// What an erased name reads as, everywhere it is shown or exported.
inline constexpr std::string_view kErasedName = "（已删除）";
// Phones and e-mail addresses become "erased:<reservation id>": unique (the one-live-
// reservation-per-phone index still holds), and carrying nothing of the person.
inline constexpr std::string_view kErasedPrefix = "erased:";
bool IsErasedContact(std::string_view phone_or_email);

// The first Shanghai date on which the campaign's visitor data is erased:
// end_date + personal_data_days. Empty when the end date does not read.
std::string ErasureDate(const Campaign& c);
// Whether that date has come by `today` (YYYY-MM-DD).
bool PersonalDataExpired(const Campaign& c, std::string_view today);

}  // namespace sciweek::domain
