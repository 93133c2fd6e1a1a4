#pragma once
// The words of a reminder sent by e-mail (催报邮件): a subject naming the campaign and a
// plain-text body with the organizer's message, the unit's deadline in Beijing time and
// whom to call. Pure; notify/ turns it into a MIME message.
#include <string>

#include "core/time.hpp"
#include "domain/campaign.hpp"
#include "domain/org_unit.hpp"

namespace sciweek::domain {

struct ReminderMailText {
  std::string subject;  // 【2023年北京科技周】统计表催报提醒
  std::string body;     // LF line ends
};

// deadline: the unit's own (an extension) or the campaign's.
ReminderMailText ComposeReminderMail(const Campaign& campaign, const OrgUnit& unit, const std::string& message,
                                     core::UnixTime deadline);

}  // namespace sciweek::domain
