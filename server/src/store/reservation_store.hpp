#pragma once
// Reservations and check-ins. Places are taken with one
// conditional UPDATE (`taken + n <= capacity`): zero rows means full, on SQLite and on
// PostgreSQL alike, whatever the number of server processes; nothing else locks.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/activity.hpp"
#include "domain/phone_code.hpp"
#include "domain/reservation.hpp"
#include "store/db.hpp"

namespace sciweek::store {

struct ReservationRow {
  long long id = 0;
  long long session_id = 0;
  std::string ticket_no;
  std::string name;
  std::string phone;
  int party_size = 1;
  domain::ReservationStatus status = domain::ReservationStatus::kConfirmed;
  std::string day;  // the session's Shanghai date: one high-demand session per phone per day
  bool high_demand = false;
  long long queue_no = 0;  // order in the waiting list
  std::optional<long long> offer_expires_at;
  std::string cancel_reason;
  long long created_at = 0, updated_at = 0;
  std::optional<long long> checked_in_at;
  std::string checked_in_by;
  bool inside = false;
  std::string email;  // optional: messages go there too (decision 0015)
  // Real-name booking (decision 0021): the ID card's keyed digest (written, never read back)
  // and its last four characters for the gate; both empty when the activity asks for none.
  std::string id_card_digest;
  std::string id_card_last4;
};

// A session with what reserving in it needs to know.
struct SessionContext {
  domain::Session session;
  long long activity_id = 0;
  int campaign_year = 0;
  domain::ActivityStatus activity_status = domain::ActivityStatus::kDraft;
  std::string activity_title, venue, address, lead_org;
  bool reservation_required = true;
  bool real_name_required = false;  // each reservation names the holder's ID card
  int max_party_size = 5;
  int offer_minutes = 120;
  // the campaign's rule: whether this session's reservations need a verified phone
  domain::PhoneVerification phone_verification = domain::PhoneVerification::kOff;
};

// What a new reservation must know about the phone and the line, in one round trip.
struct ReservePrecheck {
  long long phone_recent = 0;          // live reservations by this phone made since `since`
  bool phone_live_here = false;        // a live reservation of this phone in the session
  bool phone_high_demand_day = false;  // a live high-demand one that day in another session
  bool line_waiting = false;           // someone waits in this session's line
  bool id_card_live_here = false;      // a live reservation with this ID card in the session
};

// The rules a phone and an ID card must pass to reserve, besides room in the session: held
// here because a first-come take applies them inside its statement (TakeAndInsert), from the
// same checks a caller reads. TakeAdmitsSql in reservation_take_store.cpp says the same in SQL.
struct TakeRules {
  int per_phone_per_day = 0;  // live reservations a phone may make in 24 hours; 0: no limit
  bool high_demand = false;   // the session is high-demand: one such a day per phone
  bool PhoneRefused(const ReservePrecheck& c) const {
    return (per_phone_per_day > 0 && c.phone_recent >= per_phone_per_day) || c.phone_live_here ||
           (high_demand && c.phone_high_demand_day);
  }
  bool Admits(const ReservePrecheck& c) const { return !PhoneRefused(c) && !c.id_card_live_here; }
};

// What a first-come take did (ReservationStore::TakeAndInsert): the phone's checks as they were
// before it, and, when it took the places and wrote the reservation, the session's places
// after it with their version (domain::Session::seats_version).
struct TakenPlaces {
  ReservePrecheck checks;
  bool taken = false;     // the places, the row and its audit entry are written
  bool conflict = false;  // refused by a unique key: a live row holds the phone, card or ticket
  int remaining = 0;
  long long seats_version = 0;
};

// How long live tickets matter: the latest end of a session holding a live reservation and
// the latest end date of those sessions' campaigns (both empty when nothing is live).
struct LiveTicketHorizon {
  std::optional<long long> last_session_end;
  std::string last_campaign_end_date;  // "YYYY-MM-DD"
};

struct SessionCounts {
  long long checked_in_parties = 0, checked_in_people = 0, waiting = 0, applied = 0;
};

class ReservationStore {
 public:
  static std::optional<SessionContext> LoadSession(Tx& tx, long long session_id);
  // LoadSession that also holds the phone until the transaction ends, in one round trip (a
  // reservation's first statement): one phone's reservations are then checked against its
  // limits one at a time (PostgreSQL's READ COMMITTED would let simultaneous ones all read the
  // same count). Never waits: `held` is false when another transaction holds the phone, i.e.
  // the same phone has a reservation in flight. SQLite's writers are serialized already:
  // always held there. Nothing is held when the session does not exist. `next_id`: the id for
  // the reservation about to be inserted (dialect.hpp NextIdSql), read in the same round trip.
  struct SessionAndPhone {
    SessionContext session;
    bool held = false;
    long long next_id = 0;
  };
  static std::optional<SessionAndPhone> LoadSessionHoldingPhone(Tx& tx, long long session_id, const std::string& phone);
  // LoadSessionHoldingPhone as a grouped job's first statement named beforehand, for the job
  // before it in a PostgreSQL batch to send (Db::WriteGroupedAsync, decision 0035); null on
  // SQLite, which has no round trips to save.
  static std::shared_ptr<const FirstStatement> SessionReadToCarry(const Db& db, long long session_id,
                                                                  const std::string& phone);
  // `id_card_digest`: empty when the session is not real-name (never matches then).
  static ReservePrecheck Precheck(Tx& tx, long long session_id, const std::string& phone, long long since,
                                  const std::string& day, const std::string& id_card_digest = {});

