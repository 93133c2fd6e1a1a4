#pragma once
// Changing a published activity (issue 10 §4, docs/decisions/0017). The lead unit edits an
// approved plan: the harmless fields — what a visitor reads, not where or when they go —
// apply at once; everything else is a change that waits for review while the published
// version stays live. This file decides which is which, what a change does to the sessions
// (moved, resized, removed, added), which edits are refused whatever the reason, and which
// reservations a capacity cut displaces. No I/O: the service brings the counts.
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/activity.hpp"
#include "domain/reservation.hpp"

namespace sciweek::domain {

enum class ActivityChangeStatus { kPending, kApproved, kRejected, kWithdrawn };
std::string_view ActivityChangeStatusName(ActivityChangeStatus s);
std::optional<ActivityChangeStatus> ParseActivityChangeStatus(std::string_view name);

// The fields that apply at once on a published activity: description, contact, audience.
void CopyLiveFields(const Activity& from, Activity& to);

// What a change does, published plan → proposed plan (sessions matched by id; id 0 is new).
struct ChangeSummary {
  std::vector<std::string> fields;      // changed plan fields other than the live ones, by API name
  std::vector<long long> moved;         // kept sessions whose start or end changes
  std::map<long long, int> resized;     // kept session → its new capacity
  std::vector<long long> removed;       // sessions the change takes out
  int added = 0;                        // new sessions
  bool place_changed = false;           // venue or address: every holder must hear of it
  bool other_session_settings = false;  // reservation opening, lottery or high demand of a kept session

  bool empty() const {
    return fields.empty() && moved.empty() && resized.empty() && removed.empty() && added == 0 &&
           !other_session_settings;
  }
};
ChangeSummary CompareForChange(const Activity& published, const Activity& proposed);

// Edits refused whatever the reason: session ids the plan does not have (or twice), moving,
// resizing below its check-ins or removing a session that has begun or has checked-in
// visitors. `checked_in`: people checked in per session.
std::vector<core::FieldProblem> ChangeProblems(const Activity& published, const Activity& proposed,
                                               const std::map<long long, long long>& checked_in, core::UnixTime now);

// One reservation holding places (offered, confirmed, checked in) in a session.
struct HeldPlaces {
  long long reservation_id = 0;
  ReservationStatus status = ReservationStatus::kConfirmed;
  int party_size = 1;
};

// The reservations a cut to `new_capacity` displaces: the newest offers first, then the
// newest confirmed reservations, until what stays fits; checked-in visitors always stay (a
// capacity below them is refused by ChangeProblems). `held` in any order.
std::vector<long long> DisplacedByCut(std::vector<HeldPlaces> held, int new_capacity);

}  // namespace sciweek::domain
