#include "service/activities/public_catalog.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/logging.hpp"
#include "domain/personal_data.hpp"
#include "service/activities/calendar_ics.hpp"
#include "store/activity_store.hpp"
#include "store/campaign_store.hpp"
#include "store/org_store.hpp"

namespace sciweek::service {

struct PublicCatalog::Snapshot {
  struct Item {
    domain::Activity activity;
    std::string lead_name, district_name;
    domain::OrgType lead_type = domain::OrgType::kOther;
    std::string search_text;   // lower-cased title, venue, address, description, lead unit
    std::string summary_head;  // the list item's JSON object without its closing brace
    nlohmann::json detail;     // sessions without "remaining" (added per request)
  };
  std::vector<Item> items;  // by start time
  std::unordered_map<long long, size_t> by_id;
  // Places per session: `remaining` is the only part that changes between rebuilds. Each
  // value comes from an observation — a sequence number taken, then the database read — and
  // both live in one atomic word, so an older observation applied late (threads finish in any
  // order) never overwrites a newer one: the newest observation started after the last
  // commit, so what is shown is what the database holds (issue 13, freshness).
  struct Seats {
    static constexpr int kRemainingBits = 24;  // capacities are at most 1,000,000
    static constexpr std::uint64_t kRemainingMask = (std::uint64_t{1} << kRemainingBits) - 1;
    int capacity = 0;
    mutable std::atomic<std::uint64_t> state{0};
    Seats(int c, int r, std::uint64_t seq) : capacity(c), state(Pack(seq, r)) {}
    static std::uint64_t Pack(std::uint64_t seq, int remaining) {
      return seq << kRemainingBits | (static_cast<std::uint64_t>(std::max(remaining, 0)) & kRemainingMask);
    }
    int Remaining() const { return static_cast<int>(state.load(std::memory_order_acquire) & kRemainingMask); }
    // Shows what observation `seq` saw unless a newer one is shown; whether the number changed.
    bool Observe(std::uint64_t seq, int remaining) const {
      const std::uint64_t next = Pack(seq, remaining);
      std::uint64_t cur = state.load(std::memory_order_acquire);
      while ((cur >> kRemainingBits) < seq)
        if (state.compare_exchange_weak(cur, next, std::memory_order_acq_rel))
          return (cur & kRemainingMask) != (next & kRemainingMask);
      return false;
    }
  };
  std::unordered_map<long long, Seats> seats;
  std::vector<domain::Campaign> campaigns;  // open or closed, newest first
  std::uint64_t generation = 0;
  std::string districts_json;

