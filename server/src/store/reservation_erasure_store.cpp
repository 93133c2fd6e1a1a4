// ReservationStore's erasure of visitors' personal data (decision 0020): a campaign's
// reservations once it has ended, or one phone's on request; the outbox's copies with them.
#include <soci/soci.h>

#include "domain/personal_data.hpp"
#include "store/reservation_store.hpp"
#include "store/row_util.hpp"

namespace sciweek::store {

namespace {
// The sessions of one campaign, for the statements below.
constexpr const char* kCampaignSessions =
    "SELECT s.id FROM sessions s JOIN activities a ON a.id = s.activity_id WHERE a.campaign_year = :y";
}  // namespace

long long ReservationStore::CountToErase(Tx& tx, int year) {
  long long n = 0;
  tx.sql() << std::string("SELECT COUNT(*) FROM reservations WHERE erased_at IS NULL AND session_id IN (") +
                  kCampaignSessions + ")",
      soci::use(year), soci::into(n);
  return n;
}

long long ReservationStore::EraseCampaign(Tx& tx, int year, long long now) {
  const std::string name(domain::kErasedName), prefix(domain::kErasedPrefix);
  // The outbox first: its rows find the visitor by the reservation, which still says who.
  tx.sql() << std::string(
                  "UPDATE visitor_messages SET recipient = :p || CAST(id AS TEXT), params = '{}', "
                  "status = CASE WHEN status IN ('pending', 'sending') THEN 'suppressed' ELSE status END "
                  "WHERE recipient NOT LIKE 'erased:%' AND session_id IN (") +
                  kCampaignSessions + ")",
      soci::use(prefix), soci::use(year);
  soci::statement st =
      (tx.sql().prepare << std::string("UPDATE reservations SET name = :n, phone = :p || CAST(id AS "
                                       "TEXT), email = '', id_card_digest = NULL, id_card_last4 = NULL, "
                                       "erased_at = :t WHERE erased_at IS NULL "
                                       "AND session_id IN (") +
                               kCampaignSessions + ")",
       soci::use(name), soci::use(prefix), soci::use(now), soci::use(year));
  return Affected(st);
}

long long ReservationStore::ErasePhone(Tx& tx, const std::string& phone, long long now) {
  const std::string name(domain::kErasedName), prefix(domain::kErasedPrefix);
  tx.sql() << "UPDATE visitor_messages SET recipient = :p || CAST(id AS TEXT), params = '{}', "
              "status = CASE WHEN status IN ('pending', 'sending') THEN 'suppressed' ELSE status END "
              "WHERE recipient = :phone OR reservation_id IN (SELECT id FROM reservations WHERE phone = :phone2)",
      soci::use(prefix), soci::use(phone), soci::use(phone);
  soci::statement st = (tx.sql().prepare << "UPDATE reservations SET name = :n, phone = :p || CAST(id AS TEXT), "
                                            "email = '', id_card_digest = NULL, id_card_last4 = NULL, erased_at = :t "
                                            "WHERE phone = :phone AND erased_at IS NULL",
                        soci::use(name), soci::use(prefix), soci::use(now), soci::use(phone));
  return Affected(st);
}

}  // namespace sciweek::store
