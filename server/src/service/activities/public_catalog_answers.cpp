// The public catalog's answers (lists, an activity's page, the campaign, districts,
// institutions, calendar feeds, link previews), rendered from the snapshot that
// public_catalog.cpp keeps current.
#include <map>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/personal_data.hpp"
#include "service/activities/calendar_ics.hpp"
#include "service/activities/public_catalog.hpp"
#include "service/activities/public_catalog_snapshot.hpp"

namespace sciweek::service {

namespace {

using Item = PublicCatalog::Snapshot::Item;

PublicAnswer Answer(std::string body) {
  // The ETag is a digest of the body: equal bodies, equal tags, across processes.
  std::string etag = "\"" + core::Sha256Hex(body).substr(0, 32) + "\"";
  return {std::move(body), std::move(etag)};
}

// [start, end) of a Shanghai calendar day.
std::optional<std::pair<core::UnixTime, core::UnixTime>> DayBounds(const std::string& date) {
  auto days = core::ParseDate(date);
  if (!days) return std::nullopt;
  return std::make_pair(core::ShanghaiDayStart(*days), core::ShanghaiDayStart(*days + 1));
}

const domain::Campaign* PickCampaign(const PublicCatalog::Snapshot& s, std::optional<int> year) {
  if (year) {
    for (const auto& c : s.campaigns)
      if (c.year == *year) return &c;
    return nullptr;
  }
  for (const auto& c : s.campaigns)
    if (c.status == domain::CampaignStatus::kOpen) return &c;
  return s.campaigns.empty() ? nullptr : &s.campaigns.front();
}

bool Matches(const Item& it, int year, const PublicQuery& q, const std::optional<std::pair<long long, long long>>& day,
             const std::string& needle) {
  const auto& a = it.activity;
  if (a.campaign_year != year || a.status != domain::ActivityStatus::kApproved) return false;
  if (day && !(a.starts_at < day->second && a.ends_at > day->first)) return false;
  if (!q.district.empty() && a.district_code != q.district) return false;
  if (!q.category.empty() && a.category != q.category) return false;
  if (!q.mode.empty() && a.mode != q.mode) return false;
  if (!q.audience.empty() && std::find(a.audience.begin(), a.audience.end(), q.audience) == a.audience.end())
    return false;
  if (!needle.empty() && it.search_text.find(needle) == std::string::npos) return false;
  return true;
}

core::Result<std::vector<const Item*>> Select(const PublicCatalog::Snapshot& s, const PublicQuery& q, int* year_out) {
  const domain::Campaign* c = PickCampaign(s, q.campaign);
  if (!c) return core::Error::NotFound("该年度的科技周不存在或尚未发布");
  std::optional<std::pair<long long, long long>> day;
  if (!q.date.empty()) {
    day = DayBounds(q.date);
    if (!day) return core::Error::Invalid("date 须为 YYYY-MM-DD 格式的日期", "date");
  }
  const std::string needle = core::AsciiLower(q.q);
  std::vector<const Item*> out;
  for (const auto& it : s.items)
    if (Matches(it, c->year, q, day, needle)) out.push_back(&it);
  if (year_out) *year_out = c->year;
  return out;
}

}  // namespace

std::string PublicCatalog::ListKey(const PublicQuery& q) {
  return std::to_string(q.campaign.value_or(0)) + '\x1f' + q.date + '\x1f' + q.district + '\x1f' + q.category + '\x1f' +
         q.audience + '\x1f' + q.mode + '\x1f' + q.q + '\x1f' + std::to_string(q.limit) + '\x1f' +
         std::to_string(q.offset);
}

std::shared_ptr<const PublicAnswer> PublicCatalog::ListFromMemory(const PublicQuery& q) {
  auto s = CurrentIfFresh();
  if (!s) return nullptr;
  return FromCache(ListKey(q), s->generation, availability_.load());
}

core::Result<PublicAnswer> PublicCatalog::List(const PublicQuery& q) {
  auto s = Current();
  const std::uint64_t availability = availability_.load();
  const std::string key = ListKey(q);
  if (auto hit = FromCache(key, s->generation, availability)) return *hit;
  auto selected = Select(*s, q, nullptr);
  if (!selected) return selected.error();
  std::string body = "{\"items\":[";
  const size_t end = std::min(selected->size(), static_cast<size_t>(q.offset) + static_cast<size_t>(q.limit));
  for (size_t i = static_cast<size_t>(q.offset); i < end; ++i) {
    const Item& it = *(*selected)[i];
    long long capacity = 0, remaining = 0;
    for (const auto& session : it.activity.sessions) {
      capacity += session.capacity;
      remaining += s->Remaining(session.id);
    }
    if (i > static_cast<size_t>(q.offset)) body += ',';
    body += it.summary_head;
    body += ",\"capacity\":" + std::to_string(capacity) + ",\"remaining\":" + std::to_string(remaining) + "}";
  }
  body += "],\"total\":" + std::to_string(selected->size()) + "}";
  auto answer = std::make_shared<const PublicAnswer>(Answer(std::move(body)));
  ToCache(key, s->generation, availability, answer);
  return *answer;
}

std::string PublicCatalog::DetailKey(long long id) { return "detail\x1f" + std::to_string(id); }

std::shared_ptr<const PublicAnswer> PublicCatalog::DetailFromMemory(long long id) {
  auto s = CurrentIfFresh();
  if (!s) return nullptr;
  return FromCache(DetailKey(id), s->generation, availability_.load());
}

core::Result<PublicAnswer> PublicCatalog::Detail(long long id) {
  auto s = Current();
  const std::uint64_t availability = availability_.load();
  const std::string key = DetailKey(id);
  if (auto hit = FromCache(key, s->generation, availability)) return *hit;
  auto found = s->by_id.find(id);
  if (found == s->by_id.end()) return core::Error::NotFound("活动不存在或尚未发布");
  const Item& it = s->items[found->second];
  nlohmann::json j = it.detail;
  long long capacity = 0, remaining = 0;
  for (auto& session : j["sessions"]) {
    const int left = s->Remaining(session["id"].get<long long>());
    session["remaining"] = left;
    capacity += session["capacity"].get<long long>();
    remaining += left;
  }
  j["capacity"] = capacity;
  j["remaining"] = remaining;
  // Rendered once per change of the snapshot or of any remaining count, like the list pages.
  auto answer = std::make_shared<const PublicAnswer>(Answer(j.dump()));
  ToCache(key, s->generation, availability, answer);
  return *answer;
}

core::Result<PublicAnswer> PublicCatalog::CurrentCampaign() {
  auto s = Current();
  const domain::Campaign* c = PickCampaign(*s, std::nullopt);
  if (!c) return core::Error::NotFound("目前没有发布的科技周");
  nlohmann::json years = nlohmann::json::array();
  for (const auto& other : s->campaigns) years.push_back(other.year);
  return Answer(nlohmann::json{
      {"year", c->year},
      {"edition", c->edition},
      {"name", c->name},
      {"theme", c->theme},
      {"start_date", c->start_date},
      {"end_date", c->end_date},
      {"status", domain::CampaignStatusName(c->status)},
      {"max_party_size", c->max_party_size},
      {"personal_data_days", c->personal_data_days},
      {"personal_data_until", domain::ErasureDate(*c)},
      {"years",
       years}}.dump());
}

PublicAnswer PublicCatalog::Districts() { return Answer(Current()->districts_json); }

core::Result<PublicAnswer> PublicCatalog::Institutions(std::optional<int> campaign) {
  auto s = Current();
  const domain::Campaign* c = PickCampaign(*s, campaign);
  if (!c) return core::Error::NotFound("该年度的科技周不存在或尚未发布");
  // Venues, institutes and universities that open to the public with an approved offline event.
  std::map<std::string, nlohmann::json> by_unit;
  for (const auto& it : s->items) {
    const auto& a = it.activity;
    if (a.campaign_year != c->year || a.status != domain::ActivityStatus::kApproved || !a.offline()) continue;
    if (it.lead_type != domain::OrgType::kScienceBase && it.lead_type != domain::OrgType::kInstitute &&
        it.lead_type != domain::OrgType::kUniversity)
      continue;
    auto& unit = by_unit[a.lead_org];
    if (unit.is_null())
      unit = {{"code", a.lead_org},
              {"name", it.lead_name},
              {"type", domain::OrgTypeName(it.lead_type)},
              {"type_label", domain::OrgTypeLabel(it.lead_type)},
              {"district", OrgRef(a.district_code, it.district_name)},
              {"activities", nlohmann::json::array()}};
    unit["activities"].push_back({{"id", a.id},
                                  {"title", a.title},
                                  {"venue", a.venue},
                                  {"address", a.address},
                                  {"starts_at", core::FormatShanghai(a.starts_at)},
                                  {"ends_at", core::FormatShanghai(a.ends_at)}});
  }
  nlohmann::json items = nlohmann::json::array();
  for (auto& [code, unit] : by_unit) items.push_back(std::move(unit));
  return Answer(nlohmann::json{{"items", items}, {"total", items.size()}}.dump());
}

core::Result<IcsFile> PublicCatalog::ActivityIcs(long long id) {
  auto s = Current();
  auto found = s->by_id.find(id);
  if (found == s->by_id.end()) return core::Error::NotFound("活动不存在或尚未发布");
  const Item& it = s->items[found->second];
  std::vector<CalendarEvent> events = EventsOf(it.activity, it.lead_name);
  return IcsFile{RenderIcs(it.activity.title, events), "activity-" + std::to_string(id) + ".ics"};
}

core::Result<PublicPreview> PublicCatalog::Preview(long long id) {
  auto s = Current();
  auto found = s->by_id.find(id);
  if (found == s->by_id.end()) return core::Error::NotFound("活动不存在或尚未发布");
  const Item& it = s->items[found->second];
  const auto& a = it.activity;
  // A cancelled activity stays in the snapshot (its page says so) but is not advertised.
  if (a.status != domain::ActivityStatus::kApproved) return core::Error::NotFound("活动不存在或尚未发布");
  return PublicPreview{id,
                       a.title,
                       a.description,
                       a.venue,
                       it.district_name,
                       a.starts_at,
                       a.ends_at,
                       it.detail.value("has_cover", false)};
}

core::Result<IcsFile> PublicCatalog::FeedIcs(const PublicQuery& q) {
  auto s = Current();
  int year = 0;
  auto selected = Select(*s, q, &year);
  if (!selected) return selected.error();
  std::vector<CalendarEvent> events;
  for (const Item* it : *selected) {
    auto more = EventsOf(it->activity, it->lead_name);
    events.insert(events.end(), more.begin(), more.end());
  }
  return IcsFile{RenderIcs(std::to_string(year) + "年科技周活动", events), "sciweek-" + std::to_string(year) + ".ics"};
}

}  // namespace sciweek::service
