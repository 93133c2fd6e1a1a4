#include "http/json/resource_json.hpp"

#include "core/text.hpp"
#include "http/json/json_input.hpp"

namespace sciweek::http {

core::Result<domain::OrgUnit> ParseOrgBody(const std::string& body, const domain::OrgUnit* current) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  domain::OrgUnit u;
  if (!current) {
    u.code = in->String("code", true, 64).value_or("");
  } else {
    u.code = current->code;
    if (auto c = in->String("code", false, 64); c && *c != current->code)
      in->AddProblem("code", "immutable", "单位代码不能修改");
  }
  u.name = in->String("name", true, 400).value_or("");
  if (auto t = in->String("type", true, 32)) {
    if (auto type = domain::ParseOrgType(*t)) u.type = *type;
    else in->AddProblem("type", "invalid", "单位类型无效");
  }
  u.parent_code = in->String("parent_code", false, 64).value_or("");
  u.contact_name = in->String("contact_name", false, 200).value_or("");
  u.contact_phone = in->String("contact_phone", false, 64).value_or("");
  const bool email_sent = in->Has("contact_email");
  u.contact_email = core::Trim(in->String("contact_email", false, 200).value_or(""));
  if (current && !email_sent) u.contact_email = current->contact_email;
  u.reports_expected = in->Bool("reports_expected", false).value_or(true);
  in->String("type_label", false);  // echoed back by clients that PUT what they GET
  if (auto st = in->Finish(); !st) return st.error();
  return u;
}

core::Result<domain::Campaign> ParseCampaignBody(const std::string& body, const domain::Campaign* current) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  domain::Campaign c = current ? *current : domain::Campaign{};
  const int year_from_path = current ? current->year : 0;
  if (year_from_path) {
    c.year = year_from_path;
    if (auto y = in->Int("year", false, 0, 9999); y && *y != year_from_path)
      in->AddProblem("year", "immutable", "年份不能修改");
  } else {
    c.year = static_cast<int>(in->Int("year", true, 2000, 2100).value_or(0));
  }
  c.edition = static_cast<int>(in->Int("edition", true, 1, 1000).value_or(0));
  c.name = in->String("name", true, 400).value_or("");
  c.theme = in->String("theme", true, 400).value_or("");
  c.start_date = in->String("start_date", true, 10).value_or("");
  c.end_date = in->String("end_date", true, 10).value_or("");
  if (auto d = in->String("report_deadline", true, 40)) {
    if (auto t = core::ParseDateTime(*d)) c.report_deadline = *t;
    else in->AddProblem("report_deadline", "invalid", "报送截止时间格式须为 2023-06-12T18:00:00+08:00");
  }
  if (auto st = in->String("status", false, 16)) {
    if (auto parsed = domain::ParseCampaignStatus(*st)) {
      if (!year_from_path && *parsed != domain::CampaignStatus::kDraft)
        in->AddProblem("status", "invalid", "新建的科技周状态须为草稿");
      c.status = *parsed;
    } else {
      in->AddProblem("status", "invalid", "状态须为 draft、open、closed 或 archived");
    }
  }
  if (auto contacts = in->Raw("contacts", false)) {
    c.contacts.clear();
    if (!contacts->is_array()) {
      in->AddProblem("contacts", "type", "contacts 须为数组");
    } else {
      for (const auto& item : *contacts) {
        if (!item.is_object() || !item.contains("name") || !item["name"].is_string() ||
            (item.contains("phone") && !item["phone"].is_string())) {
          in->AddProblem("contacts", "type", "联系人须为 {\"name\",\"phone\"} 对象");
          break;
        }
        c.contacts.push_back({item["name"].get<std::string>(), item.value("phone", std::string())});
      }
    }
  }
  c.contact_email = in->String("contact_email", false, 400).value_or(c.contact_email);
  c.mailing_address = in->String("mailing_address", false, 1000).value_or(c.mailing_address);
  if (auto req = in->Raw("required_materials", false)) {
    c.required_materials.clear();
    if (!req->is_array()) in->AddProblem("required_materials", "type", "required_materials 须为数组");
    else
      for (const auto& m : *req) {
        if (!m.is_string()) {
          in->AddProblem("required_materials", "type", "required_materials 须为字符串数组");
          break;
        }
        c.required_materials.push_back(m.get<std::string>());
      }
  }
  c.late_filing_locked = in->Bool("late_filing_locked", false).value_or(c.late_filing_locked);
  c.large_event_threshold =
      static_cast<int>(in->Int("large_event_threshold", false, 1, 1000000).value_or(c.large_event_threshold));
  c.max_party_size = static_cast<int>(in->Int("max_party_size", false, 1, 20).value_or(c.max_party_size));
  c.offer_minutes = static_cast<int>(in->Int("offer_minutes", false, 1, 7 * 24 * 60).value_or(c.offer_minutes));
  c.report_review_levels =
      static_cast<int>(in->Int("report_review_levels", false, 1, 2).value_or(c.report_review_levels));
  c.activity_review_levels =
      static_cast<int>(in->Int("activity_review_levels", false, 1, 2).value_or(c.activity_review_levels));
  c.personal_data_days =
      static_cast<int>(in->Int("personal_data_days", false, domain::kMinPersonalDataDays, domain::kMaxPersonalDataDays)
                           .value_or(c.personal_data_days));
  if (auto v = in->String("phone_verification", false, 20)) {
    if (auto rule = domain::ParsePhoneVerification(*v)) c.phone_verification = *rule;
    else in->AddProblem("phone_verification", "invalid", "预约短信验证须为 off、high_demand 或 all");
  }
  if (auto st = in->Finish(); !st) return st.error();
  return c;
}

core::Result<NewUser> ParseNewUserBody(const std::string& body) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  NewUser u;
  u.user.login = in->String("login", true, 64).value_or("");
  u.user.name = in->String("name", true, 200).value_or("");
  if (auto r = in->String("role", true, 16)) {
    if (auto role = domain::ParseRole(*r)) u.user.role = *role;
    else in->AddProblem("role", "invalid", "角色须为 admin、reviewer、reporter 或 checkin");
  }
  u.user.org_code = in->String("org_code", true, 64).value_or("");
  u.password = in->String("password", true, 256).value_or("");
  if (auto st = in->Finish(); !st) return st.error();
  return u;
}

core::Result<service::UserChange> ParseUserChangeBody(const std::string& body) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  service::UserChange c;
  c.name = in->String("name", false, 200);
  if (auto r = in->String("role", false, 16)) {
    if (auto role = domain::ParseRole(*r)) c.role = role;
    else in->AddProblem("role", "invalid", "角色须为 admin、reviewer、reporter 或 checkin");
  }
  c.org_code = in->String("org_code", false, 64);
  c.disabled = in->Bool("disabled", false);
  in->String("login", false, 64);  // echoed back by clients; the path names the user
  if (auto st = in->Finish(); !st) return st.error();
  return c;
}

}  // namespace sciweek::http
