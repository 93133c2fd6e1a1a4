// ActivityService, continued: activities from the import template (issue 10 §5, decision
// 0018). Each row is checked exactly as a plan entered in the form (ValidateActivity,
// CheckUnits), its problems named by cell; the district may be written as its name.
#include <set>

#include "domain/activity_import.hpp"
#include "service/activities/activity_service.hpp"
#include "service/audit/audit.hpp"
#include "service/reporting/report_access.hpp"
#include "service/support/authorize.hpp"
#include "store/org_store.hpp"

namespace sciweek::service {

core::Result<ActivityImportOutcome> ActivityService::Import(const Ctx& ctx, int year,
                                                            const std::vector<domain::ImportSheet>& sheets,
                                                            bool apply) {
  if (auto s = RequireRole(ctx, {domain::Role::kAdmin, domain::Role::kReporter}); !s) return s.error();
  return db_.Run<ActivityImportOutcome>(apply, [&](store::Tx& tx) -> core::Result<ActivityImportOutcome> {
    auto campaign = ExistingCampaign(tx, year);
    if (!campaign) return campaign.error();
    if (campaign->status == domain::CampaignStatus::kArchived || campaign->status == domain::CampaignStatus::kClosed)
      return core::Error::Conflict("该年度的科技周已结束，不能再登记活动");
    std::map<std::string, std::string> district_by_name;
    for (const auto& o : store::OrgStore::All(tx))
      if (o.type == domain::OrgType::kDistrict) district_by_name[o.name] = o.code;
    const auto [week_start, week_end] = activity_access::WeekBounds(*campaign);
    // What the unit already has, so importing the same file twice creates nothing twice.
    store::ActivityFilter mine;
    mine.campaign_year = year;
    mine.org = ctx.principal->org_code;
    mine.limit = 100000;
    long long total = 0;
    std::set<std::pair<std::string, core::UnixTime>> existing;
    for (const auto& a : store::ActivityStore::List(tx, mine, &total))
      if (a.lead_org == ctx.principal->org_code) existing.insert({a.title, a.starts_at});

    ActivityImportOutcome out;
    auto rows = domain::ReadActivityGrid(sheets, out.problems);
    std::vector<domain::Activity> plans;
    for (auto& row : rows) {
      auto& plan = row.plan;
      if (auto it = district_by_name.find(plan.district_code); it != district_by_name.end())
        plan.district_code = it->second;
      plan.campaign_year = year;
      plan.lead_org = ctx.principal->org_code;
      ActivityImportItem item{row.sheet, row.row, plan.title, static_cast<int>(plan.sessions.size())};
      auto problems = row.problems;
      auto add = [&](const std::vector<core::FieldProblem>& list) {
        for (const auto& p : list)
          problems.push_back({row.sheet, domain::CellOfField(row, p.field), "", p.field, p.code, p.message});
      };
      // Times that did not read are already named; their zero would only add noise here.
      if (row.problems.empty()) add(domain::ValidateActivity(plan, week_start, week_end));
      add(activity_access::CheckUnits(tx, plan));
      if (!existing.insert({plan.title, plan.starts_at}).second)
        problems.push_back({row.sheet, domain::CellOfField(row, "title"), "", "title", "duplicate",
                            "本单位已有同名、同开始时间的活动（或文件中重复）"});
      item.ok = problems.empty();
      for (auto& p : problems) out.problems.push_back(std::move(p));
      out.items.push_back(item);
      plans.push_back(plan);
    }
    if (!apply || !out.problems.empty()) return out;
    for (size_t i = 0; i < plans.size(); ++i) {
      auto& plan = plans[i];
      plan.co_organizers.clear();
      plan.status = domain::ActivityStatus::kDraft;
      plan.created_at = plan.updated_at = ctx.now;
      plan.created_by = plan.updated_by = ctx.actor();
      plan.id = store::ActivityStore::Insert(tx, plan);
      out.items[i].id = plan.id;
      auto after = activity_access::AuditSnapshot(*store::ActivityStore::Find(tx, plan.id));
      after["source"] = {{"sheet", rows[i].sheet}, {"row", rows[i].row}};
      Audit(tx, ctx, "activity.imported", "activity", std::to_string(plan.id), nullptr, after);
    }
    out.applied = true;
    return out;
  });
}

}  // namespace sciweek::service
