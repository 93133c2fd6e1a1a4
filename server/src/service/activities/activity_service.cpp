#include "service/activities/activity_service.hpp"

#include <filesystem>

#include "core/text.hpp"
#include "media/media_check.hpp"
#include "service/activities/public_catalog.hpp"
#include "service/audit/audit.hpp"
#include "service/reporting/report_access.hpp"
#include "service/support/authorize.hpp"
#include "store/campaign_store.hpp"
#include "store/material_store.hpp"
#include "store/org_store.hpp"
#include "store/reservation_store.hpp"
#include "store/review_store.hpp"

namespace sciweek::service {
namespace {

using domain::ActivityStatus;
using domain::Role;

bool HasRole(const Ctx& ctx, std::initializer_list<Role> roles) {
  if (!ctx.principal) return false;
  for (Role r : roles)
    if (ctx.principal->role == r) return true;
  return false;
}

bool IsStaffOf(const Ctx& ctx, const domain::Activity& a) {
  if (!ctx.principal) return false;
  const auto& org = ctx.principal->org_code;
  if (org == a.lead_org) return true;
  return std::find(a.co_organizers.begin(), a.co_organizers.end(), org) != a.co_organizers.end();
}

std::vector<std::string> Dedup(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

namespace activity_access {

std::pair<core::UnixTime, core::UnixTime> WeekBounds(const domain::Campaign& c) {
  const auto start = core::ParseDate(c.start_date).value_or(0), end = core::ParseDate(c.end_date).value_or(0);
  return {core::ShanghaiDayStart(start), core::ShanghaiDayStart(end)};
}

nlohmann::json AuditSnapshot(const domain::Activity& a) {
  nlohmann::json sessions = nlohmann::json::array();
  for (const auto& s : a.sessions)
    sessions.push_back({{"starts_at", core::FormatShanghai(s.starts_at)}, {"capacity", s.capacity}});
  return {{"id", a.id},
          {"title", a.title},
          {"status", domain::ActivityStatusName(a.status)},
          {"lead_org", a.lead_org},
          {"mode", a.mode},
          {"category", a.category},
          {"sessions", sessions},
          {"co_organizers", a.co_organizers}};
}

std::vector<core::FieldProblem> CheckUnits(store::Tx& tx, const domain::Activity& a) {
  std::vector<core::FieldProblem> p;
  auto district = store::OrgStore::Find(tx, a.district_code);
  if (!district || district->type != domain::OrgType::kDistrict)
    p.push_back({"district", "invalid", "所在区须为一个区（填写区的单位代码）", 0});
  if (a.co_organizers.size() > 30) p.push_back({"co_organizers", "invalid", "承办单位不能超过30个", 0});
  for (const auto& code : a.co_organizers) {
    if (code == a.lead_org) {
      p.push_back({"co_organizers", "invalid", "承办单位不能是主办单位本身", 0});
      break;
    }
    if (!store::OrgStore::Find(tx, code)) {
      p.push_back({"co_organizers", "invalid", "承办单位不存在：" + code, 0});
      break;
    }
  }
  return p;
}

bool MayDecideAt(store::Tx& tx, const Ctx& ctx, const domain::Activity& a, domain::ReviewLevel level) {
  const bool reviews = MayReview(tx, ctx, a);
  if (ctx.console) return reviews;
  return ctx.principal && domain::MayDecideAt(level, StandingFor(tx, *ctx.principal, a.lead_org, reviews));
}

bool MaySee(store::Tx& tx, const Ctx& ctx, const domain::Activity& a) {
  if (ctx.console) return true;
  if (!ctx.principal) return false;
  if (domain::SeesAllUnits(*ctx.principal)) return true;
  if (CanSeeOrg(tx, *ctx.principal, a.lead_org)) return true;
  for (const auto& c : a.co_organizers)
    if (CanSeeOrg(tx, *ctx.principal, c)) return true;
  return false;
}

bool MayEdit(const Ctx& ctx, const domain::Activity& a) {
  if (ctx.console || HasRole(ctx, {Role::kAdmin})) return true;
  return HasRole(ctx, {Role::kReporter}) && ctx.principal->org_code == a.lead_org;
}

bool IsVenueStaff(const Ctx& ctx, const domain::Activity& a) {
  if (ctx.console || HasRole(ctx, {Role::kAdmin, Role::kReviewer})) return true;
  return HasRole(ctx, {Role::kReporter, Role::kCheckin}) && IsStaffOf(ctx, a);
}

bool MayReview(store::Tx& tx, const Ctx& ctx, const domain::Activity& a) {
  if (ctx.console) return true;
  if (!ctx.principal) return false;
  if (domain::SeesAllUnits(*ctx.principal)) return true;
  return ctx.principal->district_reviewer && ReviewsBelow(tx, *ctx.principal, a.lead_org);
}

ActivityView Load(store::Tx& tx, const Ctx& ctx, domain::Activity a) {
  ActivityView v;
  if (auto c = store::CampaignStore::Find(tx, a.campaign_year)) v.review_levels = c->activity_review_levels;
  if (a.status == ActivityStatus::kSubmitted) {
    v.pending_level = domain::PendingLevel(a.review_level, v.review_levels);
    v.may_decide = MayDecideAt(tx, ctx, a, v.pending_level);
  }
  if (a.status == ActivityStatus::kApproved) v.pending_change = store::ActivityChangeStore::Pending(tx, a.id);
  if (v.pending_change) {
    v.change_level = domain::PendingLevel(v.pending_change->review_level, v.review_levels);
    v.may_decide_change = MayDecideAt(tx, ctx, a, v.change_level);
  }
  v.decisions = store::ReviewStore::ForSubject(tx, "activity", a.id);
  v.files = store::ActivityStore::Files(tx, a.id);
  auto name = [&](const std::string& code) {
    if (code.empty() || v.org_names.contains(code)) return;
    auto o = store::OrgStore::Find(tx, code);
    v.org_names[code] = o ? o->name : code;
  };
  name(a.lead_org);
  name(a.district_code);
  for (const auto& c : a.co_organizers) name(c);
  std::vector<long long> session_ids;
  for (const auto& s : a.sessions) session_ids.push_back(s.id);
  v.checked_in = store::ReservationStore::CheckedInBySession(tx, session_ids);
  v.activity = std::move(a);
  return v;
}

}  // namespace activity_access

using activity_access::AuditSnapshot;
using activity_access::CheckUnits;
using activity_access::Load;
using activity_access::MayEdit;
using activity_access::MaySee;
using activity_access::WeekBounds;

core::Result<ActivityView> ActivityService::Create(const Ctx& ctx, int year, domain::Activity plan,
                                                   const std::string& lead_org) {
  if (auto s = RequireRole(ctx, {Role::kAdmin, Role::kReporter}); !s) return s.error();
  plan.co_organizers = Dedup(plan.co_organizers);
  auto r = db_.Write<ActivityView>([&](store::Tx& tx) -> core::Result<ActivityView> {
    auto campaign = ExistingCampaign(tx, year);
    if (!campaign) return campaign.error();
    if (campaign->status == domain::CampaignStatus::kArchived || campaign->status == domain::CampaignStatus::kClosed)
      return core::Error::Conflict("该年度的科技周已结束，不能再登记活动");
    plan.campaign_year = year;
    plan.lead_org = ctx.principal->org_code;
    if (ctx.principal->role == Role::kAdmin && !lead_org.empty()) {
      if (!store::OrgStore::Find(tx, lead_org))
        return core::Error::Validation({{"lead_org", "invalid", "主办单位不存在", 0}});
      plan.lead_org = lead_org;
    }
    const auto [week_start, week_end] = WeekBounds(*campaign);
    auto problems = domain::ValidateActivity(plan, week_start, week_end);
    auto unit_problems = CheckUnits(tx, plan);
    problems.insert(problems.end(), unit_problems.begin(), unit_problems.end());
    if (!problems.empty()) return core::Error::Validation(std::move(problems));
    plan.status = ActivityStatus::kDraft;
    plan.created_at = plan.updated_at = ctx.now;
    plan.created_by = plan.updated_by = ctx.actor();
    plan.id = store::ActivityStore::Insert(tx, plan);
    auto stored = store::ActivityStore::Find(tx, plan.id);
    Audit(tx, ctx, "activity.created", "activity", std::to_string(plan.id), nullptr, AuditSnapshot(*stored));
    return Load(tx, ctx, *stored);
  });
  return r;
}

core::Result<ActivityView> ActivityService::Update(const Ctx& ctx, long long id, domain::Activity plan, int version,
                                                   const ChangeRequest& change) {
  if (auto s = RequireRole(ctx, {Role::kAdmin, Role::kReporter}); !s) return s.error();
  plan.co_organizers = Dedup(plan.co_organizers);
  bool published_changed = false;
  auto r = db_.Write<ActivityView>([&](store::Tx& tx) -> core::Result<ActivityView> {
    auto current = store::ActivityStore::Find(tx, id);
    if (!current || !MaySee(tx, ctx, *current)) return core::Error::NotFound("活动不存在");
    if (!MayEdit(ctx, *current)) return core::Error::Forbidden("只有主办单位的填报员可以修改活动");
    const bool published = current->status == ActivityStatus::kApproved;
    if (!domain::ActivityEditable(current->status) && !published)
      return core::Error::Conflict(current->status == ActivityStatus::kSubmitted ? "活动正在审核中，不能修改"
                                                                                 : "活动已取消，不能修改");
    if (current->version != version) return core::Error::Conflict("活动已被他人修改，请刷新后再改", "version");
    auto campaign = ExistingCampaign(tx, current->campaign_year);
    if (!campaign) return campaign.error();
    plan.id = id;
    plan.campaign_year = current->campaign_year;
    plan.lead_org = current->lead_org;
    const auto [week_start, week_end] = WeekBounds(*campaign);
    auto problems = domain::ValidateActivity(plan, week_start, week_end);
    auto unit_problems = CheckUnits(tx, plan);
    problems.insert(problems.end(), unit_problems.begin(), unit_problems.end());
    if (!problems.empty()) return core::Error::Validation(std::move(problems));
    if (published) return EditPublished(tx, ctx, *current, std::move(plan), change, published_changed);
    plan.updated_at = ctx.now;
    plan.updated_by = ctx.actor();
    if (!store::ActivityStore::UpdatePlan(tx, plan, version))
      return core::Error::Conflict("活动已被他人修改，请刷新后再改", "version");
    auto stored = store::ActivityStore::Find(tx, id);
    Audit(tx, ctx, "activity.updated", "activity", std::to_string(id), AuditSnapshot(*current), AuditSnapshot(*stored));
    return Load(tx, ctx, *stored);
  });
  if (r && published_changed) catalog_.Rebuild();
  return r;
}

core::Result<ActivityView> ActivityService::Get(const Ctx& ctx, long long id) {
  if (!ctx.principal && !ctx.console) return core::Error::Unauthenticated();
  return db_.Read<ActivityView>([&](store::Tx& tx) -> core::Result<ActivityView> {
    auto a = store::ActivityStore::Find(tx, id);
    if (!a || !MaySee(tx, ctx, *a)) return core::Error::NotFound("活动不存在");
    return Load(tx, ctx, *a);
  });
}

core::Result<ActivityPage> ActivityService::List(const Ctx& ctx, int year, const ActivityQuery& q) {
  if (!ctx.principal && !ctx.console) return core::Error::Unauthenticated();
  if (!q.status.empty() && !domain::ParseActivityStatus(q.status))
    return core::Error::Invalid("status 须为 draft、submitted、approved、rejected 或 cancelled", "status");
  return db_.Read<ActivityPage>([&](store::Tx& tx) -> core::Result<ActivityPage> {
    if (auto c = ExistingCampaign(tx, year); !c) return c.error();
    store::ActivityFilter f;
    f.campaign_year = year;
    f.status = q.status;
    f.org = q.org;
    f.q = q.q;
    f.pending_change = q.pending_change;
    f.limit = q.limit;
    f.offset = q.offset;
    if (ctx.principal && !domain::SeesAllUnits(*ctx.principal)) {
      f.visible_to = ctx.principal->org_code;
      // A unit outside the subtree lists nothing rather than revealing whether it exists.
      if (!q.org.empty() && !CanSeeOrg(tx, *ctx.principal, q.org)) return ActivityPage{};
    }
    ActivityPage page;
    for (auto& a : store::ActivityStore::List(tx, f, &page.total)) page.items.push_back(Load(tx, ctx, std::move(a)));
    return page;
  });
}

core::Result<ActivityView> ActivityService::Transition(
    const Ctx& ctx, long long id, std::string action,
    const std::function<core::Status(store::Tx&, domain::Activity&, std::string&)>& change) {
  bool published_changed = false;
  auto r = db_.Write<ActivityView>([&](store::Tx& tx) -> core::Result<ActivityView> {
    auto a = store::ActivityStore::Find(tx, id);
    if (!a || !MaySee(tx, ctx, *a)) return core::Error::NotFound("活动不存在");
    const auto before = AuditSnapshot(*a);
    const auto old_status = a->status;
    if (auto s = change(tx, *a, action); !s) return s.error();
    a->updated_at = ctx.now;
    a->updated_by = ctx.actor();
    if (!store::ActivityStore::UpdateStatus(tx, *a)) return core::Error::Conflict("活动已被他人审核或更新，请刷新");
    auto stored = store::ActivityStore::Find(tx, id);
    auto after = AuditSnapshot(*stored);
    if (!stored->review_reason.empty()) after["review_reason"] = stored->review_reason;
    if (!stored->cancel_reason.empty()) after["cancel_reason"] = stored->cancel_reason;
    // A review decision names its level: where the plan waited when decided.
    if (action != "activity.submitted" && action != "activity.cancelled")
      after["review_level"] = domain::ReviewLevelName(stored->review_level);
    Audit(tx, ctx, action, "activity", std::to_string(id), before, after);
    published_changed = old_status == ActivityStatus::kApproved || stored->status == ActivityStatus::kApproved;
    return Load(tx, ctx, *stored);
  });
  if (r && published_changed) catalog_.Rebuild();
  return r;
}

core::Result<ActivityView> ActivityService::Submit(const Ctx& ctx, long long id) {
  return Transition(ctx, id, "activity.submitted",
                    [&](store::Tx& tx, domain::Activity& a, std::string&) -> core::Status {
                      if (!MayEdit(ctx, a)) return core::Error::Forbidden("只有主办单位的填报员可以提交活动");
                      if (!domain::ActivityEditable(a.status)) return core::Error::Conflict("活动已提交审核或已发布");
                      auto campaign = ExistingCampaign(tx, a.campaign_year);
                      if (!campaign) return campaign.error();
                      bool has_plan = false;
                      for (const auto& f : store::ActivityStore::Files(tx, a.id))
                        has_plan |= f.kind == "emergency_plan";
                      auto problems = domain::SafetyProblems(a, campaign->large_event_threshold, has_plan);
                      if (!problems.empty())
                        return core::Error::Validation(std::move(problems), "活动未通过安全检查，不能提交");
                      a.status = ActivityStatus::kSubmitted;
                      a.submitted_at = ctx.now;
                      a.review_reason.clear();
                      a.review_level = domain::FirstLevel(campaign->activity_review_levels,
                                                          store::OrgStore::DistrictAbove(tx, a.lead_org).has_value());
                      return {};
                    });
}

core::Result<ActivityView> ActivityService::Approve(const Ctx& ctx, long long id) {
  return Decide(ctx, id, domain::ReviewAction::kApprove, "");
}

core::Result<ActivityView> ActivityService::Reject(const Ctx& ctx, long long id, const std::string& reason) {
  const std::string why = core::Trim(reason);
  if (why.empty() || core::Utf8Length(why) > 500 || !core::IsCleanUtf8(why, true))
    return core::Error::Validation({{"reason", "required", "请填写1至500字的退回理由", 0}});
  return Decide(ctx, id, domain::ReviewAction::kReturn, why);
}

// One decision at the level the plan waits at (domain/review.hpp): a district approval
// forwards it to the city; the city's approval publishes it; a return at either level sends
// it back to the lead unit. A second reviewer deciding the same plan gets 409.
core::Result<ActivityView> ActivityService::Decide(const Ctx& ctx, long long id, domain::ReviewAction action,
                                                   const std::string& reason) {
  if (auto s = RequireRole(ctx, {Role::kAdmin, Role::kReviewer}); !s) return s.error();
  const bool approve = action == domain::ReviewAction::kApprove;
  return Transition(ctx, id, approve ? "activity.approved" : "activity.rejected",
                    [&](store::Tx& tx, domain::Activity& a, std::string& audit_action) -> core::Status {
                      if (!activity_access::MayReview(tx, ctx, a))
                        return core::Error::Forbidden("没有审核该活动的权限");
                      if (a.status != ActivityStatus::kSubmitted)
                        return core::Error::Conflict("只能审核已提交的活动（该活动可能已被他人审核，请刷新）");
                      const auto view = Load(tx, ctx, a);
                      if (!view.may_decide)
                        return core::Error::Conflict("该活动正等待" +
                                                     std::string(domain::ReviewLevelLabel(view.pending_level)) +
                                                     "审核，请刷新");
                      const auto step = domain::Decide(view.pending_level, action);
                      const std::string outcome = !step.final ? "forwarded" : approve ? "approved" : "returned";
                      if (!step.final) {
                        a.review_level = step.next;
                        audit_action = "activity.forwarded";
                      } else {
                        a.review_level = view.pending_level;  // the level that decided
                        a.status = approve ? ActivityStatus::kApproved : ActivityStatus::kRejected;
                        a.reviewed_at = ctx.now;
                        a.reviewed_by = ctx.actor();
                      }
                      a.review_reason = reason;
                      store::ReviewStore::Record(tx, {"activity",
                                                      a.id,
                                                      0,
                                                      std::string(domain::ReviewLevelName(view.pending_level)),
                                                      outcome,
                                                      reason,
                                                      {},
                                                      ctx.now,
                                                      ctx.actor()});
                      return {};
                    });
}

core::Result<ActivityView> ActivityService::Cancel(const Ctx& ctx, long long id, const std::string& reason) {
  if (auto s = RequireRole(ctx, {Role::kAdmin, Role::kReviewer, Role::kReporter}); !s) return s.error();
  const std::string why = core::Trim(reason);
  if (why.empty() || core::Utf8Length(why) > 500 || !core::IsCleanUtf8(why, true))
    return core::Error::Validation({{"reason", "required", "请填写1至500字的取消原因（将显示在每张预约票上）", 0}});
  auto r =
      Transition(ctx, id, "activity.cancelled", [&](store::Tx& tx, domain::Activity& a, std::string&) -> core::Status {
        if (!domain::SeesAllUnits(*ctx.principal) && !MayEdit(ctx, a))
          return core::Error::Forbidden("只有主办单位或主办方可以取消活动");
        if (a.status == ActivityStatus::kCancelled) return core::Error::Conflict("活动已取消");
        a.status = ActivityStatus::kCancelled;
        a.cancel_reason = why;
        // A change waiting for review has nothing left to change.
        if (auto pending = store::ActivityChangeStore::Pending(tx, a.id)) {
          pending->status = domain::ActivityChangeStatus::kWithdrawn;
          pending->review_reason = "活动已取消";
          pending->decided_at = ctx.now;
          pending->decided_by = ctx.actor();
          if (!store::ActivityChangeStore::Update(tx, *pending))
            return core::Error::Conflict("活动变更状态已变化，请刷新");
        }
        // Every holder whose ticket it cancels hears of it, with the reason, in this same
        // transaction; who was checked in already keeps the ticket and hears nothing.
        if (messages_ && messages_->enabled()) {
          std::optional<store::SessionContext> s;
          for (const auto& x : store::ReservationStore::LiveForActivity(tx, a.id)) {
            if (!domain::StatusAfter(x.status, domain::ReservationEvent::kCancelled)) continue;
            if (!s || s->session.id != x.session_id) s = store::ReservationStore::LoadSession(tx, x.session_id);
            if (s) messages_->Enqueue(tx, domain::MessageKind::kSessionCancelled, x, *s, ctx.now, {{"reason", why}});
          }
        }
        store::ReservationStore::CancelAllForActivity(tx, a.id, why, ctx.now);
        return {};
      });
  if (r && messages_) messages_->Wake();
  return r;
}

}  // namespace sciweek::service
