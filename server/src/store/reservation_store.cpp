#include "store/reservation_store.hpp"

#include <soci/soci.h>

#include <stdexcept>

#include "store/dialect.hpp"
#include "store/key_lock.hpp"
#include "store/pg_pipeline.hpp"
#include "store/reservation_sql.hpp"
#include "store/row_util.hpp"
#include "store/session_row.hpp"

namespace sciweek::store {

std::string reservation_sql::StatusesWhere(bool (*pick)(domain::ReservationStatus)) {
  std::string out;
  for (auto s : domain::kAllReservationStatuses)
    if (pick(s)) out += (out.empty() ? "('" : ", '") + std::string(domain::ReservationStatusName(s)) + "'";
  return out + ")";
}

const std::string& reservation_sql::Live() {
  static const std::string live = StatusesWhere(domain::IsLive);
  return live;
}

namespace {

using domain::ReservationStatus;
using reservation_sql::StatusesWhere;

const std::string& kLive = reservation_sql::Live();
// What a cancellation applies to: not a ticket already checked in (domain::StatusAfter).
bool Cancellable(ReservationStatus s) {
  return domain::StatusAfter(s, domain::ReservationEvent::kCancelled).has_value();
}
const std::string kCancellable = StatusesWhere(Cancellable);
const std::string kHoldsPlaces = StatusesWhere(domain::HoldsPlaces);

constexpr const char* kColumns =
    "id, session_id, ticket_no, name, phone, party_size, status, day, high_demand, queue_no, offer_expires_at, "
    "cancel_reason, created_at, updated_at, checked_in_at, checked_in_by, inside, email, id_card_last4";

ReservationRow FromRow(const soci::row& r) {
  ReservationRow x;
  x.id = GetInt(r, 0);
  x.session_id = GetInt(r, 1);
  x.ticket_no = GetText(r, 2);
  x.name = GetText(r, 3);
  x.phone = GetText(r, 4);
  x.party_size = static_cast<int>(GetInt(r, 5));
  x.status = domain::ParseReservationStatus(GetText(r, 6)).value_or(ReservationStatus::kCancelled);
  x.day = GetText(r, 7);
  x.high_demand = GetInt(r, 8) != 0;
  x.queue_no = GetInt(r, 9);
  x.offer_expires_at = GetOptInt(r, 10);
  x.cancel_reason = GetText(r, 11);
  x.created_at = GetInt(r, 12);
  x.updated_at = GetInt(r, 13);
  x.checked_in_at = GetOptInt(r, 14);
  x.checked_in_by = GetText(r, 15);
  x.inside = GetInt(r, 16) != 0;
  x.email = GetText(r, 17);
  x.id_card_last4 = GetText(r, 18);
  return x;
}

std::string Name(ReservationStatus s) { return std::string(domain::ReservationStatusName(s)); }

// Parameters by value: soci binds references, which must outlive the rows.
template <typename... Params>
std::vector<ReservationRow> Select(Tx& tx, const std::string& where, Params... params) {
  std::vector<ReservationRow> out;
  soci::details::prepare_temp_type prep = (tx.sql().prepare << "SELECT " << kColumns << " FROM reservations " << where);
  ((prep, soci::use(params)), ...);
  soci::rowset<soci::row> rs(prep);
  for (const auto& r : rs) out.push_back(FromRow(r));
  return out;
}

}  // namespace

// One-shot statements (`sql << …`) where not kept: on PostgreSQL SOCI sends them in one round
// trip, where a prepared rowset costs prepare, execute and deallocate.
namespace {

constexpr const char* kSessionContextColumns =
    "s.id, s.activity_id, s.starts_at, s.ends_at, s.capacity, s.taken, s.walk_ins, "
    "s.occupancy, s.high_demand, s.opens_at, s.lottery_cutoff, s.lottery_drawn, s.removed_at, s.seats_version, "
    "a.campaign_year, "
    "a.status, a.title, a.venue, a.address, a.lead_org, c.max_party_size, c.offer_minutes, "
    "a.reservation_required, c.phone_verification, a.real_name_required";
constexpr const char* kSessionContextFrom =
    " FROM sessions s JOIN activities a ON a.id = s.activity_id JOIN campaigns c ON c.year = a.campaign_year"
    " WHERE s.id = :id";

// A soci::row, or a PgRow of the read that carries the BEGIN (store/pg_pipeline.hpp).
template <typename Row>
SessionContext SessionContextFromRow(const Row& r) {
  SessionContext c;
  c.session = SessionFromRow(r, 0);
  const auto& s = c.session;
  c.activity_id = s.activity_id;
  c.campaign_year = static_cast<int>(GetInt(r, 14));
  c.activity_status = domain::ParseActivityStatus(GetText(r, 15)).value_or(domain::ActivityStatus::kDraft);
  c.activity_title = GetText(r, 16);
  c.venue = GetText(r, 17);
  c.address = GetText(r, 18);
  c.lead_org = GetText(r, 19);
  c.max_party_size = static_cast<int>(GetInt(r, 20));
  c.offer_minutes = static_cast<int>(GetInt(r, 21));
  c.reservation_required = GetInt(r, 22) != 0;
  c.phone_verification = domain::ParsePhoneVerification(GetText(r, 23)).value_or(domain::PhoneVerification::kOff);
  c.real_name_required = GetInt(r, 24) != 0;
  return c;
}

}  // namespace

std::optional<SessionContext> ReservationStore::LoadSession(Tx& tx, long long session_id) {
  soci::row r;
  tx.sql() << std::string("SELECT ") + kSessionContextColumns + kSessionContextFrom, soci::use(session_id, "id"),
      soci::into(r);
  if (!tx.sql().got_data()) return std::nullopt;
  return SessionContextFromRow(r);
}

namespace {

// The hot statements of a reservation, kept prepared per connection (store/statement_cache.hpp).
std::string LoadHoldingPhoneSql(Dialect dialect) {
  return std::string("SELECT ") + kSessionContextColumns + ", " +
         TryLockKeySql(dialect, KeyLockClass::kReservationPhone, "phone") + ", " + NextIdSql(dialect, "reservations") +
         kSessionContextFrom;
}
struct LoadHoldingPhone : StatementCache::Entry {
  std::string phone;
  long long session_id = 0;
  soci::row row;
  soci::statement st;
  explicit LoadHoldingPhone(Tx& tx)
      : st((tx.sql().prepare << LoadHoldingPhoneSql(tx.dialect()), soci::use(phone, "phone"),
            soci::use(session_id, "id"), soci::into(row))) {}
};
// The same read prepared with libpq, for a transaction whose BEGIN it carries (PostgreSQL).
struct LoadHoldingPhonePipelined : PgPrepared {
  explicit LoadHoldingPhonePipelined(Tx& tx)
      : PgPrepared(PgConnectionOf(tx.connection()),
                   PositionalParams(LoadHoldingPhoneSql(Dialect::kPostgres), {"phone", "id"})) {}
};

PgParams SessionReadParams(long long session_id, const std::string& phone) {
  return {phone, std::to_string(session_id)};
}

template <typename Row>
ReservationStore::SessionAndPhone SessionAndPhoneFromRow(const Row& r) {
  return {SessionContextFromRow(r), GetInt(r, 25) != 0, GetInt(r, 26)};
}

}  // namespace

std::optional<ReservationStore::SessionAndPhone> ReservationStore::LoadSessionHoldingPhone(Tx& tx, long long session_id,
                                                                                           const std::string& phone) {
  // The lock is taken while the session row is read: the phone's own checks come in later
  // statements, which see everything committed by whoever held it before.
  if (tx.dialect() == Dialect::kPostgres) {
    // Sent by the job before this one in its batch (decision 0035).
    if (auto carried = TakeCarriedAnswer(tx, SessionReadParams(session_id, phone))) {
      if (PQntuples(carried->get()) == 0) return std::nullopt;
      return SessionAndPhoneFromRow(PgRow(carried->get(), 0));
    }
  }
  if (const char* begin = tx.begin_deferred(); begin && tx.dialect() == Dialect::kPostgres) {
    // The transaction's first statement: BEGIN rides along (decision 0031).
    auto ran =
        BeginAndRun(tx.KeptBeforeBegin<LoadHoldingPhonePipelined>(), begin, SessionReadParams(session_id, phone));
    if (ran.outcome != PipelineOutcome::kNotStarted) {
      tx.BeganWithIt();  // open: committed or rolled back by the caller's transaction
      if (ran.outcome == PipelineOutcome::kFailed) throw std::runtime_error("reading the session failed: " + ran.error);
      if (PQntuples(ran.rows.get()) == 0) return std::nullopt;
      return SessionAndPhoneFromRow(PgRow(ran.rows.get(), 0));
    }
    // The connection was found broken: the plain path below sends BEGIN, reopening it.
  }
  auto& k = tx.Kept<LoadHoldingPhone>();
  k.phone = phone;
  k.session_id = session_id;
  if (!RunKept(k.st)) return std::nullopt;
  return SessionAndPhoneFromRow(k.row);
}

std::shared_ptr<const FirstStatement> ReservationStore::SessionReadToCarry(const Db& db, long long session_id,
                                                                           const std::string& phone) {
  if (db.dialect() != Dialect::kPostgres) return nullptr;
  return std::make_shared<const FirstStatement>(
      FirstStatement{[](Tx& tx) -> const PgPrepared& { return tx.KeptBeforeBegin<LoadHoldingPhonePipelined>(); },
                     SessionReadParams(session_id, phone)});
}

namespace {

// RETURNING tells whether the row matched.
struct TakeStatement : StatementCache::Entry {
  int n = 0;
  long long session_id = 0, taken = 0;
  soci::indicator ind = soci::i_null;
  soci::statement st;
  explicit TakeStatement(Tx& tx)
      : st((tx.sql().prepare
                << "UPDATE sessions SET taken = taken + :n, seats_version = seats_version + 1 WHERE id = :id AND "
                   "taken + :n2 <= capacity RETURNING taken",
            soci::use(n), soci::use(session_id), soci::use(n), soci::into(taken, ind))) {}
};

// With the id a caller got beforehand (ReservationStore::SessionAndPhone::next_id), or without
// for the database to number the row and return it. Only the latter says RETURNING: SQLite
// builds and frees a scratch table for every statement that does.
template <bool kWithId>
struct InsertStatement : StatementCache::Entry {
  reservation_sql::RowBinding row;
  long long id = 0;
  soci::statement st;
  static soci::details::prepare_temp_type Prepare(Tx& tx, reservation_sql::RowBinding& row, long long& id) {
    const std::string columns = reservation_sql::kInsertColumns;
    soci::details::prepare_temp_type prep =
        (tx.sql().prepare << "INSERT INTO reservations (" + (kWithId ? columns : columns.substr(4)) + ") VALUES (" +
                                 (kWithId ? ":i, " : "") +
                                 ":s, :t, :n, :p, :ps, :st, :d, :h, :q, :e, :c, :u, :m, :idd, :idl)" +
                                 (kWithId ? "" : " RETURNING id"));
    row.BindTo(prep, kWithId);
    if (!kWithId) prep, soci::into(id);
    return prep;
  }
  explicit InsertStatement(Tx& tx) : st(Prepare(tx, row, id)) {}
};

template <bool kWithId>
std::optional<long long> RunInsert(Tx& tx, const ReservationRow& r) {
  auto& k = tx.Kept<InsertStatement<kWithId>>();
  k.row.Set(r);
  try {
    const bool answered = RunKept(k.st);
    if (!kWithId && !answered) throw std::logic_error("INSERT … RETURNING id returned no row");
  } catch (const soci::soci_error& e) {
    if (IsUniqueViolation(e)) return std::nullopt;
    throw;
  }
  return kWithId ? r.id : k.id;
}

}  // namespace

bool ReservationStore::TryTake(Tx& tx, long long session_id, int n) {
  auto& k = tx.Kept<TakeStatement>();
  k.n = n;
  k.session_id = session_id;
  k.ind = soci::i_null;
  return RunKept(k.st) && k.ind == soci::i_ok;
}

void ReservationStore::Release(Tx& tx, long long session_id, int n) {
  tx.sql() << "UPDATE sessions SET taken = taken - :n, seats_version = seats_version + 1 WHERE id = :id", soci::use(n),
      soci::use(session_id);
}

std::optional<long long> ReservationStore::Insert(Tx& tx, const ReservationRow& r) {
  return r.id ? RunInsert<true>(tx, r) : RunInsert<false>(tx, r);
}

void ReservationStore::SetQueueNo(Tx& tx, long long id, long long queue_no) {
  tx.sql() << "UPDATE reservations SET queue_no = :q WHERE id = :id", soci::use(queue_no), soci::use(id);
}

std::optional<ReservationRow> ReservationStore::Find(Tx& tx, long long id) {
  auto rows = Select(tx, "WHERE id = :id", id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<ReservationRow> ReservationStore::FindByTicketNo(Tx& tx, const std::string& ticket_no) {
  auto rows = Select(tx, "WHERE ticket_no = :t", ticket_no);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<ReservationRow> ReservationStore::ForPhone(Tx& tx, const std::string& phone, int limit) {
  return Select(tx, "WHERE phone = :p ORDER BY created_at DESC, id DESC LIMIT " + std::to_string(limit), phone);
}

bool ReservationStore::Transition(Tx& tx, long long id, ReservationStatus from, ReservationStatus to, long long now,
                                  const std::string& cancel_reason, std::optional<long long> offer_expires_at) {
  std::string f = Name(from), t = Name(to);
  long long expires = offer_expires_at.value_or(0);
  soci::indicator ei = offer_expires_at ? soci::i_ok : soci::i_null;
  soci::statement st =
      (tx.sql().prepare << "UPDATE reservations SET status = :t, updated_at = :u, cancel_reason = :r, "
                           "offer_expires_at = :e WHERE id = :id AND status = :f",
       soci::use(t), soci::use(now), soci::use(cancel_reason), soci::use(expires, ei), soci::use(id), soci::use(f));
  return Affected(st) == 1;
}

ReservationStore::PlacesMove ReservationStore::MoveTakingPlaces(Tx& tx, const ReservationRow& row,
                                                                ReservationStatus from, ReservationStatus to,
                                                                long long now,
                                                                std::optional<long long> offer_expires_at) {
  if (!TryTake(tx, row.session_id, row.party_size)) return PlacesMove::kNoRoom;
  if (Transition(tx, row.id, from, to, now, {}, offer_expires_at)) return PlacesMove::kMoved;
  Release(tx, row.session_id, row.party_size);
  return PlacesMove::kRowChanged;
}

std::optional<ReservationRow> ReservationStore::NextWaiting(Tx& tx, long long session_id) {
  auto rows = Select(tx, "WHERE session_id = :s AND status = 'waiting' ORDER BY queue_no, id LIMIT 1", session_id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

long long ReservationStore::Position(Tx& tx, const ReservationRow& r) {
  long long n = 0;
  tx.sql() << "SELECT COUNT(*) FROM reservations WHERE session_id = :s AND status = 'waiting' AND "
              "(queue_no < :q OR (queue_no = :q2 AND id <= :id))",
      soci::use(r.session_id), soci::use(r.queue_no), soci::use(r.queue_no), soci::use(r.id), soci::into(n);
  return n;
}

std::vector<long long> ReservationStore::SessionsWithExpiredOffers(Tx& tx, long long now) {
  std::vector<long long> out;
  soci::rowset<soci::row> rs = (tx.sql().prepare << "SELECT DISTINCT session_id FROM reservations WHERE status = "
                                                    "'offered' AND offer_expires_at < :n",
                                soci::use(now));
  for (const auto& r : rs) out.push_back(GetInt(r, 0));
  return out;
}

std::vector<ReservationRow> ReservationStore::ExpiredOffers(Tx& tx, long long session_id, long long now) {
  return Select(tx, "WHERE session_id = :s AND status = 'offered' AND offer_expires_at < :n ORDER BY id", session_id,
                now);
}

std::vector<ReservationRow> ReservationStore::ByStatus(Tx& tx, long long session_id, ReservationStatus status) {
  return Select(tx, "WHERE session_id = :s AND status = :st ORDER BY queue_no, id", session_id, Name(status));
}

std::vector<ReservationRow> ReservationStore::ForSession(Tx& tx, long long session_id) {
  return Select(tx, "WHERE session_id = :s ORDER BY id", session_id);
}

std::vector<ReservationRow> ReservationStore::WithoutReminder(Tx& tx, long long from, long long to, int limit,
                                                              bool email_only) {
  return Select(
      tx,
      std::string("WHERE ") + (email_only ? "email <> '' AND " : "") +
          "status = 'confirmed' AND session_id IN (SELECT s.id FROM sessions s JOIN activities a ON "
          "a.id = s.activity_id WHERE s.starts_at >= :f AND s.starts_at < :t AND a.status = 'approved') AND "
          "NOT EXISTS (SELECT 1 FROM visitor_messages m WHERE m.reservation_id = reservations.id AND m.kind = "
          "'reminder') ORDER BY session_id, id LIMIT " +
          std::to_string(limit),
      from, to);
}

std::vector<ReservationRow> ReservationStore::LiveForSession(Tx& tx, long long session_id) {
  return Select(tx, "WHERE session_id = :s AND status IN " + kLive + " ORDER BY id", session_id);
}

std::vector<ReservationRow> ReservationStore::LiveForActivity(Tx& tx, long long activity_id) {
  return Select(tx,
                "WHERE session_id IN (SELECT id FROM sessions WHERE activity_id = :a) AND status IN " + kLive +
                    " ORDER BY session_id, id",
                activity_id);
}

long long ReservationStore::CancelAllForActivity(Tx& tx, long long activity_id, const std::string& reason,
                                                 long long now) {
  soci::statement st =
      (tx.sql().prepare << "UPDATE reservations SET status = 'cancelled', cancel_reason = :r, updated_at = :u "
                           "WHERE session_id IN (SELECT id FROM sessions WHERE activity_id = :a) AND status IN " +
                               kCancellable,
       soci::use(reason), soci::use(now), soci::use(activity_id));
  const long long n = Affected(st);
  // Only the checked-in parties still hold places; who is inside stays inside.
  tx.sql() << "UPDATE sessions SET seats_version = seats_version + 1, taken = (SELECT COALESCE(SUM(r.party_size), 0) "
              "FROM reservations r WHERE r.session_id = sessions.id AND r.status IN " +
                  kHoldsPlaces + ") WHERE activity_id = :a",
      soci::use(activity_id);
  return n;
}

LiveTicketHorizon ReservationStore::LiveTickets(Tx& tx) {
  long long end = 0;
  std::string date;
  soci::indicator end_ind = soci::i_null, date_ind = soci::i_null;
  tx.sql() << "SELECT MAX(s.ends_at), MAX(c.end_date) FROM reservations r JOIN sessions s ON s.id = r.session_id "
              "JOIN activities a ON a.id = s.activity_id JOIN campaigns c ON c.year = a.campaign_year WHERE r.status "
              "IN " +
                  kLive,
      soci::into(end, end_ind), soci::into(date, date_ind);
  LiveTicketHorizon h;
  if (end_ind == soci::i_ok) h.last_session_end = end;
  if (date_ind == soci::i_ok) h.last_campaign_end_date = date;
  return h;
}

}  // namespace sciweek::store
