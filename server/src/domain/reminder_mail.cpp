#include "domain/reminder_mail.hpp"

namespace sciweek::domain {

ReminderMailText ComposeReminderMail(const Campaign& c, const OrgUnit& unit, const std::string& message,
                                     core::UnixTime deadline) {
  ReminderMailText out;
  out.subject = "【" + c.name + "】统计表催报提醒";
  std::string b;
  b += unit.name + (unit.contact_name.empty() ? "" : "（" + unit.contact_name + "）") + "：\n\n";
  b += message + "\n\n";
  b += "活动：" + c.name + "（第" + std::to_string(c.edition) + "届）\n";
  b += "报送截止时间：" + core::FormatShanghaiChinese(deadline) + "（北京时间）\n";
  b += "请登录北京科技周活动与统计报送平台，填写并提交《科技周活动开展情况统计表》及相关材料。\n";
  if (!c.contacts.empty()) {
    b += "\n联系人：";
    for (size_t i = 0; i < c.contacts.size(); ++i)
      b += (i ? "；" : "") + c.contacts[i].name + (c.contacts[i].phone.empty() ? "" : " " + c.contacts[i].phone);
    b += "\n";
  }
  if (!c.contact_email.empty()) b += "电子邮箱：" + c.contact_email + "\n";
  b += "\n此邮件由系统自动发送，请勿直接回复。\n";
  out.body = std::move(b);
  return out;
}

}  // namespace sciweek::domain
