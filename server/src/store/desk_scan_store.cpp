#include "store/desk_scan_store.hpp"

#include <soci/soci.h>

#include "store/dialect.hpp"
#include "store/row_util.hpp"

namespace sciweek::store {
namespace {

constexpr const char* kColumns =
    "id, scan_id, device, by_login, session_id, ticket_no, direction, scanned_at, received_at, result, message, "
    "conflict, other_at, other_by";

DeskScanRow FromRow(const soci::row& r) {
  DeskScanRow x;
  x.id = GetInt(r, 0);
  x.scan_id = GetText(r, 1);
  x.device = GetText(r, 2);
  x.by_login = GetText(r, 3);
  x.session_id = GetOptInt(r, 4);
  x.ticket_no = GetText(r, 5);
  x.direction = GetText(r, 6);
  x.scanned_at = GetInt(r, 7);
  x.received_at = GetInt(r, 8);
  x.result = GetText(r, 9);
  x.message = GetText(r, 10);
  x.conflict = GetText(r, 11);
  x.other_at = GetOptInt(r, 12);
  x.other_by = GetText(r, 13);
  return x;
}

}  // namespace

std::optional<DeskScanRow> DeskScanStore::FindByScanId(Tx& tx, const std::string& scan_id) {
  soci::row r;
  tx.sql() << std::string("SELECT ") + kColumns + " FROM desk_scans WHERE scan_id = :s", soci::use(scan_id),
      soci::into(r);
  if (!tx.sql().got_data()) return std::nullopt;
  return FromRow(r);
}

bool DeskScanStore::Insert(Tx& tx, const DeskScanRow& x) {
  long long session = x.session_id.value_or(0), other_at = x.other_at.value_or(0);
  soci::indicator si = x.session_id ? soci::i_ok : soci::i_null;
  soci::indicator fi = x.other_at ? soci::i_ok : soci::i_null;
  soci::indicator bi = x.other_by.empty() ? soci::i_null : soci::i_ok;
  try {
    tx.sql() << "INSERT INTO desk_scans (scan_id, device, by_login, session_id, ticket_no, direction, scanned_at, "
                "received_at, result, message, conflict, other_at, other_by) VALUES (:sid, :d, :b, :s, :t, :dir, "
                ":at, :rcv, :res, :msg, :c, :fa, :fb)",
        soci::use(x.scan_id), soci::use(x.device), soci::use(x.by_login), soci::use(session, si),
        soci::use(x.ticket_no), soci::use(x.direction), soci::use(x.scanned_at), soci::use(x.received_at),
        soci::use(x.result), soci::use(x.message), soci::use(x.conflict), soci::use(other_at, fi),
        soci::use(x.other_by, bi);
  } catch (const soci::soci_error& e) {
    if (IsUniqueViolation(e)) return false;
    throw;
  }
  return true;
}

std::vector<DeskScanRow> DeskScanStore::Conflicts(Tx& tx, long long session_id, int limit) {
  std::vector<DeskScanRow> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << std::string("SELECT ") + kColumns +
                               " FROM desk_scans WHERE session_id = :s AND conflict <> '' ORDER BY scanned_at DESC, "
                               "id DESC LIMIT :n",
       soci::use(session_id), soci::use(limit));
  for (const auto& r : rs) out.push_back(FromRow(r));
  return out;
}

}  // namespace sciweek::store
