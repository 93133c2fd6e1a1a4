#include "domain/org_import.hpp"

#include <gtest/gtest.h>

namespace sciweek::domain {
namespace {

std::map<std::string, OrgUnit> Existing() {
  OrgUnit haidian{"110108", "海淀区", OrgType::kDistrict, "", "", ""};
  haidian.contact_email = "110108@example.org.cn";
  return {{"110108", haidian}};
}

const char* kHeader = "code,name,type,parent_code,contact_name,contact_phone\n";

}  // namespace

TEST(OrgImport, PlansCreatesParentFirstAndUpdates) {
  auto csv = core::ParseCsv(std::string(kHeader) +
                            "lab1,实验室,institute,uni1,张三,010-1\n"
                            "uni1,某大学,university,110108,,\n"
                            "110108,海淀区（更新）,district,,,\n");
  auto plan = PlanOrgImport(csv.records, Existing());
  ASSERT_TRUE(plan.problems.empty()) << plan.problems[0].message;
  ASSERT_EQ(plan.creates.size(), 2u);
  EXPECT_EQ(plan.creates[0].code, "uni1");
  EXPECT_EQ(plan.creates[1].code, "lab1");
  ASSERT_EQ(plan.updates.size(), 1u);
  EXPECT_EQ(plan.updates[0].name, "海淀区（更新）");
}

TEST(OrgImport, NamesEveryBadLine) {
  auto csv = core::ParseCsv(std::string(kHeader) +
                            "a1,甲,planet,,,\n"
                            "a2,乙,other,nowhere,,\n"
                            "a3,丙,other,,,\n"
                            "a3,丙二,other,,,\n"
                            "c1,环一,other,c2,,\n"
                            "c2,环二,other,c1,,\n");
  auto plan = PlanOrgImport(csv.records, Existing());
  std::vector<int> lines;
  for (const auto& p : plan.problems) lines.push_back(p.line);
  EXPECT_EQ(lines, (std::vector<int>{2, 5, 3, 6, 7}));
  EXPECT_TRUE(plan.creates.empty());
}

TEST(OrgImport, ReadsTheOptionalEmailColumnAndKeepsAddressesOfOlderFiles) {
  auto with = core::ParseCsv(std::string("code,name,type,parent_code,contact_name,contact_phone,contact_email\n") +
                             "uni1,某大学,university,110108,,,uni1@example.org.cn\n"
                             "110108,海淀区,district,,,,\n"
                             "bad1,某单位,other,,,,not-an-address\n");
  auto plan = PlanOrgImport(with.records, Existing());
  ASSERT_EQ(plan.problems.size(), 1u);
  EXPECT_EQ(plan.problems[0].line, 4);
  EXPECT_EQ(plan.problems[0].field, "contact_email");

  with = core::ParseCsv(std::string("code,name,type,parent_code,contact_name,contact_phone,contact_email\n") +
                        "uni1,某大学,university,110108,,,uni1@example.org.cn\n"
                        "110108,海淀区,district,,,,\n");
  plan = PlanOrgImport(with.records, Existing());
  ASSERT_TRUE(plan.problems.empty()) << plan.problems[0].message;
  EXPECT_EQ(plan.creates.at(0).contact_email, "uni1@example.org.cn");
  EXPECT_EQ(plan.updates.at(0).contact_email, "") << "an empty cell clears the address";

  auto without = core::ParseCsv(std::string(kHeader) + "110108,海淀区,district,,,\n");
  plan = PlanOrgImport(without.records, Existing());
  ASSERT_TRUE(plan.problems.empty()) << plan.problems[0].message;
  EXPECT_EQ(plan.updates.at(0).contact_email, "110108@example.org.cn") << "a file without the column keeps it";

  auto mixed = core::ParseCsv(std::string(kHeader) + "x1,某单位,other,,,,x1@example.org.cn\n");
  plan = PlanOrgImport(mixed.records, Existing());
  ASSERT_EQ(plan.problems.size(), 1u) << "rows have as many cells as the header";
}

TEST(OrgImport, RefusesAWrongHeader) {
  auto csv = core::ParseCsv("code,name\nx,y\n");
  auto plan = PlanOrgImport(csv.records, Existing());
  ASSERT_EQ(plan.problems.size(), 1u);
  EXPECT_EQ(plan.problems[0].line, 1);
}

}  // namespace sciweek::domain
