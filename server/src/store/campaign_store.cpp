#include "store/campaign_store.hpp"

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "store/row_util.hpp"

namespace sciweek::store {
namespace {

constexpr const char* kColumns =
    "year, edition, name, theme, start_date, end_date, report_deadline, status, contacts, "
    "contact_email, mailing_address, required_materials, late_filing_locked, large_event_threshold, "
    "max_party_size, offer_minutes, report_review_levels, activity_review_levels, phone_verification, "
    "personal_data_days";

std::string ContactsJson(const std::vector<domain::Contact>& contacts) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& c : contacts) arr.push_back({{"name", c.name}, {"phone", c.phone}});
  return arr.dump();
}

std::vector<domain::Contact> ParseContacts(const std::string& text) {
  std::vector<domain::Contact> out;
  auto arr = nlohmann::json::parse(text, nullptr, false);
  if (!arr.is_array()) return out;
  for (const auto& c : arr) out.push_back({c.value("name", std::string()), c.value("phone", std::string())});
  return out;
}

domain::Campaign FromRow(const soci::row& r) {
  domain::Campaign c;
  c.year = static_cast<int>(GetInt(r, 0));
  c.edition = static_cast<int>(GetInt(r, 1));
  c.name = GetText(r, 2);
  c.theme = GetText(r, 3);
  c.start_date = GetText(r, 4);
  c.end_date = GetText(r, 5);
  c.report_deadline = GetInt(r, 6);
  c.status = domain::ParseCampaignStatus(GetText(r, 7)).value_or(domain::CampaignStatus::kDraft);
  c.contacts = ParseContacts(GetText(r, 8));
  c.contact_email = GetText(r, 9);
  c.mailing_address = GetText(r, 10);
  c.required_materials.clear();
  auto req = nlohmann::json::parse(GetText(r, 11), nullptr, false);
  if (req.is_array())
    for (const auto& m : req)
      if (m.is_string()) c.required_materials.push_back(m.get<std::string>());
  c.late_filing_locked = GetInt(r, 12) != 0;
  c.large_event_threshold = static_cast<int>(GetInt(r, 13));
  c.max_party_size = static_cast<int>(GetInt(r, 14));
  c.offer_minutes = static_cast<int>(GetInt(r, 15));
  c.report_review_levels = static_cast<int>(GetInt(r, 16));
  c.activity_review_levels = static_cast<int>(GetInt(r, 17));
  c.phone_verification = domain::ParsePhoneVerification(GetText(r, 18)).value_or(domain::PhoneVerification::kOff);
  c.personal_data_days = static_cast<int>(GetInt(r, 19));
  return c;
}

}  // namespace

std::optional<domain::Campaign> CampaignStore::Find(Tx& tx, int year) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT " << kColumns << " FROM campaigns WHERE year = :y", soci::use(year));
  std::optional<domain::Campaign> out;
  for (const auto& r : rs) out = FromRow(r);
  return out;
}

std::vector<domain::Campaign> CampaignStore::List(Tx& tx) {
  std::vector<domain::Campaign> out;
  soci::rowset<soci::row> rs = (tx.sql().prepare << "SELECT " << kColumns << " FROM campaigns ORDER BY year DESC");
  for (const auto& r : rs) out.push_back(FromRow(r));
  return out;
}

void CampaignStore::Insert(Tx& tx, const domain::Campaign& c, long long now) {
  const std::string status(domain::CampaignStatusName(c.status));
  const std::string contacts = ContactsJson(c.contacts);
  const long long deadline = c.report_deadline;
  const std::string required = nlohmann::json(c.required_materials).dump();
  const int locked = c.late_filing_locked ? 1 : 0;
  const std::string verification(domain::PhoneVerificationName(c.phone_verification));
  tx.sql()
      << "INSERT INTO campaigns (year, edition, name, theme, start_date, end_date, report_deadline, "
         "status, contacts, contact_email, mailing_address, required_materials, late_filing_locked, "
         "large_event_threshold, max_party_size, offer_minutes, report_review_levels, activity_review_levels, "
         "phone_verification, personal_data_days, created_at, updated_at) VALUES "
         "(:y, :e, :n, :t, :s, :en, :d, :st, :c, :em, :ad, :rm, :lk, :th, :mp, :om, :rl, :al, :pv, :pd, :now, :now2)",
      soci::use(c.year), soci::use(c.edition), soci::use(c.name), soci::use(c.theme), soci::use(c.start_date),
      soci::use(c.end_date), soci::use(deadline), soci::use(status), soci::use(contacts), soci::use(c.contact_email),
      soci::use(c.mailing_address), soci::use(required), soci::use(locked), soci::use(c.large_event_threshold),
      soci::use(c.max_party_size), soci::use(c.offer_minutes), soci::use(c.report_review_levels),
      soci::use(c.activity_review_levels), soci::use(verification), soci::use(c.personal_data_days), soci::use(now),
      soci::use(now);
}

void CampaignStore::Update(Tx& tx, const domain::Campaign& c, long long now) {
  const std::string status(domain::CampaignStatusName(c.status));
  const std::string contacts = ContactsJson(c.contacts);
  const long long deadline = c.report_deadline;
  const std::string required = nlohmann::json(c.required_materials).dump();
  const int locked = c.late_filing_locked ? 1 : 0;
  const std::string verification(domain::PhoneVerificationName(c.phone_verification));
  tx.sql() << "UPDATE campaigns SET edition = :e, name = :n, theme = :t, start_date = :s, end_date = :en, "
              "report_deadline = :d, status = :st, contacts = :c, contact_email = :em, "
              "mailing_address = :ad, required_materials = :rm, late_filing_locked = :lk, large_event_threshold = :th, "
              "max_party_size = :mp, offer_minutes = :om, report_review_levels = :rl, activity_review_levels = :al, "
              // Strictly later than before, even within one second: the public calendar notices a
              // change by MAX(updated_at) (ActivityStore::PublishedFingerprint) on every server.
              "phone_verification = :pv, personal_data_days = :pd, "
              "updated_at = CASE WHEN updated_at >= :now THEN updated_at + 1 ELSE :now2 END "
              "WHERE year = :y",
      soci::use(c.edition), soci::use(c.name), soci::use(c.theme), soci::use(c.start_date), soci::use(c.end_date),
      soci::use(deadline), soci::use(status), soci::use(contacts), soci::use(c.contact_email),
      soci::use(c.mailing_address), soci::use(required), soci::use(locked), soci::use(c.large_event_threshold),
      soci::use(c.max_party_size), soci::use(c.offer_minutes), soci::use(c.report_review_levels),
      soci::use(c.activity_review_levels), soci::use(verification), soci::use(c.personal_data_days), soci::use(now),
      soci::use(now), soci::use(c.year);
}

}  // namespace sciweek::store