  // A first-come reservation's whole write: takes `row.party_size` places, inserts `row` (its
  // id from SessionAndPhone::next_id) and appends `audit`, all or nothing, unless the session
  // is full, someone waits in its line, `rules` refuse the phone or card, or a unique key holds
  // a live row already. The checks come back either way, so a refusal needs no other read.
  // Not taken: the caller must refuse and end its transaction with a rollback (on SQLite the
  // places may be taken already; on PostgreSQL nothing was written). One statement on
  // PostgreSQL, where each costs a round trip (decision 0030); when `last_write` and the
  // transaction allows it (Tx::may_commit_with), its COMMIT rides with it (decision 0032).
  static TakenPlaces TakeAndInsert(Tx& tx, const ReservationRow& row, long long since, const TakeRules& rules,
                                   const AuditEntry& audit, bool last_write);
  // Takes n places when they are free; false when the session is full.
  [[nodiscard]] static bool TryTake(Tx& tx, long long session_id, int n);
  static void Release(Tx& tx, long long session_id, int n);

  // nullopt when the phone (or the ID card) already holds a live reservation in the session
  // (unique keys); the transaction must then end. `r.id`: 0 for the database to number the
  // row, or SessionAndPhone::next_id.
  static std::optional<long long> Insert(Tx& tx, const ReservationRow& r);
  static void SetQueueNo(Tx& tx, long long id, long long queue_no);
  static std::optional<ReservationRow> Find(Tx& tx, long long id);
  static std::optional<ReservationRow> FindByTicketNo(Tx& tx, const std::string& ticket_no);
  // A phone's reservations, newest first (at most `limit`): "my reservations".
  static std::vector<ReservationRow> ForPhone(Tx& tx, const std::string& phone, int limit);

  // Personal data (decision 0020): name, phone and e-mail replaced by domain::kErasedName and
  // "erased:<id>" tokens (the outbox's rows to them too, and any still unsent suppressed).
  // Each row is rewritten once (erased_at); the count of rows rewritten now.
  static long long CountToErase(Tx& tx, int year);  // not yet erased, in the campaign's sessions
  static long long EraseCampaign(Tx& tx, int year, long long now);
  static long long ErasePhone(Tx& tx, const std::string& phone, long long now);

