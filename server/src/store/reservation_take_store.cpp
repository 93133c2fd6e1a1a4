// ReservationStore at the moment of reserving: the checks on the phone and the card, and a
// first-come reservation's write (the take, the row and its audit entry). On PostgreSQL that
// write is one statement, since every statement there costs a round trip (decision 0030).
#include <soci/soci.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/audit_binding.hpp"
#include "store/pg_pipeline.hpp"
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

// SQLite's conditional take: the places, unless full or someone waits in line, with the checks
// as RETURNING columns (no row: nothing taken). The rules are applied after it (its writers
// take turns, and a refusal rolls the take back).
std::string TakeCheckingSql() {
  return "UPDATE sessions SET taken = taken + :n, seats_version = seats_version + 1 WHERE id = :id AND taken + :n2 "
         "<= capacity AND NOT EXISTS (" +
         std::string(kLineWaiting) + ") RETURNING capacity - taken, seats_version, " + PhoneCheckColumns();
}

struct TakeCheckingStatement : StatementCache::Entry {
  PhoneChecks checks;
  int party_size = 0;
  long long remaining = 0, seats_version = 0;
  soci::statement st;
  static soci::details::prepare_temp_type Prepare(Tx& tx, TakeCheckingStatement& k) {
    soci::details::prepare_temp_type prep = (tx.sql().prepare << TakeCheckingSql());
    prep, soci::use(k.party_size), soci::use(k.checks.session_id), soci::use(k.party_size),
        soci::use(k.checks.session_id), soci::into(k.remaining), soci::into(k.seats_version);
    k.checks.BindUses(prep);
    k.checks.BindIntos(prep);
    return prep;
  }
  explicit TakeCheckingStatement(Tx& tx) : st(Prepare(tx, *this)) {}
};

// TakeRules::Admits over the columns of `chk` (below): one rule, said in C++ and here.
constexpr const char* kTakeAdmitsSql =
    "NOT ((CAST(:lim AS INTEGER) > 0 AND chk.recent >= CAST(:lim AS INTEGER)) OR chk.live > 0 OR (CAST(:hd AS "
    "INTEGER) = 1 AND chk.high > 0) OR chk.id_live > 0)";

// PostgreSQL's whole write in one statement: the checks (`chk`), the take only if there is room,
// nobody waits and the rules admit (`took`), the row only if taken (`ins`; a unique key holding
// a live row fails the statement, undoing the take) and its audit entry (`aud`). So a refusal
// writes nothing, and the COMMIT may ride with it. The answer is always one row: what is left
// (null when nothing was taken), the checks, and whether the row went in. Parameters are text
// (libpq), cast where their use does not say their type.
const std::vector<std::string>& TakeInsertNames() {
  static const std::vector<std::string> names = {"p1",  "since", "p2", "s1",  "p3", "d",  "s2", "s4", "card", "s3",
                                                 "n",   "id",    "n2", "lim", "hd", "i",  "rs", "t",  "nm",   "ph",
                                                 "ps",  "st",    "dy", "h",   "q",  "e",  "c",  "u",  "m",    "idd",
                                                 "idl", "at",    "ac", "an",  "et", "ei", "b",  "a",  "r"};
  return names;
}
std::string TakeInsertSql() {
  return "WITH chk (recent, live, high, id_live, waiting) AS (SELECT " + PhoneCheckColumns() + ", CASE WHEN EXISTS (" +
         kLineWaiting +
         ") THEN 1 ELSE 0 END), took (remaining, seats_version) AS (UPDATE sessions SET taken = sessions.taken + "
         "CAST(:n AS INTEGER), seats_version = sessions.seats_version + 1 FROM chk WHERE sessions.id = CAST(:id AS "
         "BIGINT) AND sessions.taken + CAST(:n2 AS INTEGER) <= sessions.capacity AND chk.waiting = 0 AND " +
         kTakeAdmitsSql +
         " RETURNING sessions.capacity - sessions.taken, sessions.seats_version), ins AS (INSERT INTO reservations (" +
         reservation_sql::kInsertColumns +
         ") SELECT CAST(:i AS BIGINT), CAST(:rs AS BIGINT), CAST(:t AS TEXT), CAST(:nm AS TEXT), CAST(:ph AS TEXT), "
         "CAST(:ps AS INTEGER), CAST(:st AS TEXT), CAST(:dy AS TEXT), CAST(:h AS INTEGER), CAST(:q AS BIGINT), "
         "CAST(:e AS BIGINT), CAST(:c AS BIGINT), CAST(:u AS BIGINT), CAST(:m AS TEXT), CAST(:idd AS TEXT), CAST(:idl "
         "AS TEXT) FROM took RETURNING id), aud AS (INSERT INTO audit_log (" +
         kAuditColumns +
         ") SELECT CAST(:at AS BIGINT), CAST(:ac AS TEXT), CAST(:an AS TEXT), CAST(:et AS TEXT), CAST(:ei AS TEXT), "
         "CAST(:b AS TEXT), CAST(:a AS TEXT), CAST(:r AS TEXT) FROM ins) SELECT (SELECT remaining FROM took), (SELECT "
         "seats_version FROM took), recent, live, high, id_live, waiting, (SELECT COUNT(*) FROM ins) FROM chk";
}
struct TakeInsertPipelined : PgPrepared {
  explicit TakeInsertPipelined(Tx& tx)
      : PgPrepared(PgConnectionOf(tx.sql()), PositionalParams(TakeInsertSql(), TakeInsertNames())) {}
};