  int Remaining(long long session_id) const {
    auto it = seats.find(session_id);
    return it == seats.end() ? 0 : it->second.Remaining();
  }
};

namespace {

using Item = PublicCatalog::Snapshot::Item;

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

PublicAnswer Answer(std::string body) {
  // The ETag is a digest of the body: equal bodies, equal tags, across processes.
  std::string etag = "\"" + core::Sha256Hex(body).substr(0, 32) + "\"";
  return {std::move(body), std::move(etag)};
}

nlohmann::json OrgRef(const std::string& code, const std::string& name) { return {{"code", code}, {"name", name}}; }

// phone_code_required: the campaign's rule applied to this session (the reservation form
// asks for an SMS code before it sends).
nlohmann::json SessionJson(const domain::Session& s, domain::PhoneVerification rule) {
  nlohmann::json j = {{"id", s.id},
                      {"starts_at", core::FormatShanghai(s.starts_at)},
                      {"ends_at", core::FormatShanghai(s.ends_at)},
                      {"capacity", s.capacity},
                      {"high_demand", s.high_demand},
                      {"opens_at", nullptr},
                      {"lottery_cutoff", nullptr},
                      {"lottery_drawn", s.lottery_drawn},
                      {"phone_code_required", domain::NeedsPhoneCode(rule, s.high_demand)}};
  if (s.opens_at) j["opens_at"] = core::FormatShanghai(*s.opens_at);
  if (s.lottery_cutoff) j["lottery_cutoff"] = core::FormatShanghai(*s.lottery_cutoff);
  return j;
}

bool HasCover(const std::vector<store::ActivityFileRow>& files) {
  return std::any_of(files.begin(), files.end(), [](const auto& f) { return f.kind == "cover"; });
}

Item MakeItem(const domain::Activity& a, const std::map<std::string, domain::OrgUnit>& orgs, bool has_cover,
              domain::PhoneVerification rule) {
  Item it;
  it.activity = a;
  auto name = [&](const std::string& code) {
    auto o = orgs.find(code);
    return o == orgs.end() ? code : o->second.name;
  };
  it.lead_name = name(a.lead_org);
  it.district_name = name(a.district_code);
  if (auto o = orgs.find(a.lead_org); o != orgs.end()) it.lead_type = o->second.type;
  it.search_text = Lower(a.title + "\n" + a.venue + "\n" + a.address + "\n" + a.description + "\n" + it.lead_name);
  nlohmann::json summary = {{"id", a.id},
                            {"title", a.title},
                            {"category", a.category},
                            {"mode", a.mode},
                            {"status", domain::ActivityStatusName(a.status)},
                            {"district", OrgRef(a.district_code, it.district_name)},
                            {"venue", a.venue},
                            {"address", a.address},
                            {"starts_at", core::FormatShanghai(a.starts_at)},
                            {"ends_at", core::FormatShanghai(a.ends_at)},
                            {"audience", a.audience},
                            {"is_free", a.is_free},
                            {"reservation_required", a.reservation_required},
                            {"real_name_required", a.real_name_required},
                            {"lead_org", OrgRef(a.lead_org, it.lead_name)},
                            {"has_cover", has_cover},
                            {"sessions_count", a.sessions.size()}};
  it.summary_head = summary.dump();
  it.summary_head.pop_back();  // the closing brace: capacity and remaining follow per request
  nlohmann::json detail = summary;
  nlohmann::json co = nlohmann::json::array();
  for (const auto& c : a.co_organizers) co.push_back(OrgRef(c, name(c)));
  detail["co_organizers"] = co;
  detail["description"] = a.description;
  detail["contact_name"] = a.contact_name;
  detail["contact_phone"] = a.contact_phone;
  detail["online_url"] = a.online_url;
  detail["cancel_reason"] = a.cancel_reason;
  detail["campaign_year"] = a.campaign_year;
  nlohmann::json sessions = nlohmann::json::array();
  for (const auto& s : a.sessions) sessions.push_back(SessionJson(s, rule));
  detail["sessions"] = sessions;
  it.detail = std::move(detail);
  return it;
}

// [start, end) of a Shanghai calendar day.
std::optional<std::pair<core::UnixTime, core::UnixTime>> DayBounds(const std::string& date) {
  auto days = core::ParseDate(date);
  if (!days) return std::nullopt;
  return std::make_pair(core::ShanghaiDayStart(*days), core::ShanghaiDayStart(*days + 1));
}

}  // namespace

PublicCatalog::~PublicCatalog() = default;

std::string PublicCatalog::Fingerprint() {
  auto r = db_.Read<std::string>(
      [&](store::Tx& tx) -> core::Result<std::string> { return store::ActivityStore::PublishedFingerprint(tx); });
  return r ? *r : std::string();
}

void PublicCatalog::Rebuild() { RebuildAt(Fingerprint()); }

void PublicCatalog::RebuildAt(const std::string& fingerprint) {
  auto snap = std::make_shared<Snapshot>();
  const std::uint64_t seq = ++observations_;  // before the read: the places it loads are this observation's
  auto ok = db_.Read<bool>([&](store::Tx& tx) -> core::Result<bool> {
    std::map<std::string, domain::OrgUnit> orgs;
    nlohmann::json districts = nlohmann::json::array();
    // Only the units the calendar names: all of them would hold every reporting unit's name in
    // memory (52 MB at 100,000 units, bench/RESULTS.md) for no answer that shows it.
    for (auto& o : store::OrgStore::NamedByActivities(tx)) {
      if (o.type == domain::OrgType::kDistrict) districts.push_back(OrgRef(o.code, o.name));
      orgs.emplace(o.code, std::move(o));
    }
    snap->districts_json = nlohmann::json{{"items", districts}, {"total", districts.size()}}.dump();
    for (auto& c : store::CampaignStore::List(tx))
      if (c.status == domain::CampaignStatus::kOpen || c.status == domain::CampaignStatus::kClosed)
        snap->campaigns.push_back(std::move(c));
    std::map<int, domain::PhoneVerification> rules;
    for (const auto& c : snap->campaigns) rules[c.year] = c.phone_verification;
    for (const auto& a : store::ActivityStore::Published(tx)) {
      snap->by_id[a.id] = snap->items.size();
      for (const auto& s : a.sessions)
        snap->seats.emplace(
            std::piecewise_construct, std::forward_as_tuple(s.id),
            std::forward_as_tuple(s.capacity, a.status == domain::ActivityStatus::kApproved ? s.remaining() : 0, seq));
      const auto rule = rules.contains(a.campaign_year) ? rules[a.campaign_year] : domain::PhoneVerification::kOff;
      snap->items.push_back(MakeItem(a, orgs, HasCover(store::ActivityStore::Files(tx, a.id)), rule));
    }
    return true;
  });
  if (!ok) {
    spdlog::error("public calendar rebuild failed: {}", ok.error().internal);
    return;
  }
  snap->generation = ++generations_;
  std::lock_guard lock(mu_);
  snapshot_ = std::move(snap);
  fingerprint_ = fingerprint;
  stale_.store(false);
}

std::shared_ptr<const PublicCatalog::Snapshot> PublicCatalog::CurrentIfFresh() {
  std::lock_guard lock(mu_);  // held only to copy the pointer: a rebuild takes it only to swap
  return snapshot_ && !stale_.load() ? snapshot_ : nullptr;
}

std::shared_ptr<const PublicCatalog::Snapshot> PublicCatalog::Current() {
  if (auto s = CurrentIfFresh()) return s;
  Rebuild();
  std::lock_guard lock(mu_);
  return snapshot_ ? snapshot_ : std::make_shared<const Snapshot>();
}

void PublicCatalog::RefreshAvailability(const Snapshot& s) {
  const std::uint64_t seq = ++observations_;
  auto rows = db_.Read<std::vector<std::pair<long long, int>>>(
      [&](store::Tx& tx) -> core::Result<std::vector<std::pair<long long, int>>> {
        return store::ActivityStore::Availability(tx);
      });
  if (!rows) return;
  bool changed = false;
  for (const auto& [id, left] : *rows)
    if (auto it = s.seats.find(id); it != s.seats.end()) changed |= it->second.Observe(seq, left);
  if (changed) ++availability_;
}

void PublicCatalog::Tick() {
  const std::string fp = Fingerprint();
  bool rebuild = stale_.load();
  {
    std::lock_guard lock(mu_);
    rebuild = rebuild || !snapshot_ || fp != fingerprint_;
  }
  if (rebuild) {
    RebuildAt(fp);  // the fingerprint just read, not a second query
    return;
  }
  auto s = Current();
  RefreshAvailability(*s);
}

void PublicCatalog::NoteTaken(long long session_id, std::uint64_t batch) {
  if (batch != 0) {  // read already after this batch's COMMIT, by its first job (see the header)
    std::lock_guard lock(noted_mu_);
    if (noted_batch_[session_id] >= batch) return;
    noted_batch_[session_id] = batch;
  }
  // The number counted inside the writer's transaction could be shown after a later writer's
  // (threads finish in any order): read it again, after the commit, as a numbered observation.
  const std::uint64_t seq = ++observations_;
  std::shared_ptr<const Snapshot> s;
  {
    std::lock_guard lock(mu_);
    s = snapshot_;
  }
  if (!s) return;
  auto it = s->seats.find(session_id);
  if (it == s->seats.end()) return;
  auto left = db_.Read<int>([&](store::Tx& tx) -> core::Result<int> {
    auto found = store::ActivityStore::FindSession(tx, session_id);
    if (!found) return core::Error::NotFound("场次不存在");
    return found->remaining();
  });
  if (left && it->second.Observe(seq, *left)) ++availability_;
}

namespace {

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

}  // namespace

static core::Result<std::vector<const Item*>> Select(const PublicCatalog::Snapshot& s, const PublicQuery& q,
                                                     int* year_out) {
  const domain::Campaign* c = PickCampaign(s, q.campaign);
  if (!c) return core::Error::NotFound("该年度的科技周不存在或尚未发布");
  std::optional<std::pair<long long, long long>> day;
  if (!q.date.empty()) {
    day = DayBounds(q.date);
    if (!day) return core::Error::Invalid("date 须为 YYYY-MM-DD 格式的日期", "date");
  }
  const std::string needle = Lower(q.q);
  std::vector<const Item*> out;
  for (const auto& it : s.items)
    if (Matches(it, c->year, q, day, needle)) out.push_back(&it);
  if (year_out) *year_out = c->year;
  return out;
}

std::shared_ptr<const PublicAnswer> PublicCatalog::FromCache(const std::string& key, std::uint64_t generation,
                                                             std::uint64_t availability) {
  auto hit = cache_.Get(key);
  if (!hit || hit->generation != generation || hit->availability != availability) return nullptr;
  return hit->answer;
}

void PublicCatalog::ToCache(const std::string& key, std::uint64_t generation, std::uint64_t availability,
                            std::shared_ptr<const PublicAnswer> answer) {
  const size_t bytes = answer->body.size() + answer->etag.size();
  cache_.Put(key, {generation, availability, std::move(answer)}, bytes);
}

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
