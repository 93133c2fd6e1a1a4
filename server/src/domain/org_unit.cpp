#include "domain/org_unit.hpp"

#include <array>
#include <utility>

#include "core/text.hpp"

namespace sciweek::domain {
namespace {

struct TypeInfo {
  OrgType type;
  std::string_view name;
  std::string_view label;
};
constexpr std::array<TypeInfo, 7> kTypes = {{
    {OrgType::kDistrict, "district", "区"},
    {OrgType::kMemberUnit, "member_unit", "联席会议成员单位"},
    {OrgType::kScienceBase, "science_base", "科普基地"},
    {OrgType::kUniversity, "university", "高等院校"},
    {OrgType::kInstitute, "institute", "科研院所"},
    {OrgType::kEnterprise, "enterprise", "企业"},
    {OrgType::kOther, "other", "其他"},
}};

bool IsCodeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

}  // namespace

std::optional<OrgType> ParseOrgType(std::string_view name) {
  for (const auto& t : kTypes)
    if (t.name == name) return t.type;
  return std::nullopt;
}
std::string_view OrgTypeName(OrgType type) {
  for (const auto& t : kTypes)
    if (t.type == type) return t.name;
  return "other";
}
std::string_view OrgTypeLabel(OrgType type) {
  for (const auto& t : kTypes)
    if (t.type == type) return t.label;
  return "其他";
}

std::vector<core::FieldProblem> ValidateOrgUnit(const OrgUnit& u) {
  std::vector<core::FieldProblem> p;
  if (u.code.empty() || u.code.size() > 32) p.push_back({"code", "invalid", "单位代码须为1至32个字符", 0});
  else
    for (char c : u.code)
      if (!IsCodeChar(c)) {
        p.push_back({"code", "invalid", "单位代码只能包含字母、数字、下划线和连字符", 0});
        break;
      }
  if (u.name.empty() || !core::IsCleanUtf8(u.name) || core::Utf8Length(u.name) > 100)
    p.push_back({"name", "invalid", "单位名称须为1至100个字符", 0});
  if (!u.parent_code.empty() && u.parent_code == u.code)
    p.push_back({"parent_code", "invalid", "上级单位不能是本单位", 0});
  if (!core::IsCleanUtf8(u.contact_name) || core::Utf8Length(u.contact_name) > 50)
    p.push_back({"contact_name", "invalid", "联系人姓名不能超过50个字符", 0});
  bool phone_ok = u.contact_phone.size() <= 30;
  for (char c : u.contact_phone)
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == ' ' || c == '(' || c == ')')) phone_ok = false;
  if (!phone_ok) p.push_back({"contact_phone", "invalid", "联系电话格式不正确", 0});
  if (!u.contact_email.empty() && (u.contact_email.size() > 100 || !core::IsEmailAddress(u.contact_email)))
    p.push_back({"contact_email", "invalid", "电子邮箱格式不正确，例如 name@example.org.cn", 0});
  return p;
}

}  // namespace sciweek::domain
