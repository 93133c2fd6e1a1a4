#pragma once
// SQL the reservation store's files share (store-internal: included by .cpp files only).
#include <soci/soci.h>

#include <string>

#include "store/reservation_store.hpp"

namespace sciweek::store::reservation_sql {

// "('applied', 'waiting', …)": the statuses a domain rule picks, for SQL IN lists, so the SQL
// says what the rule says whatever it becomes.
std::string StatusesWhere(bool (*pick)(domain::ReservationStatus));

// domain::IsLive as an IN list. A function, built on first use: other files' statements are
// built at static initialization too, in no order across files.
const std::string& Live();

// The columns a reservation is inserted with, in the order InsertStatement binds them.
inline constexpr const char* kInsertColumns =
    "id, session_id, ticket_no, name, phone, party_size, status, day, high_demand, queue_no, offer_expires_at, "
    "created_at, updated_at, email, id_card_digest, id_card_last4";

// A reservation row as a statement binds it, in kInsertColumns' order (the id first, or left
// out for the database to number the row).
struct RowBinding {
  ReservationRow r;
  std::string status;
  int high = 0;
  long long expires = 0;
  soci::indicator expires_ind = soci::i_null, card_ind = soci::i_null;

  void Set(const ReservationRow& row) {
    r = row;
    status = std::string(domain::ReservationStatusName(row.status));
    high = row.high_demand ? 1 : 0;
    expires = row.offer_expires_at.value_or(0);
    expires_ind = row.offer_expires_at ? soci::i_ok : soci::i_null;
    // No card: NULL, which the one-per-card index ignores.
    card_ind = row.id_card_digest.empty() ? soci::i_null : soci::i_ok;
  }
  template <typename Prepared>
  void BindTo(Prepared& prep, bool with_id) {
    if (with_id) prep, soci::use(r.id);
    prep, soci::use(r.session_id), soci::use(r.ticket_no), soci::use(r.name), soci::use(r.phone),
        soci::use(r.party_size), soci::use(status), soci::use(r.day), soci::use(high), soci::use(r.queue_no),
        soci::use(expires, expires_ind), soci::use(r.created_at), soci::use(r.updated_at), soci::use(r.email),
        soci::use(r.id_card_digest, card_ind), soci::use(r.id_card_last4, card_ind);
  }
};

}  // namespace sciweek::store::reservation_sql
