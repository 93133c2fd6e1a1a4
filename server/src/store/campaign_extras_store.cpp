#include "store/campaign_extras_store.hpp"

#include <soci/soci.h>

#include "store/row_util.hpp"

namespace sciweek::store {

std::optional<std::string> CampaignExtrasStore::FormDefinition(Tx& tx, int year) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT definition FROM form_templates WHERE campaign_year = :y", soci::use(year));
  std::optional<std::string> out;
  for (const auto& r : rs) out = GetText(r, 0);
  return out;
}

std::optional<std::string> CampaignExtrasStore::LatestFormBefore(Tx& tx, int year) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT definition FROM form_templates WHERE campaign_year < :y "
                           "ORDER BY campaign_year DESC LIMIT 1",
       soci::use(year));
  std::optional<std::string> out;
  for (const auto& r : rs) out = GetText(r, 0);
  return out;
}

void CampaignExtrasStore::PutFormDefinition(Tx& tx, int year, const std::string& json, long long now) {
  tx.sql() << "INSERT INTO form_templates (campaign_year, definition, updated_at) VALUES (:y, :d, :t) "
              "ON CONFLICT (campaign_year) DO UPDATE SET definition = excluded.definition, "
              "updated_at = excluded.updated_at",
      soci::use(year), soci::use(json), soci::use(now);
}

std::optional<long long> CampaignExtrasStore::Extension(Tx& tx, int year, const std::string& org_code) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT deadline FROM report_extensions WHERE campaign_year = :y AND org_code = :o",
       soci::use(year), soci::use(org_code));
  std::optional<long long> out;
  for (const auto& r : rs) out = GetInt(r, 0);
  return out;
}

void CampaignExtrasStore::SetExtension(Tx& tx, int year, const std::string& org_code,
                                       std::optional<long long> deadline) {
  tx.sql() << "DELETE FROM report_extensions WHERE campaign_year = :y AND org_code = :o", soci::use(year),
      soci::use(org_code);
  if (deadline) {
    const long long d = *deadline;
    tx.sql() << "INSERT INTO report_extensions (campaign_year, org_code, deadline) VALUES (:y, :o, :d)",
        soci::use(year), soci::use(org_code), soci::use(d);
  }
}

void CampaignExtrasStore::AddReminder(Tx& tx, const ReminderRow& r) {
  tx.sql() << "INSERT INTO reminders (campaign_year, org_code, message, sent_at, sent_by) VALUES "
              "(:y, :o, :m, :at, :by)",
      soci::use(r.year), soci::use(r.org_code), soci::use(r.message), soci::use(r.sent_at), soci::use(r.sent_by);
}

std::vector<ReminderRow> CampaignExtrasStore::Reminders(Tx& tx, int year, const std::string& org_code, int limit) {
  std::vector<ReminderRow> out;
  const std::string sql = std::string("SELECT id, campaign_year, org_code, message, sent_at, sent_by FROM reminders "
                                      "WHERE campaign_year = :y") +
                          (org_code.empty() ? "" : " AND org_code = :o") + " ORDER BY id DESC LIMIT " +
                          std::to_string(limit);
  soci::details::prepare_temp_type p = (tx.sql().prepare << sql, soci::use(year, "y"));
  if (!org_code.empty()) p, soci::use(org_code, "o");
  soci::rowset<soci::row> rs(p);
  for (const auto& r : rs)
    out.push_back({GetInt(r, 0), static_cast<int>(GetInt(r, 1)), GetText(r, 2), GetText(r, 3), GetInt(r, 4),
                   GetText(r, 5)});
  return out;
}

}  // namespace sciweek::store
