#include "http/json/activity_change_json.hpp"

#include "core/time.hpp"
#include "domain/reservation.hpp"
#include "http/json/review_json.hpp"
#include "http/json/time_json.hpp"

namespace sciweek::http {
namespace {

using nlohmann::json;

json SummaryJson(const domain::ChangeSummary& s) {
  json resized = json::array();
  for (const auto& [id, capacity] : s.resized) resized.push_back({{"session_id", id}, {"capacity", capacity}});
  return {{"fields", s.fields},   {"moved", s.moved}, {"resized", resized},
          {"removed", s.removed}, {"added", s.added}, {"place_changed", s.place_changed}};
}

// The fields a change may touch, in the activity body's own names and formats.
json PlanJson(const domain::Activity& a) {
  json sessions = json::array();
  for (const auto& s : a.sessions)
    sessions.push_back({{"id", s.id == 0 ? json(nullptr) : json(s.id)},
                        {"starts_at", core::FormatShanghai(s.starts_at)},
                        {"ends_at", core::FormatShanghai(s.ends_at)},
                        {"capacity", s.capacity},
                        {"high_demand", s.high_demand},
                        {"opens_at", TimeJson(s.opens_at)},
                        {"lottery_cutoff", TimeJson(s.lottery_cutoff)}});
  return {{"title", a.title},
          {"category", a.category},
          {"mode", a.mode},
          {"district", a.district_code},
          {"venue", a.venue},
          {"address", a.address},
          {"starts_at", core::FormatShanghai(a.starts_at)},
          {"ends_at", core::FormatShanghai(a.ends_at)},
          {"is_free", a.is_free},
          {"reservation_required", a.reservation_required},
          {"real_name_required", a.real_name_required},
          {"online_url", a.online_url},
          {"security_owner", a.security_owner},
          {"safe_occupancy", a.safe_occupancy ? json(*a.safe_occupancy) : json(nullptr)},
          {"co_organizers", a.co_organizers},
          {"sessions", sessions}};
}

json ChangeCore(const store::ActivityChangeRow& c) {
  return {{"id", c.id},
          {"status", domain::ActivityChangeStatusName(c.status)},
          {"reason", c.reason},
          {"cancels_reservations", c.cancels_reservations},
          {"review_reason", c.review_reason},
          {"created_at", core::FormatShanghai(c.created_at)},
          {"created_by", c.created_by},
          {"decided_at", TimeJson(c.decided_at)},
          {"decided_by", c.decided_by.empty() ? json(nullptr) : json(c.decided_by)},
          {"summary", SummaryJson(domain::CompareForChange(c.before, c.proposed))},
          {"proposed", PlanJson(c.proposed)}};
}

}  // namespace

json PendingChangeJson(const service::ActivityView& v) {
  if (!v.pending_change) return nullptr;
  auto j = ChangeCore(*v.pending_change);
  j["review"] = ReviewStateJson(v.review_levels, true, v.change_level);
  j["can"] = {{"decide", v.may_decide_change}};
  return j;
}

json ActivityChangeJson(const service::ActivityChangeView& v) {
  const auto& c = v.change;
  const int review_levels = v.review_levels;
  auto j = ChangeCore(c);
  const bool pending = c.status == domain::ActivityChangeStatus::kPending;
  j["review"] = ReviewStateJson(review_levels, pending, domain::PendingLevel(c.review_level, review_levels));
  j["before"] = PlanJson(c.before);
  j["decisions"] = ReviewDecisionsJson(v.decisions);
  json affected = json::array();
  for (const auto& t : c.affected) {
    json item = {{"session_id", t.session_id}, {"effect", t.effect}};
    if (auto it = v.tickets.find(t.reservation_id); it != v.tickets.end()) {
      const auto& r = it->second;
      item["ticket_no"] = r.ticket_no;
      item["name"] = domain::MaskName(r.name);
      item["phone"] = domain::MaskPhone(r.phone);
      item["party_size"] = r.party_size;
      item["status"] = domain::ReservationStatusName(r.status);
    }
    affected.push_back(std::move(item));
  }
  j["affected"] = std::move(affected);
  return j;
}

}  // namespace sciweek::http