  // Moves from `from` to `to` (with the given fields) only if still in `from`; false otherwise.
  [[nodiscard]] static bool Transition(Tx& tx, long long id, domain::ReservationStatus from,
                                       domain::ReservationStatus to, long long now,
                                       const std::string& cancel_reason = {},
                                       std::optional<long long> offer_expires_at = std::nullopt);
  // `from` → `to` together with the row's places, as one step: the places are taken first
  // (the conditional UPDATE that never oversells), then the status moves only if the row is
  // still in `from`; when it is not (a concurrent cancel), the places go back. So a move that
  // did not apply never keeps seats.
  enum class PlacesMove { kMoved, kRowChanged, kNoRoom };
  [[nodiscard]] static PlacesMove MoveTakingPlaces(Tx& tx, const ReservationRow& row, domain::ReservationStatus from,
                                                   domain::ReservationStatus to, long long now,
                                                   std::optional<long long> offer_expires_at = std::nullopt);
  // The head of the waiting list, if any.
  static std::optional<ReservationRow> NextWaiting(Tx& tx, long long session_id);
  // Waiting-list position (1-based) of a waiting reservation.
  static long long Position(Tx& tx, const ReservationRow& r);
  // Sessions that have offers past their expiry.
  static std::vector<long long> SessionsWithExpiredOffers(Tx& tx, long long now);
  static std::vector<ReservationRow> ExpiredOffers(Tx& tx, long long session_id, long long now);
  static std::vector<ReservationRow> ByStatus(Tx& tx, long long session_id, domain::ReservationStatus status);
  static std::vector<ReservationRow> ForSession(Tx& tx, long long session_id);  // every row, by id
  // Confirmed reservations of published sessions starting in [from, to) that have no
  // day-before reminder in the outbox yet (at most `limit`, by session and id); only those
  // with an e-mail address when `email_only`.
  static std::vector<ReservationRow> WithoutReminder(Tx& tx, long long from, long long to, int limit,
                                                     bool email_only = false);
  // The live reservations of one session, by id.
  static std::vector<ReservationRow> LiveForSession(Tx& tx, long long session_id);
  // The live reservations of an activity's sessions, by session and id.
  static std::vector<ReservationRow> LiveForActivity(Tx& tx, long long activity_id);
  // Cancels every reservation of the activity's sessions that may still be cancelled and frees
  // their places; checked-in ones stay (they happened), holding theirs.
  static long long CancelAllForActivity(Tx& tx, long long activity_id, const std::string& reason, long long now);

  // Check-in: confirmed → checked_in (inside); false when it was not confirmed.
  [[nodiscard]] static bool CheckIn(Tx& tx, long long id, long long now, const std::string& by);
  // An offline desk's entry (decision 0022) made before the one recorded: the earliest scan
  // is the check-in. False when the recorded one was earlier already.
  [[nodiscard]] static bool MoveCheckInEarlier(Tx& tx, long long id, long long at, const std::string& by);
  // Re-entry after an exit scan, and the exit scan: flips `inside`; false when unchanged.
  [[nodiscard]] static bool SetInside(Tx& tx, long long id, bool inside);
  static void AddOccupancy(Tx& tx, long long session_id, int delta);
  static void LogScan(Tx& tx, long long reservation_id, long long session_id, const std::string& direction,
                      long long now, const std::string& by);
  static SessionCounts Counts(Tx& tx, long long session_id);
  // Checked-in people per session (sessions without any are absent), in one query.
  static std::map<long long, long long> CheckedInBySession(Tx& tx, const std::vector<long long>& session_ids);
  // Checked-in people per session over a whole campaign, in one query.
  static std::map<long long, long long> CheckedInByCampaign(Tx& tx, int year);
  static LiveTicketHorizon LiveTickets(Tx& tx);
};

}  // namespace sciweek::store
