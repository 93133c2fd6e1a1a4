#include "domain/reminder_mail.hpp"

#include <gtest/gtest.h>

namespace sciweek::domain {

TEST(ReminderMail, NamesTheCampaignTheUnitAndTheDeadlineInBeijingTime) {
  Campaign c;
  c.year = 2023;
  c.edition = 29;
  c.name = "2023年北京科技周";
  c.contacts = {{"栗英轩", "55577988"}, {"李杨", "88827919"}};
  c.contact_email = "41236560@qq.com";
  OrgUnit u{"110101", "东城区", OrgType::kDistrict, "", "东城区科委科普科", "", true};
  // 2023-06-12 10:00 UTC = 18:00 in Beijing.
  auto m = ComposeReminderMail(c, u, "请尽快填报", 1686564000);
  EXPECT_EQ(m.subject, "【2023年北京科技周】统计表催报提醒");
  EXPECT_EQ(m.body.rfind("东城区（东城区科委科普科）：\n\n请尽快填报\n", 0), 0u) << m.body;
  EXPECT_NE(m.body.find("报送截止时间：2023年6月12日 18:00（北京时间）"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("联系人：栗英轩 55577988；李杨 88827919"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("电子邮箱：41236560@qq.com"), std::string::npos) << m.body;
}

}  // namespace sciweek::domain
