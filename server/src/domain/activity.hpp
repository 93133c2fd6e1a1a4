#pragma once
// Activity — one event a unit plans for the week (the notice's main venue, sub-venues,
// district events, industry events, open days of institutions and bases, online events).
// It has one lead unit (which alone counts it) and may name co-organizing units. Offline
// and hybrid activities have sessions (time slots) with a capacity; online ones a platform
// URL and a named network-security owner. Status: draft → submitted → approved | rejected;
// draft and rejected may be edited and submitted again; approved → cancelled. Under two
// review levels a submitted plan waits at the lead unit's district, then at the city.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/review.hpp"

namespace sciweek::domain {

enum class ActivityStatus { kDraft, kSubmitted, kApproved, kRejected, kCancelled };
std::optional<ActivityStatus> ParseActivityStatus(std::string_view name);
std::string_view ActivityStatusName(ActivityStatus s);

// The categories and audiences the notice names, in the order forms list them.
const std::vector<std::string>& ActivityCategories();
const std::vector<std::string>& ActivityAudiences();
const std::vector<std::string>& ActivityModes();  // offline, online, hybrid

struct Session {
  long long id = 0;
  long long activity_id = 0;
  core::UnixTime starts_at = 0;
  core::UnixTime ends_at = 0;
  int capacity = 0;
  int taken = 0;      // places held by offered, confirmed and checked-in reservations
  int walk_ins = 0;   // people admitted without a reservation, counted by the unit
  int occupancy = 0;  // people inside now (entry minus exit scans)
  bool high_demand = false;
  std::optional<core::UnixTime> opens_at;        // reservations refused before
  std::optional<core::UnixTime> lottery_cutoff;  // applications until, then a draw
  bool lottery_drawn = false;
  // Taken out of a published plan by an approved change (domain/activity_change.hpp): kept
  // for its cancelled tickets and past check-ins, never listed or reservable again.
  std::optional<core::UnixTime> removed_at;
  // Raised by every change of taken or capacity (in the same statement): of two readings of
  // the places, the one with the larger version is the newer, whoever read them and when.
  long long seats_version = 0;

  int remaining() const { return capacity > taken ? capacity - taken : 0; }
  // A lottery session takes applications until its cut-off and the draw.
  bool TakesApplications() const { return high_demand && lottery_cutoff && !lottery_drawn; }
};

struct Activity {
  long long id = 0;
  int campaign_year = 0;
  std::string lead_org;
  std::vector<std::string> co_organizers;
  std::string title;
  std::string category;
  std::string mode = "offline";
  std::string district_code;
  std::string venue, address;
  core::UnixTime starts_at = 0;
  core::UnixTime ends_at = 0;
  std::vector<std::string> audience;
  std::string description;
  std::string contact_name, contact_phone;
  bool is_free = true;
  bool reservation_required = true;
  // Real-name booking (decision 0021): each reservation names the holder's ID card, checked at
  // the gate by its last four characters. Off unless the venue asks for it.
  bool real_name_required = false;
  std::string online_url;
  std::string security_owner;
  std::optional<int> safe_occupancy;
  ActivityStatus status = ActivityStatus::kDraft;
  std::string review_reason, cancel_reason;
  int version = 1;
  core::UnixTime created_at = 0, updated_at = 0;
  std::string created_by, updated_by;
  std::optional<core::UnixTime> submitted_at, reviewed_at;
  std::string reviewed_by;
  ReviewLevel review_level = ReviewLevel::kSingle;  // where a submitted plan waits (domain/review.hpp)
  std::vector<Session> sessions;

  bool offline() const { return mode == "offline" || mode == "hybrid"; }
  bool online() const { return mode == "online" || mode == "hybrid"; }
  long long TotalCapacity() const;
};

// Field problems of a plan as entered (types and ranges already checked by the reader):
// known category/mode/audience, times in order and within [week_start, week_end + 1 day),
// sessions inside the activity's time, capacities 1..100000, texts within their lengths.
std::vector<core::FieldProblem> ValidateActivity(const Activity& a, core::UnixTime week_start, core::UnixTime week_end);

// The safety gate of submission: a large offline event needs an emergency plan (应急预案),
// an online one a platform and a named network-security owner. Empty when it may go.
std::vector<core::FieldProblem> SafetyProblems(const Activity& a, long long large_event_threshold,
                                               bool has_emergency_plan);

// Whether the lead unit may still change the plan.
inline bool ActivityEditable(ActivityStatus s) { return s == ActivityStatus::kDraft || s == ActivityStatus::kRejected; }

}  // namespace sciweek::domain
