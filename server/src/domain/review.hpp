#pragma once
// Review levels (issue 10 §2, docs/decisions/0014): per campaign, reports and activities are
// reviewed at one level or at two. With one, whoever may review the unit decides and the
// decision is final. With two, a unit's submission waits at its district first — approve
// forwards it to the city, return sends it back to the unit — and the city then approves or
// returns it. A unit without a district above it goes straight to the city.
//
// This is the one review state machine: the services ask it where a submission waits, who
// may decide there and what a decision leads to; the SQL stores only its answers (the level
// an item waits at) and the web app shows the `can` actions the API derives from it.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sciweek::domain {

// kSingle: reviewed at one level. kDistrict / kCity: the two levels.
enum class ReviewLevel { kSingle, kDistrict, kCity };

std::string_view ReviewLevelName(ReviewLevel level);   // "", "district", "city"
std::string_view ReviewLevelLabel(ReviewLevel level);  // "", "区级", "市级"
std::optional<ReviewLevel> ParseReviewLevel(std::string_view name);

// A campaign's setting: 1 or 2 levels.
inline bool ValidReviewLevels(int levels) { return levels == 1 || levels == 2; }

// Where a new submission waits: its district under two levels (when it has one), else the
// city; kSingle under one level.
ReviewLevel FirstLevel(int levels, bool has_district);

// Where an item that waits at `stored` is now, under the campaign's current setting, so a
// change mid-season strands nothing:
//   two → one: items waiting at the district or the city are decided at the single level;
//   one → two: items submitted under one level wait at the city (not sent back to the district).
ReviewLevel PendingLevel(ReviewLevel stored, int levels_now);

enum class ReviewAction { kApprove, kReturn };

// What a decision at a level leads to: approved at the district it moves on to the city;
// anything else ends the review (approved, or returned to the unit).
struct ReviewStep {
  bool final = true;
  ReviewLevel next = ReviewLevel::kCity;  // where it waits next when not final
};
ReviewStep Decide(ReviewLevel at, ReviewAction action);

// What the acting person is to the unit under review, as the service found it.
struct ReviewerStanding {
  bool city = false;      // the organizer: an admin or a city-wide reviewer
  bool reviews = false;   // may review this unit under one level (its scope covers the unit)
  bool district = false;  // belongs to the unit's district (and may review the unit)
};

// Whether that person decides an item waiting at `level`.
bool MayDecideAt(ReviewLevel level, const ReviewerStanding& who);

// One decision taken at one level, as kept for the history a unit, its district and the
// city read (store/review_store.hpp persists it).
struct ReviewDecision {
  std::string subject;  // "report" or "activity"
  long long subject_id = 0;
  int submission_no = 0;  // the report's submission; 0 for activities
  std::string level;      // ReviewLevelName
  std::string action;     // "forwarded", "approved", "returned"
  std::string comment;
  std::map<std::string, std::string> field_comments;
  long long decided_at = 0;
  std::string decided_by;
};

}  // namespace sciweek::domain
