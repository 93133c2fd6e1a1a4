#pragma once
// Changes to published activities (domain/activity_change.hpp): the plan before and the plan
// proposed, kept as JSON (decision 0001: snapshots for history), the reason, where a pending
// change waits for review, and on approval the tickets it moved or cancelled.
#include <optional>
#include <string>
#include <vector>

#include "domain/activity.hpp"
#include "domain/activity_change.hpp"
#include "domain/review.hpp"
#include "store/db.hpp"

namespace sciweek::store {

// A ticket an approved change moved to a new time or place, or cancelled.
struct AffectedTicket {
  long long reservation_id = 0;
  long long session_id = 0;
  std::string effect;  // "moved" | "cancelled"
};

struct ActivityChangeRow {
  long long id = 0;
  long long activity_id = 0;
  int base_version = 0;
  domain::Activity before, proposed;  // plan fields, co-organizers and sessions
  std::string reason;
  bool cancels_reservations = false;
  domain::ActivityChangeStatus status = domain::ActivityChangeStatus::kPending;
  domain::ReviewLevel review_level = domain::ReviewLevel::kSingle;
  std::string review_reason;
  std::vector<AffectedTicket> affected;
  long long created_at = 0;
  std::string created_by;
  std::optional<long long> decided_at;
  std::string decided_by;
};

class ActivityChangeStore {
 public:
  static long long Insert(Tx& tx, const ActivityChangeRow& c);
  static std::optional<ActivityChangeRow> Find(Tx& tx, long long id);
  static std::optional<ActivityChangeRow> Pending(Tx& tx, long long activity_id);
  static std::vector<ActivityChangeRow> ForActivity(Tx& tx, long long activity_id);  // newest first
  // Moves a pending change on (forwarded, decided, withdrawn); false when it is no longer
  // pending (another reviewer or the unit got there first).
  [[nodiscard]] static bool Update(Tx& tx, const ActivityChangeRow& c);
};

}  // namespace sciweek::store
