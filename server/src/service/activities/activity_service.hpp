#pragma once
// Activity plans of a campaign: create and edit (lead unit), the safety gate on submit,
// review (organizer staff), cancellation (which cancels every reservation with the reason),
// safety and cover files, walk-in counts and live counters per session, and the figures
// the unit's report form suggests from them.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "domain/activity.hpp"
#include "domain/activity_change.hpp"
#include "domain/campaign.hpp"
#include "domain/report_import.hpp"
#include "domain/review.hpp"
#include "service/support/context.hpp"
#include "service/support/file_store.hpp"
#include "service/visitors/visitor_messages.hpp"
#include "store/activity_change_store.hpp"
#include "store/activity_store.hpp"
#include "store/db.hpp"

namespace sciweek::service {

class PublicCatalog;

struct ActivityView {
  domain::Activity activity;
  std::vector<store::ActivityFileRow> files;
  std::map<std::string, std::string> org_names;  // code → name for lead, co-organizers, district
  std::map<long long, long long> checked_in;     // session id → checked-in people
  // Review levels (domain/review.hpp): the campaign's setting, where a submitted plan waits
  // now, each level's decision, and whether the principal decides it now.
  int review_levels = 1;
  domain::ReviewLevel pending_level = domain::ReviewLevel::kSingle;
  std::vector<domain::ReviewDecision> decisions;
  bool may_decide = false;
  // A published plan's change waiting for review (domain/activity_change.hpp), where it
  // waits and whether the principal decides it now.
  std::optional<store::ActivityChangeRow> pending_change;
  domain::ReviewLevel change_level = domain::ReviewLevel::kSingle;
  bool may_decide_change = false;
};

// What the lead unit says with an edit of a published plan that needs review.
struct ChangeRequest {
  std::string reason;                // 1–500 characters: the reviewer reads it, ticket holders hear it
  bool cancel_reservations = false;  // agreed: the tickets the change displaces are cancelled
};

// One change with what it does, its decisions and the tickets it moved or cancelled.
struct ActivityChangeView {
  store::ActivityChangeRow change;
  domain::ChangeSummary summary;
  std::vector<domain::ReviewDecision> decisions;
  std::map<long long, store::ReservationRow> tickets;  // reservation id → row, for change.affected
  int review_levels = 1;                               // the campaign's activity review levels
};

struct ActivityPage {
  std::vector<ActivityView> items;
  long long total = 0;
};

struct ActivityQuery {
  std::string status, org, q;
  bool pending_change = false;  // only published activities with a change waiting for review
  int limit = 50, offset = 0;
};

struct ActivityFile {
  store::ActivityFileRow row;
  std::string path;
};

struct SessionCounter {
  domain::Session session;
  long long checked_in_parties = 0, checked_in_people = 0, waiting = 0;
  long long venue_occupancy = 0;  // every session of the activity: the same venue
  std::optional<int> safe_occupancy;
  bool near_limit = false;  // at 90 % of the venue's safe occupancy or more
};

struct Suggestions {
  std::vector<domain::Activity> held;  // approved activities the unit leads that have started
  long long checked_in_people = 0, walk_ins = 0, sessions = 0;
  // From the unit's own media-report list (items 14–15): its distinct outlets and its reports.
  std::vector<std::string> outlets;
  long long media_reports = 0;
};

// Activities read from the import template (service/activities/activity_import.cpp).
struct ActivityImportItem {
  std::string sheet;
  int row = 0;
  std::string title;
  int sessions = 0;
  bool ok = true;
  long long id = 0;  // the draft created (apply)
};
struct ActivityImportOutcome {
  bool applied = false;
  std::vector<ActivityImportItem> items;
  std::vector<domain::ImportProblem> problems;
};

class ActivityService {
 public:
  // `messages`: where cancellations notify the visitors (none when null).
  ActivityService(store::Db& db, FileStore& files, PublicCatalog& catalog, const VisitorMessages* messages = nullptr)
      : db_(db), files_(files), catalog_(catalog), messages_(messages) {}

  // `lead_org` is honoured for admins only (others lead with their own unit).
  core::Result<ActivityView> Create(const Ctx& ctx, int year, domain::Activity plan, const std::string& lead_org);
  // A draft or returned plan is replaced; a published one changes as domain/activity_change.hpp
  // says: harmless fields at once, the rest as a change for review (`change` says why).
  core::Result<ActivityView> Update(const Ctx& ctx, long long id, domain::Activity plan, int version,
                                    const ChangeRequest& change = {});
  core::Result<ActivityView> Get(const Ctx& ctx, long long id);
  core::Result<ActivityPage> List(const Ctx& ctx, int year, const ActivityQuery& q);

  core::Result<ActivityView> Submit(const Ctx& ctx, long long id);
  core::Result<ActivityView> Approve(const Ctx& ctx, long long id);
  core::Result<ActivityView> Reject(const Ctx& ctx, long long id, const std::string& reason);
  core::Result<ActivityView> Cancel(const Ctx& ctx, long long id, const std::string& reason);

