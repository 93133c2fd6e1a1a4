#include "store/activity_change_store.hpp"

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "store/row_util.hpp"

namespace sciweek::store {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "id, activity_id, base_version, before_plan, proposed_plan, reason, cancels_reservations, status, review_level, "
    "review_reason, affected, created_at, created_by, decided_at, decided_by";

json OptTime(const std::optional<core::UnixTime>& t) { return t ? json(*t) : json(nullptr); }

std::optional<core::UnixTime> ReadOptTime(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<long long>();
}

// The plan as stored in a change: every field a change may touch, times in Unix seconds.
std::string PlanJson(const domain::Activity& a) {
  json sessions = json::array();
  for (const auto& s : a.sessions)
    sessions.push_back({{"id", s.id},
                        {"starts_at", s.starts_at},
                        {"ends_at", s.ends_at},
                        {"capacity", s.capacity},
                        {"high_demand", s.high_demand},
                        {"opens_at", OptTime(s.opens_at)},
                        {"lottery_cutoff", OptTime(s.lottery_cutoff)}});
  return json{{"title", a.title},
              {"category", a.category},
              {"mode", a.mode},
              {"district", a.district_code},
              {"venue", a.venue},
              {"address", a.address},
              {"starts_at", a.starts_at},
              {"ends_at", a.ends_at},
              {"audience", a.audience},
              {"description", a.description},
              {"contact_name", a.contact_name},
              {"contact_phone", a.contact_phone},
              {"is_free", a.is_free},
              {"reservation_required", a.reservation_required},
              {"real_name_required", a.real_name_required},
              {"online_url", a.online_url},
              {"security_owner", a.security_owner},
              {"safe_occupancy", a.safe_occupancy ? json(*a.safe_occupancy) : json(nullptr)},
              {"co_organizers", a.co_organizers},
              {"sessions", sessions}}
      .dump();
}

// Written by PlanJson only; a damaged value reads as an empty plan rather than throwing.
domain::Activity PlanFromJson(const std::string& text) {
  domain::Activity a;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return a;
  auto str = [&](const char* k) { return j.value(k, std::string()); };
  a.title = str("title");
  a.category = str("category");
  a.mode = str("mode");
  a.district_code = str("district");
  a.venue = str("venue");
  a.address = str("address");
  a.starts_at = j.value("starts_at", 0LL);
  a.ends_at = j.value("ends_at", 0LL);
  a.description = str("description");
  a.contact_name = str("contact_name");
  a.contact_phone = str("contact_phone");
  a.is_free = j.value("is_free", true);
  a.reservation_required = j.value("reservation_required", true);
  a.real_name_required = j.value("real_name_required", false);
  a.online_url = str("online_url");
  a.security_owner = str("security_owner");
  if (auto v = ReadOptTime(j, "safe_occupancy")) a.safe_occupancy = static_cast<int>(*v);
  for (const char* list : {"audience", "co_organizers"}) {
    auto it = j.find(list);
    if (it == j.end() || !it->is_array()) continue;
    auto& out = std::string(list) == "audience" ? a.audience : a.co_organizers;
    for (const auto& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  }
  if (auto it = j.find("sessions"); it != j.end() && it->is_array())
    for (const auto& v : *it) {
      if (!v.is_object()) continue;
      domain::Session s;
      s.id = v.value("id", 0LL);
      s.starts_at = v.value("starts_at", 0LL);
      s.ends_at = v.value("ends_at", 0LL);
      s.capacity = v.value("capacity", 0);
      s.high_demand = v.value("high_demand", false);
      s.opens_at = ReadOptTime(v, "opens_at");
      s.lottery_cutoff = ReadOptTime(v, "lottery_cutoff");
      a.sessions.push_back(s);
    }
  return a;
}

std::string AffectedJson(const std::vector<AffectedTicket>& list) {
  json out = json::array();
  for (const auto& t : list)
    out.push_back({{"reservation_id", t.reservation_id}, {"session_id", t.session_id}, {"effect", t.effect}});
  return out.dump();
}

std::vector<AffectedTicket> AffectedFromJson(const std::string& text) {
  std::vector<AffectedTicket> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_object())
      out.push_back({v.value("reservation_id", 0LL), v.value("session_id", 0LL), v.value("effect", std::string())});
  return out;
}

ActivityChangeRow FromRow(const soci::row& r) {
  ActivityChangeRow c;
  c.id = GetInt(r, 0);
  c.activity_id = GetInt(r, 1);
  c.base_version = static_cast<int>(GetInt(r, 2));
  c.before = PlanFromJson(GetText(r, 3));
  c.proposed = PlanFromJson(GetText(r, 4));
  c.reason = GetText(r, 5);
  c.cancels_reservations = GetInt(r, 6) != 0;
  c.status = domain::ParseActivityChangeStatus(GetText(r, 7)).value_or(domain::ActivityChangeStatus::kWithdrawn);
  c.review_level = domain::ParseReviewLevel(GetText(r, 8)).value_or(domain::ReviewLevel::kSingle);
  c.review_reason = GetText(r, 9);
  c.affected = AffectedFromJson(GetText(r, 10));
  c.created_at = GetInt(r, 11);
  c.created_by = GetText(r, 12);
  c.decided_at = GetOptInt(r, 13);
  c.decided_by = GetText(r, 14);
  for (auto* plan : {&c.before, &c.proposed}) plan->id = c.activity_id;
  return c;
}

std::vector<ActivityChangeRow> Select(Tx& tx, const std::string& where, long long key) {
  std::vector<ActivityChangeRow> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT " << kColumns << " FROM activity_changes " << where, soci::use(key));
  for (const auto& r : rs) out.push_back(FromRow(r));
  return out;
}

}  // namespace

