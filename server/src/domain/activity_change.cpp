#include "domain/activity_change.hpp"

#include <algorithm>
#include <set>

namespace sciweek::domain {
namespace {

constexpr std::pair<ActivityChangeStatus, std::string_view> kStatusNames[] = {
    {ActivityChangeStatus::kPending, "pending"},
    {ActivityChangeStatus::kApproved, "approved"},
    {ActivityChangeStatus::kRejected, "rejected"},
    {ActivityChangeStatus::kWithdrawn, "withdrawn"}};

const Session* FindSession(const Activity& a, long long id) {
  for (const auto& s : a.sessions)
    if (s.id == id) return &s;
  return nullptr;
}

std::string SessionField(size_t i, const char* name) { return "sessions[" + std::to_string(i) + "]." + name; }

}  // namespace

std::string_view ActivityChangeStatusName(ActivityChangeStatus s) {
  for (const auto& [k, n] : kStatusNames)
    if (k == s) return n;
  return "pending";
}

std::optional<ActivityChangeStatus> ParseActivityChangeStatus(std::string_view name) {
  for (const auto& [k, n] : kStatusNames)
    if (n == name) return k;
  return std::nullopt;
}

void CopyLiveFields(const Activity& from, Activity& to) {
  to.description = from.description;
  to.contact_name = from.contact_name;
  to.contact_phone = from.contact_phone;
  to.audience = from.audience;
}

ChangeSummary CompareForChange(const Activity& published, const Activity& proposed) {
  ChangeSummary c;
  auto field = [&](bool differs, const char* name) {
    if (differs) c.fields.emplace_back(name);
  };
  const auto& a = published;
  const auto& b = proposed;
  field(a.title != b.title, "title");
  field(a.category != b.category, "category");
  field(a.mode != b.mode, "mode");
  field(a.district_code != b.district_code, "district");
  field(a.venue != b.venue, "venue");
  field(a.address != b.address, "address");
  field(a.starts_at != b.starts_at, "starts_at");
  field(a.ends_at != b.ends_at, "ends_at");
  field(a.is_free != b.is_free, "is_free");
  field(a.reservation_required != b.reservation_required, "reservation_required");
  field(a.real_name_required != b.real_name_required, "real_name_required");
  field(a.online_url != b.online_url, "online_url");
  field(a.security_owner != b.security_owner, "security_owner");
  field(a.safe_occupancy != b.safe_occupancy, "safe_occupancy");
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  field(sorted(a.co_organizers) != sorted(b.co_organizers), "co_organizers");
  c.place_changed = a.venue != b.venue || a.address != b.address;
  for (const auto& s : b.sessions) {
    if (s.id == 0) {
      ++c.added;
      continue;
    }
    const Session* old = FindSession(a, s.id);
    if (!old) continue;  // ChangeProblems refuses it
    if (old->starts_at != s.starts_at || old->ends_at != s.ends_at) c.moved.push_back(s.id);
    if (old->capacity != s.capacity) c.resized[s.id] = s.capacity;
    if (old->high_demand != s.high_demand || old->opens_at != s.opens_at || old->lottery_cutoff != s.lottery_cutoff)
      c.other_session_settings = true;
  }
  for (const auto& s : a.sessions)
    if (!FindSession(b, s.id)) c.removed.push_back(s.id);
  return c;
}

std::vector<core::FieldProblem> ChangeProblems(const Activity& published, const Activity& proposed,
                                               const std::map<long long, long long>& checked_in, core::UnixTime now) {
  std::vector<core::FieldProblem> p;
  auto people_in = [&](long long id) {
    auto it = checked_in.find(id);
    return it == checked_in.end() ? 0LL : it->second;
  };
  std::set<long long> seen;
  for (size_t i = 0; i < proposed.sessions.size(); ++i) {
    const auto& s = proposed.sessions[i];
    if (s.id == 0) continue;
    const Session* old = FindSession(published, s.id);
    if (!old || !seen.insert(s.id).second) {
      p.push_back({SessionField(i, "id"), "invalid", "场次编号不属于该活动（新增场次不要填写编号）", 0});
      continue;
    }
    const bool begun = now >= old->starts_at;
    if ((old->starts_at != s.starts_at || old->ends_at != s.ends_at) && begun)
      p.push_back({SessionField(i, "starts_at"), "invalid", "已开始的场次不能改期", 0});
    if (s.capacity < people_in(s.id))
      p.push_back({SessionField(i, "capacity"), "invalid",
                   "场次名额不能少于已入场的" + std::to_string(people_in(s.id)) + "人", 0});
    if (old->lottery_drawn && (old->high_demand != s.high_demand || old->lottery_cutoff != s.lottery_cutoff))
      p.push_back({SessionField(i, "lottery_cutoff"), "invalid", "已抽签的场次不能再改抽签设置", 0});
  }
  for (const auto& s : published.sessions) {
    if (FindSession(proposed, s.id)) continue;
    if (now >= s.starts_at || people_in(s.id) > 0)
      p.push_back({"sessions", "invalid",
                   "已开始或已有观众入场的场次不能删除（" + core::FormatShanghai(s.starts_at).substr(0, 16) + "）", 0});
  }
  return p;
}

std::vector<long long> DisplacedByCut(std::vector<HeldPlaces> held, int new_capacity) {
  long long total = 0;
  for (const auto& h : held) total += h.party_size;
  // Who goes first: offers (not yet accepted) before confirmed places, newest first in each.
  auto rank = [](const HeldPlaces& h) { return h.status == ReservationStatus::kOffered ? 0 : 1; };
  std::sort(held.begin(), held.end(), [&](const HeldPlaces& x, const HeldPlaces& y) {
    if (rank(x) != rank(y)) return rank(x) < rank(y);
    return x.reservation_id > y.reservation_id;
  });
  std::vector<long long> out;
  for (const auto& h : held) {
    if (total <= new_capacity) break;
    if (h.status == ReservationStatus::kCheckedIn) continue;
    out.push_back(h.reservation_id);
    total -= h.party_size;
  }
  return out;
}

}  // namespace sciweek::domain
