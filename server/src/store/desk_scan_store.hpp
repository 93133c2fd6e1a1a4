#pragma once
// Scans an offline check-in desk sent later (migration 0014, decision 0022): one row per scan
// id, with what the server made of it, so a batch sent again is answered from here.
#include <optional>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace sciweek::store {

struct DeskScanRow {
  long long id = 0;
  std::string scan_id;  // made by the desk, unique
  std::string device;
  std::string by_login;
  std::optional<long long> session_id;  // the ticket's session (none when the code was unknown)
  std::string ticket_no;
  std::string direction;  // in | out
  long long scanned_at = 0, received_at = 0;
  std::string result, message;
  std::string conflict;  // '' | double_entry | not_admissible
  std::optional<long long> other_at;
  std::string other_by;
};

class DeskScanStore {
 public:
  static std::optional<DeskScanRow> FindByScanId(Tx& tx, const std::string& scan_id);
  // false when the scan id is there already (a concurrent sync of the same batch won).
  [[nodiscard]] static bool Insert(Tx& tx, const DeskScanRow& row);
  // A session's conflicts, newest scan first (at most `limit`).
  static std::vector<DeskScanRow> Conflicts(Tx& tx, long long session_id, int limit);
};

}  // namespace sciweek::store
