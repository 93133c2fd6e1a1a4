#pragma once
// Activities with their sessions, co-organizers and files (the bytes live in the content
// store). Session capacity is taken by ReservationStore through a conditional update.
#include <optional>
#include <string>
#include <vector>

#include "domain/activity.hpp"
#include "store/db.hpp"

namespace sciweek::store {

struct ActivityFileRow {
  long long id = 0;
  long long activity_id = 0;
  std::string kind;  // emergency_plan | cover
  std::string filename, mime;
  long long size = 0;
  std::string sha256;
  long long created_at = 0;
  std::string created_by;
};

struct ActivityFilter {
  int campaign_year = 0;
  std::string status;      // empty: any
  std::string org;         // lead or co-organizer is this unit (empty: any)
  std::string visible_to;  // lead or co-organizer lies in this unit's subtree (empty: any)
  std::string q;           // in the title or venue
  int limit = 50;
  int offset = 0;
  bool pending_change = false;  // only those with a change waiting for review (last: callers brace-init the rest)
};

// A session's remaining places as read, with their version (domain::Session::seats_version).
struct SessionPlaces {
  long long session_id = 0;
  int remaining = 0;
  long long seats_version = 0;
};

class ActivityStore {
 public:
  static long long Insert(Tx& tx, const domain::Activity& a);  // with sessions and co-organizers
  // Plan fields, sessions (replaced) and co-organizers; false when the version moved on.
  [[nodiscard]] static bool UpdatePlan(Tx& tx, const domain::Activity& a, int expected_version);
  // Plan fields and co-organizers, sessions untouched (a published plan's); bumps the version.
  [[nodiscard]] static bool UpdateFields(Tx& tx, const domain::Activity& a, int expected_version);
  // A published plan's sessions after an approved change: those with an id are updated in
  // place (their reservations stay), those without are added, `removed` are marked removed.
  static void ApplySessions(Tx& tx, long long activity_id, const std::vector<domain::Session>& sessions,
                            const std::vector<long long>& removed, long long now);
  // Status, reasons, review level and stamps only, if the stored version is still a.version;
  // bumps it. False when another writer got there first (the caller answers 409).
  [[nodiscard]] static bool UpdateStatus(Tx& tx, const domain::Activity& a);
  static std::optional<domain::Activity> Find(Tx& tx, long long id);  // with sessions and co-organizers
  static std::vector<domain::Activity> List(Tx& tx, const ActivityFilter& f, long long* total);
  // Every approved or cancelled activity of campaigns that are open or closed (the calendar).
  static std::vector<domain::Activity> Published(Tx& tx);
  // Approved activities a unit leads (counted for it alone), for the report's suggestions.
  static std::vector<domain::Activity> ApprovedLedBy(Tx& tx, int year, const std::string& org);

  static long long InsertFile(Tx& tx, const ActivityFileRow& f);
  static std::vector<ActivityFileRow> Files(Tx& tx, long long activity_id);
  static std::optional<ActivityFileRow> FindFile(Tx& tx, long long id);
  static void DeleteFile(Tx& tx, long long id);

  // What the public calendar watches to know it must rebuild: published activities,
  // campaigns, unit names and covers, summarized as one string.
  static std::string PublishedFingerprint(Tx& tx);
  // The places of every approved activity's sessions.
  static std::vector<SessionPlaces> Availability(Tx& tx);

  static std::optional<domain::Session> FindSession(Tx& tx, long long id);
  static void SetWalkIns(Tx& tx, long long session_id, int count);
  // Marks the session's lottery drawn unless it already is: false then. The one update that
  // decides which of simultaneous draws runs (PostgreSQL makes the others wait for the row,
  // then finds it drawn).
  [[nodiscard]] static bool ClaimDraw(Tx& tx, long long session_id);
};

}  // namespace sciweek::store