long long ActivityChangeStore::Insert(Tx& tx, const ActivityChangeRow& c) {
  long long id = 0;
  const std::string before = PlanJson(c.before), proposed = PlanJson(c.proposed), affected = AffectedJson(c.affected);
  const std::string status(domain::ActivityChangeStatusName(c.status)), level(domain::ReviewLevelName(c.review_level));
  const int cancels = c.cancels_reservations ? 1 : 0;
  tx.sql() << "INSERT INTO activity_changes (activity_id, base_version, before_plan, proposed_plan, reason, "
              "cancels_reservations, status, review_level, review_reason, affected, created_at, created_by) "
              "VALUES (:a, :v, :b, :p, :r, :c, :s, :l, :rr, :af, :at, :by) RETURNING id",
      soci::use(c.activity_id), soci::use(c.base_version), soci::use(before), soci::use(proposed), soci::use(c.reason),
      soci::use(cancels), soci::use(status), soci::use(level), soci::use(c.review_reason), soci::use(affected),
      soci::use(c.created_at), soci::use(c.created_by), soci::into(id);
  return id;
}

std::optional<ActivityChangeRow> ActivityChangeStore::Find(Tx& tx, long long id) {
  auto rows = Select(tx, "WHERE id = :id", id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<ActivityChangeRow> ActivityChangeStore::Pending(Tx& tx, long long activity_id) {
  auto rows = Select(tx, "WHERE activity_id = :a AND status = 'pending'", activity_id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<ActivityChangeRow> ActivityChangeStore::ForActivity(Tx& tx, long long activity_id) {
  return Select(tx, "WHERE activity_id = :a ORDER BY id DESC", activity_id);
}

bool ActivityChangeStore::Update(Tx& tx, const ActivityChangeRow& c) {
  const std::string status(domain::ActivityChangeStatusName(c.status)), level(domain::ReviewLevelName(c.review_level));
  const std::string affected = AffectedJson(c.affected);
  long long decided = c.decided_at.value_or(0);
  soci::indicator di = c.decided_at ? soci::i_ok : soci::i_null, bi = c.decided_by.empty() ? soci::i_null : soci::i_ok;
  soci::statement st =
      (tx.sql().prepare << "UPDATE activity_changes SET status = :s, review_level = :l, review_reason = :rr, "
                           "affected = :af, decided_at = :d, decided_by = :by WHERE id = :id AND status = 'pending'",
       soci::use(status), soci::use(level), soci::use(c.review_reason), soci::use(affected), soci::use(decided, di),
       soci::use(c.decided_by, bi), soci::use(c.id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace sciweek::store
