#include "service/reporting/oversight_service.hpp"

#include <algorithm>
#include <set>

#include "core/text.hpp"
#include "service/audit/audit.hpp"
#include "service/reporting/reminder_delivery.hpp"
#include "service/reporting/report_access.hpp"
#include "service/support/authorize.hpp"
#include "store/campaign_store.hpp"

namespace sciweek::service {

using domain::ReportStatus;

core::Result<std::string> OversightService::OverseenRoot(const Ctx& ctx) {
  if (ctx.console) return std::string();
  if (!ctx.principal) return core::Error::Unauthenticated();
  if (domain::SeesAllUnits(*ctx.principal)) return std::string();
  switch (ctx.principal->role) {
    case domain::Role::kAdmin: return std::string();
    case domain::Role::kReviewer:  // a district's reviewer oversees its district
    case domain::Role::kReporter: return ctx.principal->org_code;
    case domain::Role::kCheckin: return core::Error::Forbidden();
  }
  return core::Error::Forbidden();
}

core::Result<Completeness> OversightService::GetCompleteness(const Ctx& ctx, int year) {
  auto root = OverseenRoot(ctx);
  if (!root) return root.error();
  return db_.Read<Completeness>([&](store::Tx& tx) -> core::Result<Completeness> {
    auto campaign = ExistingCampaign(tx, year);
    if (!campaign) return campaign.error();
    Completeness out;
    out.year = year;
    out.deadline = campaign->report_deadline;
    out.review_levels = campaign->report_review_levels;
    const auto kinds = store::AnalyticsStore::MaterialKinds(tx, year);
    for (const char* k : {"expected", "not_started", "draft", "submitted_on_time", "submitted_late", "returned",
                          "approved", "complete", "late", "at_district", "at_city"})
      out.counts[k] = 0;
    for (auto& row : store::AnalyticsStore::Completeness(tx, year, *root)) {
      CompletenessUnit u{std::move(row), {}, false};
      auto it = kinds.find(u.row.code);
      for (const auto& k : campaign->required_materials)
        if (it == kinds.end() || !it->second.contains(k)) u.missing_materials.push_back(k);
      const bool filed = u.row.status == ReportStatus::kSubmitted || u.row.status == ReportStatus::kApproved;
      u.complete = filed && u.missing_materials.empty();
      ++out.counts["expected"];
      switch (u.row.status) {
        case ReportStatus::kNotStarted: ++out.counts["not_started"]; break;
        case ReportStatus::kDraft: ++out.counts["draft"]; break;
        case ReportStatus::kReturned: ++out.counts["returned"]; break;
        case ReportStatus::kApproved: ++out.counts["approved"]; break;
        case ReportStatus::kSubmitted:
          ++out.counts[u.row.on_time.value_or(true) ? "submitted_on_time" : "submitted_late"];
          u.pending_level = domain::PendingLevel(u.row.review_level, campaign->report_review_levels);
          if (u.pending_level == domain::ReviewLevel::kDistrict) ++out.counts["at_district"];
          if (u.pending_level == domain::ReviewLevel::kCity) ++out.counts["at_city"];
          break;
      }
      if (u.row.on_time && !*u.row.on_time) ++out.counts["late"];
      if (u.complete) ++out.counts["complete"];
      out.units.push_back(std::move(u));
    }
    return out;
  });
}

core::Result<int> OversightService::SendReminders(const Ctx& ctx, int year, const std::string& message,
                                                  const std::vector<std::string>& only_units) {
  if (auto s = RequireRole(ctx, {domain::Role::kAdmin, domain::Role::kReviewer}); !s) return s.error();
  auto root = OverseenRoot(ctx);  // a district's reviewer chases its own units only
  if (!root) return root.error();
  const std::string text =
      core::Trim(message).empty() ? "请尽快填报并提交科技周活动开展情况统计表" : core::Trim(message);
  if (core::Utf8Length(text) > 500 || !core::IsCleanUtf8(text, true))
    return core::Error::Validation({{"message", "too_long", "催报内容不能超过500字", 0}});
  auto sent = db_.Write<int>([&](store::Tx& tx) -> core::Result<int> {
    auto campaign = ExistingCampaign(tx, year);
    if (!campaign) return campaign.error();
    const std::set<std::string> only(only_units.begin(), only_units.end());
    int sent = 0, queued = 0;
    for (const auto& row : store::AnalyticsStore::Completeness(tx, year, *root)) {
      const bool pending = row.status == ReportStatus::kNotStarted || row.status == ReportStatus::kDraft ||
                           row.status == ReportStatus::kReturned;
      if (!pending || (!only.empty() && !only.contains(row.code))) continue;
      store::ReminderRow reminder{0, year, row.code, text, ctx.now, ctx.actor()};
      if (delivery_) {
        reminder.email_to = row.contact_email;
        reminder.email_status = row.contact_email.empty() ? "no_address" : "pending";
        reminder.email_next_at = ctx.now;
        queued += row.contact_email.empty() ? 0 : 1;
      }
      store::CampaignExtrasStore::AddReminder(tx, reminder);
      ++sent;
    }
    Audit(tx, ctx, "report.reminders_sent", "campaign", std::to_string(year), nullptr,
          {{"units", sent}, {"message", text}, {"emails_queued", queued}});
    return sent;
  });
  if (sent && *sent && delivery_) delivery_->Wake();
  return sent;
}

core::Result<std::vector<store::ReminderRow>> OversightService::Reminders(const Ctx& ctx, int year,
                                                                          const std::string& org) {
  return db_.Read<std::vector<store::ReminderRow>>([&](store::Tx& tx) -> core::Result<std::vector<store::ReminderRow>> {
    if (auto c = ExistingCampaign(tx, year); !c) return c.error();
    if (org.empty()) {
      if (auto s = RequireRole(ctx, {domain::Role::kAdmin, domain::Role::kReviewer}); !s) return s.error();
      if (ctx.principal && !domain::SeesAllUnits(*ctx.principal)) {  // a district's reviewer: its units' reminders only
        std::vector<store::ReminderRow> mine;
        for (auto& m : store::CampaignExtrasStore::Reminders(tx, year, "", 500))
          if (CanSeeOrg(tx, *ctx.principal, m.org_code)) mine.push_back(std::move(m));
        return mine;
      }
    } else if (auto unit = VisibleReportingUnit(tx, ctx, org); !unit) {
      return unit.error();
    }
    return store::CampaignExtrasStore::Reminders(tx, year, org, 500);
  });
}

core::Result<TotalsCompare> OversightService::ParseCompare(const std::string& text) {
  TotalsCompare out;
  if (text.empty()) return out;
  if (text == "previous") {
    out.previous = true;
    return out;
  }
  const auto bad = [] {
    return core::Error::Invalid(
        "compare 须为 previous 或以逗号分隔的年份（如 2022,2023），最多" + std::to_string(kMaxCompareYears) + "个",
        "compare");
  };
  std::set<int> years;
  size_t from = 0;
  while (from <= text.size()) {
    const size_t comma = std::min(text.find(',', from), text.size());
    const std::string part = text.substr(from, comma - from);
    if (part.size() != 4 || part.find_first_not_of("0123456789") != std::string::npos) return bad();
    const int y = std::stoi(part);
    if (y < 2000 || y > 2100) return core::Error::Invalid("对比年份须在2000至2100之间", "compare");
    if (!years.insert(y).second) return core::Error::Invalid("对比年份 " + part + " 重复", "compare");
    if (years.size() > kMaxCompareYears) return bad();
    from = comma + 1;
  }
  out.years.assign(years.begin(), years.end());
  return out;
}

core::Result<Totals> OversightService::GetTotals(const Ctx& ctx, int year, const std::string& status,
                                                 const std::string& group_by, const TotalsCompare& compare) {
  auto root = OverseenRoot(ctx);
  if (!root) return root.error();
  std::vector<std::string> statuses;
  if (status == "approved") statuses = {"approved"};
  else if (status == "submitted") statuses = {"submitted", "approved"};
  else return core::Error::Invalid("status 须为 approved 或 submitted", "status");
  store::TotalsGroup group;
  if (group_by == "none") group = store::TotalsGroup::kNone;
  else if (group_by == "type") group = store::TotalsGroup::kType;
  else if (group_by == "district") group = store::TotalsGroup::kDistrict;
  else if (group_by == "parent") group = store::TotalsGroup::kParent;
  else return core::Error::Invalid("group_by 须为 none、type、district 或 parent", "group_by");
  return db_.Read<Totals>([&](store::Tx& tx) -> core::Result<Totals> {
    auto campaign = ExistingCampaign(tx, year);
    if (!campaign) return campaign.error();
    // One campaign summed the same way, whichever year: compared years group like the current one.
    auto sum = [&](const domain::Campaign& c) {
      YearTotals out;
      out.campaign = c;
      out.groups = store::AnalyticsStore::Totals(tx, c.year, statuses, group, *root);
      const auto own = store::AnalyticsStore::OwnSums(tx, c.year, statuses, *root);
      for (auto& g : out.groups) {
        if (group == store::TotalsGroup::kType)
          if (auto type = domain::ParseOrgType(g.key)) g.name = std::string(domain::OrgTypeLabel(*type));
        if (group == store::TotalsGroup::kDistrict)
          if (auto it = own.find(g.key); it != own.end()) g.own_sums = it->second;
        out.units += g.units;
        for (const auto& [code, v] : g.sums) out.totals[code] += v;
      }
      if (!root->empty())
        if (auto it = own.find(*root); it != own.end()) out.own = it->second;
      return out;
    };
    Totals out;
    out.status = status;
    out.group_by = group_by;
    out.scope = *root;
    out.compare_previous = compare.previous;
    out.current = sum(*campaign);
    if (compare.previous) {
      for (const auto& c : store::CampaignStore::List(tx))  // newest first
        if (c.year < year) {
          out.comparisons.push_back(sum(c));
          break;
        }
    }
    for (int y : compare.years) {
      if (y == year) {
        out.comparisons.push_back(out.current);
        continue;
      }
      auto c = store::CampaignStore::Find(tx, y);
      if (!c) {
        auto e = core::Error::NotFound("没有" + std::to_string(y) + "年的科技周，无法对比");
        e.field = "compare";
        return e;
      }
      out.comparisons.push_back(sum(*c));
    }
    return out;
  });
}

}  // namespace sciweek::service
