#include "service/support/snapshots.hpp"

namespace sciweek::service {

nlohmann::json OrgJson(const domain::OrgUnit& u) {
  return {{"code", u.code},
          {"name", u.name},
          {"type", domain::OrgTypeName(u.type)},
          {"type_label", domain::OrgTypeLabel(u.type)},
          {"parent_code", u.parent_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(u.parent_code)},
          {"contact_name", u.contact_name},
          {"contact_phone", u.contact_phone},
          {"contact_email", u.contact_email},
          {"reports_expected", u.reports_expected}};
}

nlohmann::json CampaignJson(const domain::Campaign& c) {
  nlohmann::json contacts = nlohmann::json::array();
  for (const auto& ct : c.contacts) contacts.push_back({{"name", ct.name}, {"phone", ct.phone}});
  return {{"year", c.year},
          {"edition", c.edition},
          {"name", c.name},
          {"theme", c.theme},
          {"start_date", c.start_date},
          {"end_date", c.end_date},
          {"report_deadline", core::FormatShanghai(c.report_deadline)},
          {"status", domain::CampaignStatusName(c.status)},
          {"contacts", contacts},
          {"contact_email", c.contact_email},
          {"mailing_address", c.mailing_address},
          {"required_materials", c.required_materials},
          {"late_filing_locked", c.late_filing_locked},
          {"large_event_threshold", c.large_event_threshold},
          {"max_party_size", c.max_party_size},
          {"offer_minutes", c.offer_minutes},
          {"report_review_levels", c.report_review_levels},
          {"activity_review_levels", c.activity_review_levels},
          {"phone_verification", domain::PhoneVerificationName(c.phone_verification)},
          {"personal_data_days", c.personal_data_days}};
}

nlohmann::json UserJson(const domain::User& u) {
  return {{"login", u.login},
          {"name", u.name},
          {"role", domain::RoleName(u.role)},
          {"org_code", u.org_code},
          {"disabled", u.disabled}};
}

}  // namespace sciweek::service