  // Changes of a published plan (service/activities/activity_changes.cpp): the history, newest first;
  // a decision at the level the change waits at (approval at the last level applies it:
  // sessions moved, resized, removed or added, displaced tickets cancelled, holders told);
  // the lead unit withdrawing its waiting change.
  core::Result<std::vector<ActivityChangeView>> Changes(const Ctx& ctx, long long id);
  core::Result<ActivityView> DecideChange(const Ctx& ctx, long long id, long long change_id,
                                          domain::ReviewAction action, const std::string& reason);
  core::Result<ActivityView> WithdrawChange(const Ctx& ctx, long long id, long long change_id);

  // Activities from the import template's grid (domain/activity_import.hpp), led by the
  // caller's unit: every row checked as a new plan (a row that repeats an activity the unit
  // already has — same title and start — is refused), then, with `apply` and no problem, all
  // created as drafts in one transaction.
  core::Result<ActivityImportOutcome> Import(const Ctx& ctx, int year, const std::vector<domain::ImportSheet>& sheets,
                                             bool apply);

  // Whether this principal may upload a safety file or cover now (before any byte is stored).
  core::Status MayUploadFile(const Ctx& ctx, long long id, const std::string& kind, const std::string& filename);
  core::Result<store::ActivityFileRow> UploadFile(const Ctx& ctx, long long id, const std::string& kind,
                                                  const std::string& filename, const std::string& temp_path);
  core::Result<ActivityFile> OpenFile(const Ctx& ctx, long long id, long long file_id);
  core::Status DeleteFile(const Ctx& ctx, long long id, long long file_id);
  // The cover of a published activity, for the public calendar.
  core::Result<ActivityFile> PublicCover(long long id);

  core::Result<domain::Session> SetWalkIns(const Ctx& ctx, long long session_id, int count);
  core::Result<SessionCounter> Counter(const Ctx& ctx, long long session_id);
  core::Result<Suggestions> Suggest(const Ctx& ctx, int year, const std::string& org);

 private:
  // `action` names the audit entry; `change` may rename it (a district approval is "activity.forwarded").
  core::Result<ActivityView> Transition(
      const Ctx& ctx, long long id, std::string action,
      const std::function<core::Status(store::Tx&, domain::Activity&, std::string& action)>& change);
  // Approve or reject at the level the plan waits at.
  core::Result<ActivityView> Decide(const Ctx& ctx, long long id, domain::ReviewAction action,
                                    const std::string& reason);
  // Update() of an approved plan, inside its transaction; `published_changed` when the
  // calendar must be rebuilt.
  core::Result<ActivityView> EditPublished(store::Tx& tx, const Ctx& ctx, const domain::Activity& current,
                                           domain::Activity plan, const ChangeRequest& change, bool& published_changed);
  // The approval at the last level: applies `change` to the published plan.
  core::Status ApplyChange(store::Tx& tx, const Ctx& ctx, const domain::Activity& current,
                           store::ActivityChangeRow& change);
  const VisitorMessages& messages() const { return messages_ ? *messages_ : kNoMessages; }
  static inline const VisitorMessages kNoMessages{};

  store::Db& db_;
  FileStore& files_;
  PublicCatalog& catalog_;
  const VisitorMessages* messages_;
};

// Shared by the activity, reservation and check-in services.
namespace activity_access {
// The week in Unix seconds: [first day 00:00, last day 00:00) Shanghai.
std::pair<core::UnixTime, core::UnixTime> WeekBounds(const domain::Campaign& c);
// The units a plan names: a district-type unit as district, existing co-organizers.
std::vector<core::FieldProblem> CheckUnits(store::Tx& tx, const domain::Activity& a);
// The audit log's view of a plan.
nlohmann::json AuditSnapshot(const domain::Activity& a);
// Whether the principal decides now an item of `a`'s lead unit waiting at `level`.
bool MayDecideAt(store::Tx& tx, const Ctx& ctx, const domain::Activity& a, domain::ReviewLevel level);
// Organizer staff, or a unit whose subtree holds the lead or a co-organizer.
bool MaySee(store::Tx& tx, const Ctx& ctx, const domain::Activity& a);
// The lead unit's reporters, and admins.
bool MayEdit(const Ctx& ctx, const domain::Activity& a);
// Admins and reviewers, and the staff (reporter or checkin) of the lead or a co-organizer.
bool IsVenueStaff(const Ctx& ctx, const domain::Activity& a);
// The organizer reviews every plan; a district's reviewer those of units strictly below it.
bool MayReview(store::Tx& tx, const Ctx& ctx, const domain::Activity& a);
ActivityView Load(store::Tx& tx, const Ctx& ctx, domain::Activity a);
}  // namespace activity_access

}  // namespace sciweek::service