std::optional<std::string> Text(long long v) { return std::to_string(v); }
std::optional<std::string> TextOrNull(const std::string& v) {
  return v.empty() ? std::nullopt : std::optional<std::string>(v);
}

// TakeInsertNames' values, in their order.
PgParams TakeInsertParams(const ReservationRow& r, long long since, const TakeRules& rules, const AuditEntry& e) {
  const auto session = Text(r.session_id);
  const auto expires = r.offer_expires_at ? Text(*r.offer_expires_at) : std::nullopt;
  return {r.phone,
          Text(since),
          r.phone,
          session,
          r.phone,
          r.day,
          session,
          session,
          r.id_card_digest,
          session,
          Text(r.party_size),
          session,
          Text(r.party_size),
          Text(rules.per_phone_per_day),
          Text(rules.high_demand ? 1 : 0),
          Text(r.id),
          session,
          r.ticket_no,
          r.name,
          r.phone,
          Text(r.party_size),
          std::string(domain::ReservationStatusName(r.status)),
          r.day,
          Text(r.high_demand ? 1 : 0),
          Text(r.queue_no),
          expires,
          Text(r.created_at),
          Text(r.updated_at),
          r.email,
          TextOrNull(r.id_card_digest),  // no card: NULL, which the one-per-card index ignores
          TextOrNull(r.id_card_digest) ? std::optional<std::string>(r.id_card_last4) : std::nullopt,
          Text(e.at),
          e.actor,
          e.action,
          e.entity_type,
          e.entity_id,
          e.before.is_null() ? std::nullopt : std::optional<std::string>(e.before.dump()),
          e.after.is_null() ? std::nullopt : std::optional<std::string>(e.after.dump()),
          e.request_id};
}

// The PostgreSQL answer's checks (columns 2..6).
ReservePrecheck ChecksFrom(const PgRow& row) {
  return {GetInt(row, 2), GetInt(row, 3) > 0, GetInt(row, 4) > 0, GetInt(row, 6) > 0, GetInt(row, 5) > 0};
}

constexpr const char* kUniqueViolation = "23505";

TakenPlaces TakeAndInsertPostgres(Tx& tx, const ReservationRow& row, long long since, const TakeRules& rules,
                                  const AuditEntry& audit, bool last_write) {
  auto ran = RunLastWrite(tx, tx.Kept<TakeInsertPipelined>(), TakeInsertParams(row, since, rules, audit), last_write);
  TakenPlaces out;
  if (ran.outcome != PipelineOutcome::kRan) {
    if (ran.sqlstate != kUniqueViolation) throw std::runtime_error("taking the places failed: " + ran.error);
    out.conflict = true;  // the statement, and with it the take, is undone; the caller rolls back
    return out;
  }
  const PgRow answer(ran.rows.get(), 0);
  out.checks = ChecksFrom(answer);
  out.taken = GetInt(answer, 7) > 0;
  out.remaining = static_cast<int>(GetInt(answer, 0));
  out.seats_version = GetInt(answer, 1);
  return out;
}

}  // namespace

ReservePrecheck ReservationStore::Precheck(Tx& tx, long long session_id, const std::string& phone, long long since,
                                           const std::string& day, const std::string& id_card_digest) {
  auto& k = tx.Kept<PrecheckStatement>();
  k.checks.Set(session_id, phone, since, day, id_card_digest);
  RunKept(k.st);
  return k.checks.Read(k.waiting != 0);
}

TakenPlaces ReservationStore::TakeAndInsert(Tx& tx, const ReservationRow& row, long long since, const TakeRules& rules,
                                            const AuditEntry& audit, bool last_write) {
  if (tx.dialect() == Dialect::kPostgres) return TakeAndInsertPostgres(tx, row, since, rules, audit, last_write);
  auto& k = tx.Kept<TakeCheckingStatement>();
  k.checks.Set(row.session_id, row.phone, since, row.day, row.id_card_digest);
  k.party_size = row.party_size;
  TakenPlaces out;
  if (!RunKept(k.st)) {  // full, or people wait in line: the checks still say what else refuses
    out.checks = Precheck(tx, row.session_id, row.phone, since, row.day, row.id_card_digest);
    return out;
  }
  out.checks = k.checks.Read(false);
  if (!rules.Admits(out.checks)) return out;  // taken: the caller's rollback returns the places
  if (!Insert(tx, row)) {
    out.conflict = true;
    return out;
  }
  AuditStore::Append(tx, audit);
  out.taken = true;
  out.remaining = static_cast<int>(k.remaining);
  out.seats_version = k.seats_version;
  return out;
}

}  // namespace sciweek::store
