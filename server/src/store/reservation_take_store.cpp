// ReservationStore at the moment of reserving: the checks on the phone and the card, and a
// first-come reservation's write (the take, the row and its audit entry). On PostgreSQL that
// write is one statement, since every statement there costs a round trip (decision 0030).
#include <soci/soci.h>

#include "store/audit_binding.hpp"
#include "store/reservation_sql.hpp"
#include "store/reservation_store.hpp"
#include "store/row_util.hpp"

namespace sciweek::store {
namespace {

// The checks on the phone and the card (ReservePrecheck but the line), as a statement's
// columns; a kept statement binds PhoneChecks' fields in this order. Each has an index only
// it fits (migration 0018), since PostgreSQL plans a kept statement once, often on a table
// still empty, where every index that fits looks alike. The phone's live reservation in this
// session is found from the phone (`+session_id`, the unary plus SQLite documents and
// PostgreSQL shares, keeps session_id out of any index condition): the session's index
// (session_id, status, queue_no) also fits it, and took it in the statement that inserts,
// reading every reservation of the session (ReservationChecksTest: 82 a reservation).
std::string PhoneCheckColumns() {
  const std::string& live = reservation_sql::Live();
  return "(SELECT COUNT(*) FROM reservations WHERE phone = :p1 AND created_at >= :since AND status IN " + live +
         "), (SELECT COUNT(*) FROM reservations WHERE phone = :p2 AND +session_id = :s1 AND status IN " + live +
         "), (SELECT COUNT(*) FROM reservations WHERE phone = :p3 AND day = :d AND high_demand = 1 AND session_id <> "
         ":s2 AND status IN " +
         live +
         "), (SELECT COUNT(*) FROM reservations WHERE session_id = :s4 AND id_card_digest = :card AND status IN " +
         live + ")";
}
struct PhoneChecks {
  std::string phone, day, id_card_digest;
  long long session_id = 0, since = 0;
  long long recent = 0, live = 0, high = 0, id_live = 0;
  void Set(long long session, const std::string& p, long long from, const std::string& d, const std::string& card) {
    session_id = session;
    phone = p;
    since = from;
    day = d;
    id_card_digest = card;
  }
  ReservePrecheck Read(bool line_waiting) const { return {recent, live > 0, high > 0, line_waiting, id_live > 0}; }
  template <typename Prepared>
  void BindUses(Prepared& prep) {
    prep, soci::use(phone), soci::use(since), soci::use(phone), soci::use(session_id), soci::use(phone), soci::use(day),
        soci::use(session_id), soci::use(session_id), soci::use(id_card_digest);
  }
  template <typename Prepared>
  void BindIntos(Prepared& prep) {
    prep, soci::into(recent), soci::into(live), soci::into(high), soci::into(id_live);
  }
};
constexpr const char* kLineWaiting = "SELECT 1 FROM reservations WHERE session_id = :s3 AND status = 'waiting'";

struct PrecheckStatement : StatementCache::Entry {
  PhoneChecks checks;
  long long waiting = 0;
  soci::statement st;
  static soci::details::prepare_temp_type Prepare(Tx& tx, PhoneChecks& c, long long& waiting) {
    soci::details::prepare_temp_type prep =
        (tx.sql().prepare << "SELECT " + PhoneCheckColumns() + ", CASE WHEN EXISTS (" + kLineWaiting +
                                 ") THEN 1 ELSE 0 END");
    c.BindUses(prep);
    c.BindIntos(prep);
    prep, soci::use(c.session_id), soci::into(waiting);
    return prep;
  }
  explicit PrecheckStatement(Tx& tx) : st(Prepare(tx, checks, waiting)) {}
};

// The conditional take: the places, unless full or someone waits in line, with the checks as
// RETURNING columns (no row: nothing taken).
std::string TakeCheckingSql() {
  return "UPDATE sessions SET taken = taken + :n, seats_version = seats_version + 1 WHERE id = :id AND taken + :n2 "
         "<= capacity AND NOT EXISTS (" +
         std::string(kLineWaiting) + ") RETURNING capacity - taken, seats_version, " + PhoneCheckColumns();
}

// What both forms of the write bind and read.
struct TakeValues {
  PhoneChecks checks;
  reservation_sql::RowBinding row;
  long long remaining = 0, seats_version = 0, inserted = 0;
  void Set(const ReservationRow& r, long long since) {
    checks.Set(r.session_id, r.phone, since, r.day, r.id_card_digest);
    row.Set(r);
  }
  template <typename Prepared>
  void BindTake(Prepared& prep) {
    prep, soci::use(row.r.party_size), soci::use(checks.session_id), soci::use(row.r.party_size),
        soci::use(checks.session_id), soci::into(remaining), soci::into(seats_version);
    checks.BindUses(prep);
    checks.BindIntos(prep);
  }
  TakenPlaces Read() const { return {checks.Read(false), static_cast<int>(remaining), seats_version, inserted != 0}; }
};

// SQLite: the take alone (the row and its entry follow as statements of their own, which cost
// nothing there).
struct TakeCheckingStatement : StatementCache::Entry {
  TakeValues v;
  soci::statement st;
  static soci::details::prepare_temp_type Prepare(Tx& tx, TakeValues& v) {
    soci::details::prepare_temp_type prep = (tx.sql().prepare << TakeCheckingSql());
    v.BindTake(prep);
    return prep;
  }
  explicit TakeCheckingStatement(Tx& tx) : st(Prepare(tx, v)) {}
};

// PostgreSQL: the take, the row (only if taken; ON CONFLICT leaves it out where a unique key
// holds one already) and its audit entry (only if the row went in), in one statement. The
// parameters are cast: SOCI sends them untyped, and a SELECT's untyped value is text.
struct TakeInsertStatement : StatementCache::Entry {
  TakeValues v;
  AuditBinding audit;
  soci::statement st;
  static soci::details::prepare_temp_type Prepare(Tx& tx, TakeValues& v, AuditBinding& audit) {
    soci::details::prepare_temp_type prep =
        (tx.sql().prepare
         << "WITH took (remaining, seats_version, recent, live, high, id_live) AS (" + TakeCheckingSql() +
                "), ins AS (INSERT INTO reservations (" + reservation_sql::kInsertColumns +
                ") SELECT CAST(:i AS BIGINT), CAST(:rs AS BIGINT), CAST(:t AS TEXT), CAST(:nm AS TEXT), CAST(:ph AS "
                "TEXT), CAST(:ps AS INTEGER), CAST(:st AS TEXT), CAST(:dy AS TEXT), CAST(:h AS INTEGER), CAST(:q AS "
                "BIGINT), CAST(:e AS BIGINT), CAST(:c AS BIGINT), CAST(:u AS BIGINT), CAST(:m AS TEXT), CAST(:idd AS "
                "TEXT), CAST(:idl AS TEXT) FROM took ON CONFLICT DO NOTHING RETURNING id), aud AS (INSERT INTO "
                "audit_log (" +
                kAuditColumns +
                ") SELECT CAST(:at AS BIGINT), CAST(:ac AS TEXT), CAST(:an AS TEXT), CAST(:et AS TEXT), CAST(:ei AS "
                "TEXT), CAST(:b AS TEXT), CAST(:a AS TEXT), CAST(:r AS TEXT) FROM ins) SELECT remaining, "
                "seats_version, recent, live, high, id_live, (SELECT COUNT(*) FROM ins) FROM took");
    v.BindTake(prep);
    v.row.BindTo(prep, true);
    audit.BindTo(prep);
    prep, soci::into(v.inserted);
    return prep;
  }
  explicit TakeInsertStatement(Tx& tx) : st(Prepare(tx, v, audit)) {}
};

}  // namespace

ReservePrecheck ReservationStore::Precheck(Tx& tx, long long session_id, const std::string& phone, long long since,
                                           const std::string& day, const std::string& id_card_digest) {
  auto& k = tx.Kept<PrecheckStatement>();
  k.checks.Set(session_id, phone, since, day, id_card_digest);
  RunKept(k.st);
  return k.checks.Read(k.waiting != 0);
}

std::optional<TakenPlaces> ReservationStore::TakeAndInsert(Tx& tx, const ReservationRow& row, long long since,
                                                           const AuditEntry& audit) {
  if (tx.dialect() == Dialect::kPostgres) {
    auto& k = tx.Kept<TakeInsertStatement>();
    k.v.Set(row, since);
    k.audit.Set(audit);
    if (!RunKept(k.st)) return std::nullopt;
    return k.v.Read();
  }
  auto& k = tx.Kept<TakeCheckingStatement>();
  k.v.Set(row, since);
  if (!RunKept(k.st)) return std::nullopt;
  TakenPlaces took = k.v.Read();
  took.inserted = Insert(tx, row).has_value();
  if (took.inserted) AuditStore::Append(tx, audit);
  return took;
}

}  // namespace sciweek::store
