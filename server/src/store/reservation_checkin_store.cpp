// ReservationStore at the gate: check-in and its scans, the venue's occupancy, and the counts
// of who came (per session, per campaign).
#include <soci/soci.h>

#include "store/reservation_store.hpp"
#include "store/row_util.hpp"

namespace sciweek::store {

bool ReservationStore::CheckIn(Tx& tx, long long id, long long now, const std::string& by) {
  soci::statement st =
      (tx.sql().prepare << "UPDATE reservations SET status = 'checked_in', checked_in_at = :at, checked_in_by = :by, "
                           "inside = 1, updated_at = :u WHERE id = :id AND status = 'confirmed'",
       soci::use(now), soci::use(by), soci::use(now), soci::use(id));
  return Affected(st) == 1;
}

bool ReservationStore::MoveCheckInEarlier(Tx& tx, long long id, long long at, const std::string& by) {
  soci::statement st = (tx.sql().prepare << "UPDATE reservations SET checked_in_at = :at, checked_in_by = :by WHERE "
                                            "id = :id AND status = 'checked_in' AND checked_in_at > :at2",
                        soci::use(at), soci::use(by), soci::use(id), soci::use(at));
  return Affected(st) == 1;
}

bool ReservationStore::SetInside(Tx& tx, long long id, bool inside) {
  int to = inside ? 1 : 0, from = inside ? 0 : 1;
  soci::statement st = (tx.sql().prepare << "UPDATE reservations SET inside = :t WHERE id = :id AND status = "
                                            "'checked_in' AND inside = :f",
                        soci::use(to), soci::use(id), soci::use(from));
  return Affected(st) == 1;
}

void ReservationStore::AddOccupancy(Tx& tx, long long session_id, int delta) {
  // Never below zero, whatever the order of scans.
  tx.sql() << "UPDATE sessions SET occupancy = CASE WHEN occupancy + :d < 0 THEN 0 ELSE occupancy + :d2 END "
              "WHERE id = :id",
      soci::use(delta), soci::use(delta), soci::use(session_id);
}

void ReservationStore::LogScan(Tx& tx, long long reservation_id, long long session_id, const std::string& direction,
                               long long now, const std::string& by) {
  tx.sql() << "INSERT INTO checkins (reservation_id, session_id, direction, at, by_login) VALUES (:r, :s, :d, :a, :b)",
      soci::use(reservation_id), soci::use(session_id), soci::use(direction), soci::use(now), soci::use(by);
}

SessionCounts ReservationStore::Counts(Tx& tx, long long session_id) {
  SessionCounts c;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT status, COUNT(*), COALESCE(SUM(party_size), 0) FROM reservations WHERE "
                           "session_id = :s AND status IN ('checked_in', 'waiting', 'applied') GROUP BY status",
       soci::use(session_id));
  for (const auto& r : rs) {
    const std::string s = GetText(r, 0);
    if (s == "checked_in") {
      c.checked_in_parties = GetInt(r, 1);
      c.checked_in_people = GetInt(r, 2);
    } else if (s == "waiting") {
      c.waiting = GetInt(r, 1);
    } else {
      c.applied = GetInt(r, 1);
    }
  }
  return c;
}

std::map<long long, long long> ReservationStore::CheckedInBySession(Tx& tx, const std::vector<long long>& session_ids) {
  std::map<long long, long long> out;
  if (session_ids.empty()) return out;
  std::string ids;
  for (long long id : session_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  soci::rowset<soci::row> rs = (tx.sql().prepare << "SELECT session_id, SUM(party_size) FROM reservations WHERE "
                                                    "status = 'checked_in' AND session_id IN ("
                                                 << ids << ") GROUP BY session_id");
  for (const auto& r : rs) out[GetInt(r, 0)] = GetInt(r, 1);
  return out;
}

std::map<long long, long long> ReservationStore::CheckedInByCampaign(Tx& tx, int year) {
  std::map<long long, long long> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT r.session_id, SUM(r.party_size) FROM reservations r JOIN sessions s ON s.id = "
                           "r.session_id JOIN activities a ON a.id = s.activity_id WHERE a.campaign_year = :y AND "
                           "r.status = 'checked_in' GROUP BY r.session_id",
       soci::use(year));
  for (const auto& r : rs) out[GetInt(r, 0)] = GetInt(r, 1);
  return out;
}

}  // namespace sciweek::store
