#include "domain/org_import.hpp"

#include <gtest/gtest.h>

namespace sciweek::domain {
namespace {

std::map<std::string, OrgUnit> Existing() {
  return {{"110108", OrgUnit{"110108", "海淀区", OrgType::kDistrict, "", "", ""}}};
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

TEST(OrgImport, RefusesAWrongHeader) {
  auto csv = core::ParseCsv("code,name\nx,y\n");
  auto plan = PlanOrgImport(csv.records, Existing());
  ASSERT_EQ(plan.problems.size(), 1u);
  EXPECT_EQ(plan.problems[0].line, 1);
}

}  // namespace sciweek::domain
