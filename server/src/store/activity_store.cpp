#include "store/activity_store.hpp"

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include <map>

#include "store/row_util.hpp"
#include "store/session_row.hpp"

namespace sciweek::store {
namespace {

constexpr const char* kColumns =
    "id, campaign_year, lead_org, title, category, mode, district_code, venue, address, starts_at, ends_at, "
    "audience, description, contact_name, contact_phone, is_free, reservation_required, online_url, "
    "security_owner, safe_occupancy, status, review_reason, cancel_reason, version, created_at, created_by, "
    "updated_at, updated_by, submitted_at, reviewed_at, reviewed_by, review_level, real_name_required";

domain::Activity FromRow(const soci::row& r) {
  domain::Activity a;
  a.id = GetInt(r, 0);
  a.campaign_year = static_cast<int>(GetInt(r, 1));
  a.lead_org = GetText(r, 2);
  a.title = GetText(r, 3);
  a.category = GetText(r, 4);
  a.mode = GetText(r, 5);
  a.district_code = GetText(r, 6);
  a.venue = GetText(r, 7);
  a.address = GetText(r, 8);
  a.starts_at = GetInt(r, 9);
  a.ends_at = GetInt(r, 10);
  auto audience = nlohmann::json::parse(GetText(r, 11), nullptr, false);
  if (audience.is_array())
    for (const auto& v : audience)
      if (v.is_string()) a.audience.push_back(v.get<std::string>());
  a.description = GetText(r, 12);
  a.contact_name = GetText(r, 13);
  a.contact_phone = GetText(r, 14);
  a.is_free = GetInt(r, 15) != 0;
  a.reservation_required = GetInt(r, 16) != 0;
  a.online_url = GetText(r, 17);
  a.security_owner = GetText(r, 18);
  if (auto v = GetOptInt(r, 19)) a.safe_occupancy = static_cast<int>(*v);
  a.status = domain::ParseActivityStatus(GetText(r, 20)).value_or(domain::ActivityStatus::kDraft);
  a.review_reason = GetText(r, 21);
  a.cancel_reason = GetText(r, 22);
  a.version = static_cast<int>(GetInt(r, 23));
  a.created_at = GetInt(r, 24);
  a.created_by = GetText(r, 25);
  a.updated_at = GetInt(r, 26);
  a.updated_by = GetText(r, 27);
  a.submitted_at = GetOptInt(r, 28);
  a.reviewed_at = GetOptInt(r, 29);
  a.reviewed_by = GetText(r, 30);
  a.review_level = domain::ParseReviewLevel(GetText(r, 31)).value_or(domain::ReviewLevel::kSingle);
  a.real_name_required = GetInt(r, 32) != 0;
  return a;
}

std::string AudienceJson(const domain::Activity& a) { return nlohmann::json(a.audience).dump(); }

void InsertSessions(Tx& tx, const std::vector<domain::Session>& sessions, long long id) {
  for (const auto& s : sessions) {
    long long opens = s.opens_at.value_or(0), cutoff = s.lottery_cutoff.value_or(0);
    soci::indicator oi = s.opens_at ? soci::i_ok : soci::i_null, ci = s.lottery_cutoff ? soci::i_ok : soci::i_null;
    int high = s.high_demand ? 1 : 0;
    tx.sql() << "INSERT INTO sessions (activity_id, starts_at, ends_at, capacity, high_demand, opens_at, "
                "lottery_cutoff) VALUES (:a, :s, :e, :c, :h, :o, :l)",
        soci::use(id), soci::use(s.starts_at), soci::use(s.ends_at), soci::use(s.capacity), soci::use(high),
        soci::use(opens, oi), soci::use(cutoff, ci);
  }
}

void InsertCoOrganizers(Tx& tx, const domain::Activity& a, long long id) {
  for (const auto& code : a.co_organizers)
    tx.sql() << "INSERT INTO activity_co_organizers (activity_id, org_code) VALUES (:a, :o)", soci::use(id),
        soci::use(code);
}

// Loads sessions and co-organizers of the given activities in two queries.
void LoadChildren(Tx& tx, std::vector<domain::Activity>& list) {
  if (list.empty()) return;
  std::map<long long, domain::Activity*> by_id;
  std::string ids;
  for (auto& a : list) {
    by_id[a.id] = &a;
    ids += (ids.empty() ? "" : ",") + std::to_string(a.id);
  }
  soci::rowset<soci::row> ss =
      (tx.sql().prepare << "SELECT " << kSessionColumns << " FROM sessions WHERE activity_id IN (" << ids
                        << ") AND removed_at IS NULL ORDER BY starts_at, id");
  for (const auto& r : ss) {
    auto s = SessionFromRow(r);
    by_id[s.activity_id]->sessions.push_back(s);
  }
  soci::rowset<soci::row> cs = (tx.sql().prepare << "SELECT activity_id, org_code FROM activity_co_organizers "
                                                    "WHERE activity_id IN ("
                                                 << ids << ") ORDER BY org_code");
  for (const auto& r : cs) by_id[GetInt(r, 0)]->co_organizers.push_back(GetText(r, 1));
}

// Binds each parameter in order (soci keeps references: `params` must outlive the rows).
soci::details::prepare_temp_type Prepare(Tx& tx, const std::string& sql, const std::vector<std::string>& params) {
  soci::details::prepare_temp_type prep = (tx.sql().prepare << sql);
  for (const auto& p : params) prep, soci::use(p);
  return prep;
}

std::vector<domain::Activity> Query(Tx& tx, const std::string& where_sql, const std::vector<std::string>& params,
                                    const std::string& tail = " ORDER BY starts_at, id") {
  std::vector<domain::Activity> out;
  soci::rowset<soci::row> rs(
      Prepare(tx, std::string("SELECT ") + kColumns + " FROM activities " + where_sql + tail, params));
  for (const auto& r : rs) out.push_back(FromRow(r));
  LoadChildren(tx, out);
  return out;
}

}  // namespace

long long ActivityStore::Insert(Tx& tx, const domain::Activity& a) {
  long long id = 0;
  long long safe = a.safe_occupancy.value_or(0);
  soci::indicator si = a.safe_occupancy ? soci::i_ok : soci::i_null;
  std::string status(domain::ActivityStatusName(a.status)), audience = AudienceJson(a);
  int is_free = a.is_free, reservation = a.reservation_required, real_name = a.real_name_required;
  tx.sql() << "INSERT INTO activities (campaign_year, lead_org, title, category, mode, district_code, venue, address, "
              "starts_at, ends_at, audience, description, contact_name, contact_phone, is_free, "
              "reservation_required, online_url, security_owner, safe_occupancy, status, version, created_at, "
              "created_by, updated_at, updated_by, real_name_required) VALUES (:y, :lead, :t, :c, :m, :d, :v, :ad, "
              ":s, :e, :au, :de, :cn, :cp, :f, :r, :u, :so, :safe, :st, 1, :at, :by, :at2, :by2, :rn) RETURNING id",
      soci::use(a.campaign_year), soci::use(a.lead_org), soci::use(a.title), soci::use(a.category), soci::use(a.mode),
      soci::use(a.district_code), soci::use(a.venue), soci::use(a.address), soci::use(a.starts_at),
      soci::use(a.ends_at), soci::use(audience), soci::use(a.description), soci::use(a.contact_name),
      soci::use(a.contact_phone), soci::use(is_free), soci::use(reservation), soci::use(a.online_url),
      soci::use(a.security_owner), soci::use(safe, si), soci::use(status), soci::use(a.created_at),
      soci::use(a.created_by), soci::use(a.updated_at), soci::use(a.updated_by), soci::use(real_name), soci::into(id);
  InsertSessions(tx, a.sessions, id);
  InsertCoOrganizers(tx, a, id);
  return id;
}

bool ActivityStore::UpdateFields(Tx& tx, const domain::Activity& a, int expected_version) {
  long long safe = a.safe_occupancy.value_or(0);
  soci::indicator si = a.safe_occupancy ? soci::i_ok : soci::i_null;
  std::string audience = AudienceJson(a);
  int is_free = a.is_free, reservation = a.reservation_required, real_name = a.real_name_required;
  soci::statement st =
      (tx.sql().prepare
           << "UPDATE activities SET title = :t, category = :c, mode = :m, district_code = :d, venue = :v, "
              "address = :ad, starts_at = :s, ends_at = :e, audience = :au, description = :de, "
              "contact_name = :cn, contact_phone = :cp, is_free = :f, reservation_required = :r, "
              "online_url = :u, security_owner = :so, safe_occupancy = :safe, real_name_required = :rn, "
              "version = version + 1, updated_at = :at, updated_by = :by WHERE id = :id AND version = :ver",
       soci::use(a.title), soci::use(a.category), soci::use(a.mode), soci::use(a.district_code), soci::use(a.venue),
       soci::use(a.address), soci::use(a.starts_at), soci::use(a.ends_at), soci::use(audience),
       soci::use(a.description), soci::use(a.contact_name), soci::use(a.contact_phone), soci::use(is_free),
       soci::use(reservation), soci::use(a.online_url), soci::use(a.security_owner), soci::use(safe, si),
       soci::use(real_name), soci::use(a.updated_at), soci::use(a.updated_by), soci::use(a.id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1) return false;
  tx.sql() << "DELETE FROM activity_co_organizers WHERE activity_id = :id", soci::use(a.id);
  InsertCoOrganizers(tx, a, a.id);
  return true;
}

bool ActivityStore::UpdatePlan(Tx& tx, const domain::Activity& a, int expected_version) {
  if (!UpdateFields(tx, a, expected_version)) return false;
  // Only plans that never were public change here, so no reservation points at a session.
  tx.sql() << "DELETE FROM sessions WHERE activity_id = :id", soci::use(a.id);
  InsertSessions(tx, a.sessions, a.id);
  return true;
}

void ActivityStore::ApplySessions(Tx& tx, long long activity_id, const std::vector<domain::Session>& sessions,
                                  const std::vector<long long>& removed, long long now) {
  std::vector<domain::Session> added;
  for (const auto& s : sessions) {
    if (s.id == 0) {
      added.push_back(s);
      continue;
    }
    long long opens = s.opens_at.value_or(0), cutoff = s.lottery_cutoff.value_or(0);
    soci::indicator oi = s.opens_at ? soci::i_ok : soci::i_null, ci = s.lottery_cutoff ? soci::i_ok : soci::i_null;
    int high = s.high_demand ? 1 : 0;
    tx.sql() << "UPDATE sessions SET starts_at = :s, ends_at = :e, capacity = :c, high_demand = :h, opens_at = :o, "
                "lottery_cutoff = :l, seats_version = seats_version + 1 WHERE id = :id AND activity_id = :a",
        soci::use(s.starts_at), soci::use(s.ends_at), soci::use(s.capacity), soci::use(high), soci::use(opens, oi),
        soci::use(cutoff, ci), soci::use(s.id), soci::use(activity_id);
  }
  InsertSessions(tx, added, activity_id);
  for (long long id : removed)
    tx.sql() << "UPDATE sessions SET removed_at = :n WHERE id = :id AND activity_id = :a", soci::use(now),
        soci::use(id), soci::use(activity_id);
}

bool ActivityStore::UpdateStatus(Tx& tx, const domain::Activity& a) {
  std::string status(domain::ActivityStatusName(a.status));
  const std::string level(domain::ReviewLevelName(a.review_level));
  long long submitted = a.submitted_at.value_or(0), reviewed = a.reviewed_at.value_or(0);
  soci::indicator si = a.submitted_at ? soci::i_ok : soci::i_null, ri = a.reviewed_at ? soci::i_ok : soci::i_null;
  soci::indicator bi = a.reviewed_by.empty() ? soci::i_null : soci::i_ok;
  soci::statement st =
      (tx.sql().prepare << "UPDATE activities SET status = :s, review_reason = :rr, cancel_reason = :cr, "
                           "submitted_at = :sa, reviewed_at = :ra, reviewed_by = :rb, review_level = :lv, "
                           "version = version + 1, updated_at = :at, updated_by = :by WHERE id = :id AND version = :v",
       soci::use(status), soci::use(a.review_reason), soci::use(a.cancel_reason), soci::use(submitted, si),
       soci::use(reviewed, ri), soci::use(a.reviewed_by, bi), soci::use(level), soci::use(a.updated_at),
       soci::use(a.updated_by), soci::use(a.id), soci::use(a.version));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<domain::Activity> ActivityStore::Find(Tx& tx, long long id) {
  auto list = Query(tx, "WHERE id = " + std::to_string(id), {});
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::vector<domain::Activity> ActivityStore::List(Tx& tx, const ActivityFilter& f, long long* total) {
  std::string where = "WHERE campaign_year = " + std::to_string(f.campaign_year);
  std::vector<std::string> params;
  if (!f.status.empty()) {
    where += " AND status = :st";
    params.push_back(f.status);
  }
  auto in_units = [&](const std::string& unit_condition) {
    return " AND (lead_org IN (" + unit_condition +
           ") OR id IN (SELECT activity_id FROM activity_co_organizers "
           "WHERE org_code IN (" +
           unit_condition + ")))";
  };
  if (!f.org.empty()) {
    where += " AND (lead_org = :o1 OR id IN (SELECT activity_id FROM activity_co_organizers WHERE org_code = :o2))";
    params.push_back(f.org);
    params.push_back(f.org);
  }
  if (!f.visible_to.empty()) where += in_units("SELECT code FROM visible_units");  // the CTE below
  if (!f.q.empty()) {
    where += " AND (title LIKE :q1 OR venue LIKE :q2)";
    params.push_back("%" + f.q + "%");
    params.push_back("%" + f.q + "%");
  }
  if (f.pending_change) where += " AND id IN (SELECT activity_id FROM activity_changes WHERE status = 'pending')";
  std::string prefix;
  std::vector<std::string> all_params;
  if (!f.visible_to.empty()) {
    prefix =
        "WITH RECURSIVE visible_units(code) AS (SELECT code FROM org_units WHERE code = :root UNION ALL "
        "SELECT o.code FROM org_units o JOIN visible_units v ON o.parent_code = v.code) ";
    all_params.push_back(f.visible_to);
  }
  all_params.insert(all_params.end(), params.begin(), params.end());
  if (total) {
    soci::rowset<soci::row> count(Prepare(tx, prefix + "SELECT COUNT(*) FROM activities " + where, all_params));
    for (const auto& r : count) *total = GetInt(r, 0);
  }
  std::vector<domain::Activity> out;
  soci::rowset<soci::row> rs(Prepare(tx,
                                     prefix + "SELECT " + kColumns + " FROM activities " + where +
                                         " ORDER BY starts_at, id LIMIT " + std::to_string(f.limit) + " OFFSET " +
                                         std::to_string(f.offset),
                                     all_params));
  for (const auto& r : rs) out.push_back(FromRow(r));
  LoadChildren(tx, out);
  return out;
}

std::vector<domain::Activity> ActivityStore::Published(Tx& tx) {
  return Query(tx,
               "WHERE status IN ('approved', 'cancelled') AND campaign_year IN "
               "(SELECT year FROM campaigns WHERE status IN ('open', 'closed'))",
               {});
}

std::vector<domain::Activity> ActivityStore::ApprovedLedBy(Tx& tx, int year, const std::string& org) {
  return Query(tx, "WHERE campaign_year = " + std::to_string(year) + " AND status = 'approved' AND lead_org = :o",
               {org});
}

long long ActivityStore::InsertFile(Tx& tx, const ActivityFileRow& f) {
  long long id = 0;
  tx.sql() << "INSERT INTO activity_files (activity_id, kind, filename, mime, size, sha256, created_at, created_by) "
              "VALUES (:a, :k, :f, :m, :s, :h, :at, :by) RETURNING id",
      soci::use(f.activity_id), soci::use(f.kind), soci::use(f.filename), soci::use(f.mime), soci::use(f.size),
      soci::use(f.sha256), soci::use(f.created_at), soci::use(f.created_by), soci::into(id);
  return id;
}

namespace {
ActivityFileRow FileFromRow(const soci::row& r) {
  return {GetInt(r, 0), GetInt(r, 1),  GetText(r, 2), GetText(r, 3), GetText(r, 4),
          GetInt(r, 5), GetText(r, 6), GetInt(r, 7),  GetText(r, 8)};
}
constexpr const char* kFileColumns = "id, activity_id, kind, filename, mime, size, sha256, created_at, created_by";
}  // namespace

std::vector<ActivityFileRow> ActivityStore::Files(Tx& tx, long long activity_id) {
  std::vector<ActivityFileRow> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT " << kFileColumns << " FROM activity_files WHERE activity_id = :a ORDER BY id",
       soci::use(activity_id));
  for (const auto& r : rs) out.push_back(FileFromRow(r));
  return out;
}

std::optional<ActivityFileRow> ActivityStore::FindFile(Tx& tx, long long id) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT " << kFileColumns << " FROM activity_files WHERE id = :id", soci::use(id));
  std::optional<ActivityFileRow> out;
  for (const auto& r : rs) out = FileFromRow(r);
  return out;
}

void ActivityStore::DeleteFile(Tx& tx, long long id) {
  tx.sql() << "DELETE FROM activity_files WHERE id = :id", soci::use(id);
}

std::string ActivityStore::PublishedFingerprint(Tx& tx) {
  long long n = 0, at = 0, versions = 0, campaigns = 0, orgs = 0, covers = 0;
  tx.sql() << "SELECT COUNT(*), COALESCE(MAX(updated_at), 0), COALESCE(SUM(version), 0) FROM activities "
              "WHERE status IN ('approved', 'cancelled')",
      soci::into(n), soci::into(at), soci::into(versions);
  tx.sql() << "SELECT COALESCE(MAX(updated_at), 0) + COUNT(*) FROM campaigns", soci::into(campaigns);
  tx.sql() << "SELECT COALESCE(MAX(updated_at), 0) + COUNT(*) FROM org_units", soci::into(orgs);
  tx.sql() << "SELECT COALESCE(MAX(id), 0) + COUNT(*) FROM activity_files WHERE kind = 'cover'", soci::into(covers);
  return std::to_string(n) + "/" + std::to_string(at) + "/" + std::to_string(versions) + "/" +
         std::to_string(campaigns) + "/" + std::to_string(orgs) + "/" + std::to_string(covers);
}

std::vector<SessionPlaces> ActivityStore::Availability(Tx& tx) {
  std::vector<SessionPlaces> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT s.id, s.capacity - s.taken, s.seats_version FROM sessions s JOIN activities a ON "
                           "a.id = s.activity_id WHERE a.status = 'approved' AND s.removed_at IS NULL");
  for (const auto& r : rs) out.push_back({GetInt(r, 0), static_cast<int>(GetInt(r, 1)), GetInt(r, 2)});
  return out;
}

namespace {

// Read after every reservation (the public places' freshness): kept prepared per connection.
struct FindSessionStatement : StatementCache::Entry {
  long long id = 0;
  soci::row row;
  soci::statement st;
  explicit FindSessionStatement(Tx& tx)
      : st((tx.sql().prepare << "SELECT " << kSessionColumns << " FROM sessions WHERE id = :id AND removed_at IS NULL",
            soci::use(id), soci::into(row))) {}
};

}  // namespace

std::optional<domain::Session> ActivityStore::FindSession(Tx& tx, long long id) {
  auto& k = tx.Kept<FindSessionStatement>();
  k.id = id;
  if (!RunKept(k.st)) return std::nullopt;
  return SessionFromRow(k.row);
}

void ActivityStore::SetWalkIns(Tx& tx, long long session_id, int count) {
  tx.sql() << "UPDATE sessions SET walk_ins = :c WHERE id = :id", soci::use(count), soci::use(session_id);
}

bool ActivityStore::ClaimDraw(Tx& tx, long long session_id) {
  soci::statement st =
      (tx.sql().prepare << "UPDATE sessions SET lottery_drawn = 1 WHERE id = :id AND lottery_drawn = 0",
       soci::use(session_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace sciweek::store
