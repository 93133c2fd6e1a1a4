#pragma once
// Locks on a key — a phone, a client address — held until the write transaction ends, for the
// rules that read a count before inserting the row it counts (per-phone limits, code resend
// intervals). PostgreSQL's READ COMMITTED lets simultaneous transactions all read the same count,
// on one node or several; a lock on the key makes them take turns. PostgreSQL transaction-level
// advisory locks in their two-key form (class, hashtext(key)); SQLite serializes writers with
// BEGIN IMMEDIATE already, so there these lock nothing.
#include <string>

#include "store/db.hpp"

namespace sciweek::store {

// Every advisory lock class the server uses, in one list, so two rules never share one by
// accident. kMigration is the one-key lock of LockForMigration (a separate key space).
enum class KeyLockClass : int {
  kMigration = 4242001,
  kReservationPhone = 4242002,  // a phone's reservations (ReservationStore::LoadSessionHoldingPhone)
  kCodePhone = 4242003,         // a phone's verification-code requests
  kCodeAddress = 4242004,       // one client address's verification-code requests
  kReportTallies = 4242005,     // the running totals of the reports (store/report_tallies.hpp)
};

// Waits for the key. Take several in a fixed class order (deadlock-free by ordering).
void LockKey(Tx& tx, KeyLockClass cls, const std::string& key);
// A lock that never waits, as a SQL expression to ride along in a statement the caller sends
// anyway (one round trip fewer): 1 when this transaction now holds the key bound as `:param`
// (or held it already), 0 when another does. Only for a statement whose own reads need not
// wait for the lock: it is taken while the statement runs.
std::string TryLockKeySql(Dialect dialect, KeyLockClass cls, const std::string& param);

}  // namespace sciweek::store
