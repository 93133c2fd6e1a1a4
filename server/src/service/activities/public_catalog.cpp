// The public catalog's snapshot: built from the database, kept current (rebuilt on change,
// places refreshed), and the cache of answers rendered from it (public_catalog_answers.cpp).
#include "service/activities/public_catalog.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "core/logging.hpp"
#include "core/text.hpp"
#include "service/activities/public_catalog_snapshot.hpp"
#include "store/activity_store.hpp"
#include "store/campaign_store.hpp"
#include "store/org_store.hpp"

namespace sciweek::service {

namespace {

using Item = PublicCatalog::Snapshot::Item;

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
  it.search_text =
      core::AsciiLower(a.title + "\n" + a.venue + "\n" + a.address + "\n" + a.description + "\n" + it.lead_name);
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
            std::forward_as_tuple(s.capacity, a.status == domain::ActivityStatus::kApproved ? s.remaining() : 0,
                                  s.seats_version));
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
  ++epoch_;
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
  auto rows = db_.Read<std::vector<store::SessionPlaces>>(
      [&](store::Tx& tx) -> core::Result<std::vector<store::SessionPlaces>> {
        return store::ActivityStore::Availability(tx);
      });
  if (!rows) return;
  bool changed = false;
  for (const auto& p : *rows)
    if (auto it = s.seats.find(p.session_id); it != s.seats.end())
      changed |= it->second.Observe(p.seats_version, p.remaining);
  if (changed) PlacesChanged();
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

void PublicCatalog::NoteTaken(long long session_id) {
  // One statement, so no transaction around it: a round trip instead of three.
  auto found = db_.ReadStatement<domain::Session>([&](store::Tx& tx) -> core::Result<domain::Session> {
    auto s = store::ActivityStore::FindSession(tx, session_id);
    if (!s) return core::Error::NotFound("场次不存在");
    return *s;
  });
  if (found) NotePlaces(session_id, found->remaining(), found->seats_version);
}

void PublicCatalog::NotePlaces(long long session_id, int remaining, long long seats_version) {
  std::shared_ptr<const Snapshot> s;
  {
    std::lock_guard lock(mu_);
    s = snapshot_;
  }
  if (!s) return;
  auto it = s->seats.find(session_id);
  if (it == s->seats.end()) return;
  if (it->second.Observe(seats_version, remaining)) PlacesChanged();
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

}  // namespace sciweek::service
