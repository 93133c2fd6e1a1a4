// ActivityService, continued: changing a published activity (issue 10 §4, decision 0017).
// The harmless fields apply at once; a change of anything else waits for review — at the
// campaign's activity review levels, like the plan itself — while the published version stays
// live. On approval at the last level it is applied in one transaction: the tickets it
// displaces are cancelled with its reason (their places freed), sessions are moved, resized,
// added or marked removed, raised capacity is offered to the waiting list, and every holder
// whose session moved, changed place or was cancelled is listed and sent a message.
#include <set>

#include "core/text.hpp"
#include "service/activities/activity_service.hpp"
#include "service/activities/public_catalog.hpp"
#include "service/audit/audit.hpp"
#include "service/reporting/report_access.hpp"
#include "service/reservations/waiting_list.hpp"
#include "service/support/authorize.hpp"
#include "store/campaign_store.hpp"
#include "store/org_store.hpp"
#include "store/reservation_store.hpp"
#include "store/review_store.hpp"

namespace sciweek::service {
namespace {

using activity_access::AuditSnapshot;
using activity_access::CheckUnits;
using activity_access::Load;
using activity_access::MayEdit;
using activity_access::MaySee;
using activity_access::WeekBounds;
using domain::ActivityChangeStatus;
using domain::ActivityStatus;
using domain::ReservationStatus;
using domain::Role;

std::map<long long, long long> CheckedIn(store::Tx& tx, const domain::Activity& a) {
  std::vector<long long> ids;
  for (const auto& s : a.sessions) ids.push_back(s.id);
  return store::ReservationStore::CheckedInBySession(tx, ids);
}

bool SameLiveFields(const domain::Activity& a, const domain::Activity& b) {
  return a.description == b.description && a.contact_name == b.contact_name && a.contact_phone == b.contact_phone &&
         a.audience == b.audience;
}

// The live reservations a change displaces: every one of a removed session, and what a
// capacity cut below the places held leaves no room for (domain::DisplacedByCut).
std::vector<store::ReservationRow> Displaced(store::Tx& tx, const domain::Activity& published,
                                             const domain::ChangeSummary& summary) {
  std::vector<store::ReservationRow> out;
  for (long long id : summary.removed)
    for (auto& r : store::ReservationStore::LiveForSession(tx, id)) out.push_back(std::move(r));
  for (const auto& [id, capacity] : summary.resized) {
    const domain::Session* old = nullptr;
    for (const auto& s : published.sessions)
      if (s.id == id) old = &s;
    if (!old || capacity >= old->taken) continue;
    auto live = store::ReservationStore::LiveForSession(tx, id);
    std::vector<domain::HeldPlaces> held;
    for (const auto& r : live)
      if (domain::HoldsPlaces(r.status)) held.push_back({r.id, r.status, r.party_size});
    const auto gone = domain::DisplacedByCut(held, capacity);
    const std::set<long long> ids(gone.begin(), gone.end());
    for (auto& r : live)
      if (ids.contains(r.id)) out.push_back(std::move(r));
  }
  return out;
}

// The submission's safety gate for the plan a change would publish (a change that makes the
// event large needs its emergency plan, an online one its security owner).
std::vector<core::FieldProblem> SafetyOf(store::Tx& tx, const domain::Activity& plan, const domain::Campaign& c) {
  bool has_plan = false;
  for (const auto& f : store::ActivityStore::Files(tx, plan.id)) has_plan |= f.kind == "emergency_plan";
  return domain::SafetyProblems(plan, c.large_event_threshold, has_plan);
}

long long People(const std::vector<store::ReservationRow>& rows) {
  long long n = 0;
  for (const auto& r : rows) n += r.party_size;
  return n;
}

nlohmann::json SummaryJson(const domain::ChangeSummary& s) {
  nlohmann::json resized = nlohmann::json::object();
  for (const auto& [id, capacity] : s.resized) resized[std::to_string(id)] = capacity;
  return {{"fields", s.fields}, {"moved", s.moved}, {"resized", resized}, {"removed", s.removed}, {"added", s.added}};
}

core::Status ValidChangeReason(const std::string& reason) {
  if (reason.empty() || core::Utf8Length(reason) > 500 || !core::IsCleanUtf8(reason, true))
    return core::Error::Validation(
        {{"change_reason", "required",
          "修改已发布活动的时间、地点、场次或名额须填写1至500字的变更原因（审核人可见，并告知已预约的观众）", 0}});
  return {};
}

}  // namespace

core::Result<ActivityView> ActivityService::EditPublished(store::Tx& tx, const Ctx& ctx,
                                                          const domain::Activity& current, domain::Activity plan,
                                                          const ChangeRequest& request, bool& published_changed) {
  if (auto problems = domain::ChangeProblems(current, plan, CheckedIn(tx, current), ctx.now); !problems.empty())
    return core::Error::Validation(std::move(problems));
  // The harmless fields first, at once.
  domain::Activity live = current;
  domain::CopyLiveFields(plan, live);
  int version = current.version;
  if (!SameLiveFields(current, live)) {
    live.updated_at = ctx.now;
    live.updated_by = ctx.actor();
    if (!store::ActivityStore::UpdateFields(tx, live, current.version))
      return core::Error::Conflict("活动已被他人修改，请刷新后再改", "version");
    ++version;
    Audit(tx, ctx, "activity.edited", "activity", std::to_string(current.id),
          {{"description", current.description},
           {"contact_name", current.contact_name},
           {"contact_phone", current.contact_phone},
           {"audience", current.audience}},
          {{"description", live.description},
           {"contact_name", live.contact_name},
           {"contact_phone", live.contact_phone},
           {"audience", live.audience}});
    published_changed = true;
  }
  const auto summary = domain::CompareForChange(current, plan);
  if (!summary.empty()) {
    const std::string reason = core::Trim(request.reason);
    if (auto s = ValidChangeReason(reason); !s) return s.error();
    const auto displaced = Displaced(tx, current, summary);
    if (!displaced.empty() && !request.cancel_reservations)
      return core::Error::Validation(
          {{"cancel_reservations", "required",
            "此变更将取消" + std::to_string(displaced.size()) + "张已预约的票（共" + std::to_string(People(displaced)) +
                "人）：请确认取消这些预约（将以变更原因通知观众）后再提交",
            0}});
    auto campaign = ExistingCampaign(tx, current.campaign_year);
    if (!campaign) return campaign.error();
    plan.id = current.id;
    if (auto unsafe = SafetyOf(tx, plan, *campaign); !unsafe.empty())
      return core::Error::Validation(std::move(unsafe), "变更后的活动未通过安全检查");
    // A new proposal replaces the one waiting: the unit says what it wants now.
    if (auto waiting = store::ActivityChangeStore::Pending(tx, current.id)) {
      waiting->status = ActivityChangeStatus::kWithdrawn;
      waiting->review_reason = "已由新的变更申请取代";
      waiting->decided_at = ctx.now;
      waiting->decided_by = ctx.actor();
      if (!store::ActivityChangeStore::Update(tx, *waiting)) return core::Error::Conflict("活动变更状态已变化，请刷新");
    }
    store::ActivityChangeRow change;
    change.activity_id = current.id;
    change.base_version = version;
    change.before = live;
    change.proposed = plan;
    domain::CopyLiveFields(live, change.proposed);
    change.reason = reason;
    change.cancels_reservations = request.cancel_reservations;
    change.review_level = domain::FirstLevel(campaign->activity_review_levels,
                                             store::OrgStore::DistrictAbove(tx, current.lead_org).has_value());
    change.created_at = ctx.now;
    change.created_by = ctx.actor();
    change.id = store::ActivityChangeStore::Insert(tx, change);
    auto after = SummaryJson(summary);
    after["change_id"] = change.id;
    after["reason"] = reason;
    after["displaced_tickets"] = displaced.size();
    after["review_level"] = domain::ReviewLevelName(change.review_level);
    Audit(tx, ctx, "activity.change_proposed", "activity", std::to_string(current.id), nullptr, after);
  }
  auto stored = store::ActivityStore::Find(tx, current.id);
  return Load(tx, ctx, *stored);
}

core::Status ActivityService::ApplyChange(store::Tx& tx, const Ctx& ctx, const domain::Activity& current,
                                          store::ActivityChangeRow& change) {
  auto campaign = ExistingCampaign(tx, current.campaign_year);
  if (!campaign) return campaign.error();
  // The change's plan over what is published now: the live fields may have moved on since.
  domain::Activity next = change.proposed;
  domain::CopyLiveFields(current, next);
  next.id = current.id;
  next.campaign_year = current.campaign_year;
  next.lead_org = current.lead_org;
  next.version = current.version;
  next.updated_at = ctx.now;
  next.updated_by = ctx.actor();
  const auto [week_start, week_end] = WeekBounds(*campaign);
  auto problems = domain::ValidateActivity(next, week_start, week_end);
  for (auto& p : CheckUnits(tx, next)) problems.push_back(std::move(p));
  for (auto& p : domain::ChangeProblems(current, next, CheckedIn(tx, current), ctx.now))
    problems.push_back(std::move(p));
  for (auto& p : SafetyOf(tx, next, *campaign)) problems.push_back(std::move(p));
  if (!problems.empty())
    return core::Error::Validation(std::move(problems), "该变更已不能按原样生效，请退回主办单位重新提交");
  const auto summary = domain::CompareForChange(current, next);
  const auto displaced = Displaced(tx, current, summary);
  if (!displaced.empty() && !change.cancels_reservations)
    return core::Error::Conflict("提交变更后场次又有了预约，此变更现在将取消" + std::to_string(displaced.size()) +
                                 "张票：请退回，由主办单位确认取消后重新提交");

  // Displaced tickets: cancelled with the change's reason, their places freed, holders told.
  std::map<long long, store::SessionContext> before;
  for (const auto& r : displaced) {
    if (!before.contains(r.session_id))
      if (auto s = store::ReservationStore::LoadSession(tx, r.session_id)) before[r.session_id] = *s;
    if (auto it = before.find(r.session_id); it != before.end())
      messages().Enqueue(tx, domain::MessageKind::kSessionCancelled, r, it->second, ctx.now,
                         {{"reason", change.reason}});
    if (!store::ReservationStore::Transition(tx, r.id, r.status, ReservationStatus::kCancelled, ctx.now, change.reason))
      return core::Error::Conflict("预约状态刚刚发生变化，请重试");
    if (domain::HoldsPlaces(r.status)) store::ReservationStore::Release(tx, r.session_id, r.party_size);
    change.affected.push_back({r.id, r.session_id, "cancelled"});
  }
  store::ActivityStore::ApplySessions(tx, current.id, next.sessions, summary.removed, ctx.now);
  if (!store::ActivityStore::UpdateFields(tx, next, current.version))
    return core::Error::Conflict("活动已被他人修改，请刷新");

  // Holders of a session that moved (or of every session, when the place changed) hear of it;
  // a raised capacity goes to the waiting list.
  std::set<long long> moved(summary.moved.begin(), summary.moved.end());
  for (const auto& s : next.sessions) {
    if (s.id == 0) continue;
    auto ctx_now = store::ReservationStore::LoadSession(tx, s.id);
    if (!ctx_now) continue;
    if (moved.contains(s.id) || summary.place_changed)
      for (const auto& r : store::ReservationStore::LiveForSession(tx, s.id)) {
        messages().Enqueue(tx, domain::MessageKind::kSessionChanged, r, *ctx_now, ctx.now, {{"reason", change.reason}},
                           "change:" + std::to_string(change.id));
        change.affected.push_back({r.id, s.id, "moved"});
      }
    if (auto it = summary.resized.find(s.id); it != summary.resized.end())
      OfferFreedPlaces(tx, *ctx_now, ctx.now, messages());
  }
  auto stored = store::ActivityStore::Find(tx, current.id);
  auto after = AuditSnapshot(*stored);
  after["change_id"] = change.id;
  after["reason"] = change.reason;
  after["cancelled_tickets"] = displaced.size();
  after["moved_tickets"] = change.affected.size() - displaced.size();
  Audit(tx, ctx, "activity.change_applied", "activity", std::to_string(current.id), AuditSnapshot(current), after);
  return {};
}

core::Result<ActivityView> ActivityService::DecideChange(const Ctx& ctx, long long id, long long change_id,
                                                         domain::ReviewAction action, const std::string& reason) {
  if (auto s = RequireRole(ctx, {Role::kAdmin, Role::kReviewer}); !s) return s.error();
  const bool approve = action == domain::ReviewAction::kApprove;
  const std::string why = core::Trim(reason);
  if (!approve && (why.empty() || core::Utf8Length(why) > 500 || !core::IsCleanUtf8(why, true)))
    return core::Error::Validation({{"reason", "required", "请填写1至500字的退回理由", 0}});
  bool applied = false;
  auto r = db_.Write<ActivityView>([&](store::Tx& tx) -> core::Result<ActivityView> {
    auto a = store::ActivityStore::Find(tx, id);
    if (!a || !MaySee(tx, ctx, *a)) return core::Error::NotFound("活动不存在");
    auto change = store::ActivityChangeStore::Find(tx, change_id);
    if (!change || change->activity_id != id) return core::Error::NotFound("变更申请不存在");
    if (!activity_access::MayReview(tx, ctx, *a)) return core::Error::Forbidden("没有审核该活动的权限");
    if (change->status != ActivityChangeStatus::kPending)
      return core::Error::Conflict("该变更申请已处理或已撤回，请刷新");
    auto campaign = ExistingCampaign(tx, a->campaign_year);
    if (!campaign) return campaign.error();
    const auto level = domain::PendingLevel(change->review_level, campaign->activity_review_levels);
    if (!activity_access::MayDecideAt(tx, ctx, *a, level))
      return core::Error::Conflict("该变更正等待" + std::string(domain::ReviewLevelLabel(level)) + "审核，请刷新");
    const auto step = domain::Decide(level, action);
    const std::string outcome = !step.final ? "forwarded" : approve ? "approved" : "returned";
    std::string audit_action = "activity.change_" + outcome;
    if (!step.final) {
      change->review_level = step.next;
    } else {
      change->review_level = level;
      change->status = approve ? ActivityChangeStatus::kApproved : ActivityChangeStatus::kRejected;
      change->review_reason = why;
      change->decided_at = ctx.now;
      change->decided_by = ctx.actor();
      if (approve) {
        if (auto s = ApplyChange(tx, ctx, *a, *change); !s) return s.error();
        applied = true;
      }
    }
    if (!store::ActivityChangeStore::Update(tx, *change))
      return core::Error::Conflict("该变更申请已被他人处理，请刷新");
    store::ReviewStore::Record(tx, {"activity_change",
                                    change->id,
                                    0,
                                    std::string(domain::ReviewLevelName(level)),
                                    outcome,
                                    why,
                                    {},
                                    ctx.now,
                                    ctx.actor()});
    Audit(tx, ctx, audit_action, "activity", std::to_string(id), nullptr,
          {{"change_id", change->id}, {"review_level", domain::ReviewLevelName(level)}, {"reason", why}});
    return Load(tx, ctx, *store::ActivityStore::Find(tx, id));
  });
  if (r && applied) {
    catalog_.Rebuild();
    messages().Wake();
  }
  return r;
}

core::Result<ActivityView> ActivityService::WithdrawChange(const Ctx& ctx, long long id, long long change_id) {
  if (auto s = RequireRole(ctx, {Role::kAdmin, Role::kReporter}); !s) return s.error();
  return db_.Write<ActivityView>([&](store::Tx& tx) -> core::Result<ActivityView> {
    auto a = store::ActivityStore::Find(tx, id);
    if (!a || !MaySee(tx, ctx, *a)) return core::Error::NotFound("活动不存在");
    auto change = store::ActivityChangeStore::Find(tx, change_id);
    if (!change || change->activity_id != id) return core::Error::NotFound("变更申请不存在");
    if (!MayEdit(ctx, *a)) return core::Error::Forbidden("只有主办单位的填报员可以撤回变更申请");
    if (change->status != ActivityChangeStatus::kPending) return core::Error::Conflict("该变更申请已处理或已撤回");
    change->status = ActivityChangeStatus::kWithdrawn;
    change->review_reason = "主办单位撤回";
    change->decided_at = ctx.now;
    change->decided_by = ctx.actor();
    if (!store::ActivityChangeStore::Update(tx, *change))
      return core::Error::Conflict("该变更申请已被他人处理，请刷新");
    Audit(tx, ctx, "activity.change_withdrawn", "activity", std::to_string(id), nullptr, {{"change_id", change->id}});
    return Load(tx, ctx, *a);
  });
}

core::Result<std::vector<ActivityChangeView>> ActivityService::Changes(const Ctx& ctx, long long id) {
  if (!ctx.principal && !ctx.console) return core::Error::Unauthenticated();
  return db_.Read<std::vector<ActivityChangeView>>([&](store::Tx& tx) -> core::Result<std::vector<ActivityChangeView>> {
    auto a = store::ActivityStore::Find(tx, id);
    if (!a || !MaySee(tx, ctx, *a)) return core::Error::NotFound("活动不存在");
    std::vector<ActivityChangeView> out;
    auto campaign = store::CampaignStore::Find(tx, a->campaign_year);
    for (auto& c : store::ActivityChangeStore::ForActivity(tx, id)) {
      ActivityChangeView v;
      if (campaign) v.review_levels = campaign->activity_review_levels;
      v.summary = domain::CompareForChange(c.before, c.proposed);
      v.decisions = store::ReviewStore::ForSubject(tx, "activity_change", c.id);
      std::set<long long> sessions;
      for (const auto& t : c.affected) sessions.insert(t.session_id);
      for (long long s : sessions)
        for (auto& r : store::ReservationStore::ForSession(tx, s)) v.tickets[r.id] = std::move(r);
      v.change = std::move(c);
      out.push_back(std::move(v));
    }
    return out;
  });
}

}  // namespace sciweek::service
