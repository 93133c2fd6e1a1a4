#include "store/campaign_extras_store.hpp"

#include <soci/soci.h>

#include "domain/visitor_message.hpp"
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
  soci::rowset<soci::row> rs = (tx.sql().prepare << "SELECT definition FROM form_templates WHERE campaign_year < :y "
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

namespace {

constexpr const char* kReminderColumns =
    "id, campaign_year, org_code, message, sent_at, sent_by, email_to, email_status, email_attempts, email_error, "
    "email_sent_at, email_next_at";

ReminderRow ReminderFromRow(const soci::row& r) {
  ReminderRow m;
  m.id = GetInt(r, 0);
  m.year = static_cast<int>(GetInt(r, 1));
  m.org_code = GetText(r, 2);
  m.message = GetText(r, 3);
  m.sent_at = GetInt(r, 4);
  m.sent_by = GetText(r, 5);
  m.email_to = GetText(r, 6);
  m.email_status = GetText(r, 7);
  m.email_attempts = static_cast<int>(GetInt(r, 8));
  m.email_error = GetText(r, 9);
  m.email_sent_at = GetInt(r, 10);
  m.email_next_at = GetInt(r, 11);
  return m;
}

}  // namespace

void CampaignExtrasStore::AddReminder(Tx& tx, const ReminderRow& r) {
  tx.sql() << "INSERT INTO reminders (campaign_year, org_code, message, sent_at, sent_by, email_to, email_status, "
              "email_next_at) VALUES (:y, :o, :m, :at, :by, :to, :st, :next)",
      soci::use(r.year), soci::use(r.org_code), soci::use(r.message), soci::use(r.sent_at), soci::use(r.sent_by),
      soci::use(r.email_to), soci::use(r.email_status), soci::use(r.email_next_at);
}

std::vector<ReminderRow> CampaignExtrasStore::Reminders(Tx& tx, int year, const std::string& org_code, int limit) {
  std::vector<ReminderRow> out;
  const std::string sql = std::string("SELECT ") + kReminderColumns + " FROM reminders WHERE campaign_year = :y" +
                          (org_code.empty() ? "" : " AND org_code = :o") + " ORDER BY id DESC LIMIT " +
                          std::to_string(limit);
  soci::details::prepare_temp_type p = (tx.sql().prepare << sql, soci::use(year, "y"));
  if (!org_code.empty()) p, soci::use(org_code, "o");
  soci::rowset<soci::row> rs(p);
  for (const auto& r : rs) out.push_back(ReminderFromRow(r));
  return out;
}

std::vector<long long> CampaignExtrasStore::DueMails(Tx& tx, long long now, int limit) {
  std::vector<long long> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare
           << "SELECT id FROM reminders WHERE email_status IN ('pending', 'sending') AND email_next_at <= :now "
              "ORDER BY email_next_at, id LIMIT " +
                  std::to_string(limit),
       soci::use(now));
  for (const auto& r : rs) out.push_back(GetInt(r, 0));
  return out;
}

std::optional<long long> CampaignExtrasStore::NextMailDue(Tx& tx) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT MIN(email_next_at) FROM reminders WHERE email_status IN ('pending', 'sending')");
  std::optional<long long> out;
  for (const auto& r : rs)
    if (r.get_indicator(0) != soci::i_null) out = GetInt(r, 0);
  return out;
}

std::optional<ReminderRow> CampaignExtrasStore::ClaimMail(Tx& tx, long long id, long long now, long long claim_until) {
  // A 'sending' row whose claim lapsed lost its sender mid-send: taking it over counts that
  // attempt (domain::kLostMidSend). Both databases read `email_status` in SET as the row was
  // before the update.
  const std::string lost = domain::kLostMidSend;  // soci::use binds by reference: never a temporary
  soci::statement st =
      (tx.sql().prepare << "UPDATE reminders SET email_status = 'sending', email_next_at = :until, "
                           "email_attempts = email_attempts + CASE WHEN email_status = 'sending' THEN 1 ELSE 0 END, "
                           "email_error = CASE WHEN email_status = 'sending' THEN :lost ELSE email_error END "
                           "WHERE id = :id AND email_status IN ('pending', 'sending') AND email_next_at <= :now",
       soci::use(claim_until), soci::use(lost), soci::use(id), soci::use(now));
  st.execute(true);
  if (st.get_affected_rows() != 1) return std::nullopt;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << std::string("SELECT ") + kReminderColumns + " FROM reminders WHERE id = :id", soci::use(id));
  std::optional<ReminderRow> out;
  for (const auto& r : rs) out = ReminderFromRow(r);
  return out;
}

bool CampaignExtrasStore::FinishMail(Tx& tx, long long id, int attempts_before, const MailOutcome& o) {
  std::string status = "pending";
  int attempts = attempts_before + 1;
  long long next_at = 0, sent_at = 0;
  switch (o.kind) {
    case MailOutcome::kSent:
      status = "sent";
      sent_at = o.at;
      break;
    case MailOutcome::kRetry: next_at = o.next_at; break;
    case MailOutcome::kFailed: status = "failed"; break;
    case MailOutcome::kExhausted:
      status = "failed";
      attempts = attempts_before;
      break;
    case MailOutcome::kReleased:
      attempts = attempts_before;
      next_at = o.at;
      break;
  }
  soci::statement st =
      (tx.sql().prepare << "UPDATE reminders SET email_status = :st, email_attempts = :a, email_error = :e, "
                           "email_next_at = :n, email_sent_at = :s WHERE id = :id AND email_status = 'sending' AND "
                           "email_attempts = :before",
       soci::use(status), soci::use(attempts), soci::use(o.error), soci::use(next_at), soci::use(sent_at),
       soci::use(id), soci::use(attempts_before));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace sciweek::store
