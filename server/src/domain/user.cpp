#include "domain/user.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"

namespace sciweek::domain {

std::optional<Role> ParseRole(std::string_view n) {
  if (n == "admin") return Role::kAdmin;
  if (n == "reviewer") return Role::kReviewer;
  if (n == "reporter") return Role::kReporter;
  if (n == "checkin") return Role::kCheckin;
  return std::nullopt;
}

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kAdmin: return "admin";
    case Role::kReviewer: return "reviewer";
    case Role::kReporter: return "reporter";
    case Role::kCheckin: return "checkin";
  }
  return "reporter";
}

std::optional<std::string> PasswordWeakness(std::string_view pw, std::string_view login) {
  if (core::Utf8Length(pw) < 10) return "密码至少需要10个字符";
  if (pw.size() > 128) return "密码不能超过128个字节";
  int lower = 0, upper = 0, digit = 0, other = 0;
  for (unsigned char c : pw) {
    if (std::islower(c)) lower = 1;
    else if (std::isupper(c)) upper = 1;
    else if (std::isdigit(c)) digit = 1;
    else other = 1;
  }
  if (lower + upper + digit + other < 3) return "密码须包含小写字母、大写字母、数字、符号中的至少三类";
  std::string lp(pw), ll(login);
  std::transform(lp.begin(), lp.end(), lp.begin(), [](unsigned char c) { return std::tolower(c); });
  std::transform(ll.begin(), ll.end(), ll.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!ll.empty() && lp.find(ll) != std::string::npos) return "密码不能包含登录名";
  return std::nullopt;
}

std::vector<core::FieldProblem> ValidateUser(const User& u) {
  std::vector<core::FieldProblem> p;
  bool login_ok = !u.login.empty() && u.login.size() <= 32;
  for (char c : u.login)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) login_ok = false;
  if (!login_ok) p.push_back({"login", "invalid", "登录名须为1至32个字母、数字、下划线、连字符或点", 0});
  if (u.name.empty() || !core::IsCleanUtf8(u.name) || core::Utf8Length(u.name) > 50)
    p.push_back({"name", "invalid", "姓名须为1至50个字符", 0});
  if (u.org_code.empty()) p.push_back({"org_code", "required", "请选择所属单位", 0});
  return p;
}

}  // namespace sciweek::domain
