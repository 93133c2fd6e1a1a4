#include "service/reporting/report_service.hpp"

#include <set>

#include "core/text.hpp"
#include "service/audit/audit.hpp"
#include "service/campaigns/form_json.hpp"
#include "service/reporting/report_access.hpp"
#include "service/support/authorize.hpp"
#include "store/analytics_store.hpp"
#include "store/campaign_store.hpp"
#include "store/org_store.hpp"
#include "store/report_store.hpp"
#include "store/review_store.hpp"

namespace sciweek::service {

nlohmann::json ReportSnapshot(const store::ReportRow& r) {
  return {{"status", domain::ReportStatusName(r.status)},
          {"version", r.version},
          {"values", nlohmann::json::parse(store::ValuesJson(r.values))},
          {"review_comment", r.review_comment},
          {"field_comments", r.field_comments},
          {"review_level", domain::ReviewLevelName(r.review_level)}};
}

namespace {

using domain::ReportStatus;

domain::RuleContext Context(store::Tx& tx, const ReportView& v) {
  domain::RuleContext rc;
  rc.values = v.report.values;
  auto campaigns = store::CampaignStore::List(tx);  // newest first
  for (const auto& c : campaigns)
    if (c.year < v.campaign.year) {
      rc.previous = store::ReportStore::FiledValues(tx, c.year, v.org.code);
      break;
    }
  rc.peer_median = store::ReportStore::PeerMedian(tx, v.campaign.year, v.org.type, v.org.code);
  return rc;
}

core::Error WindowError(domain::FilingWindow w) {
  switch (w) {
    case domain::FilingWindow::kCampaignNotOpen:
      return core::Error::Conflict("本届科技周未处于填报期（未开放或已关闭）");
    case domain::FilingWindow::kNotStarted: return core::Error::Conflict("科技周尚未开始，暂不能提交报表");
    case domain::FilingWindow::kLateLocked: return core::Error::DeadlinePassed("已过报送截止时间，逾期报送已关闭");
    default: return core::Error::Internal("unexpected filing window");
  }
}

}  // namespace

domain::FormTemplate ReportService::LoadForm(store::Tx& tx, int year) {
  auto stored = store::CampaignExtrasStore::FormDefinition(tx, year);
  return stored ? FormFromStored(*stored) : domain::DefaultTemplate();
}

core::Result<ReportView> ReportService::LoadView(store::Tx& tx, const Ctx& ctx, int year, const std::string& org) {
  ReportView v;
  auto campaign = ExistingCampaign(tx, year);
  if (!campaign) return campaign.error();
  auto unit = VisibleReportingUnit(tx, ctx, org);
  if (!unit) return unit.error();
  v.campaign = std::move(campaign.value());
  v.org = std::move(unit.value());
  v.form = LoadForm(tx, year);
  if (auto row = store::ReportStore::Find(tx, year, org)) {
    v.report = std::move(*row);
  } else {
    v.report.year = year;
    v.report.org_code = org;
  }
  v.extension = store::CampaignExtrasStore::Extension(tx, year, org);
  v.deadline = domain::EffectiveDeadline(v.campaign, v.extension);
  v.window = domain::FilingAt(v.campaign, v.extension, v.campaign.late_filing_locked, ctx.now);
  v.checks = domain::EvaluateRules(v.form, Context(tx, v));
  v.reminders = store::CampaignExtrasStore::Reminders(tx, year, org, 50);
  if (v.report.id) {
    v.materials = store::MaterialStore::List(tx, v.report.id);
    v.media_reports = store::MaterialStore::MediaReports(tx, v.report.id);
  }
  const bool filed = v.report.status == ReportStatus::kSubmitted || v.report.status == ReportStatus::kApproved;
  if (!filed) v.missing.emplace_back("table");
  for (const auto& kind : v.campaign.required_materials) {
    bool present = false;
    for (const auto& m : v.materials) present |= m.kind == kind;
    if (!present) v.missing.push_back(kind);
  }
  v.complete = v.missing.empty();
  v.may_edit = MayEditReport(ctx, org) && domain::UnitMayEdit(v.report.status) &&
               v.window != domain::FilingWindow::kCampaignNotOpen;
  v.may_review = MayReviewReport(tx, ctx, org);
  if (v.report.status == ReportStatus::kSubmitted) {
    v.pending_level = domain::PendingLevel(v.report.review_level, v.campaign.report_review_levels);
    v.may_decide =
        ctx.principal && domain::MayDecideAt(v.pending_level, StandingFor(tx, *ctx.principal, org, v.may_review));
  }
  return v;
}

core::Result<domain::FormTemplate> ReportService::Form(const Ctx& ctx, int year) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  return db_.Read<domain::FormTemplate>([&](store::Tx& tx) -> core::Result<domain::FormTemplate> {
    if (auto c = ExistingCampaign(tx, year); !c) return c.error();
    return LoadForm(tx, year);
  });
}

core::Result<domain::FormTemplate> ReportService::UpdateForm(const Ctx& ctx, int year,
                                                             const domain::FormTemplate& form) {
  if (auto s = RequireRole(ctx, {domain::Role::kAdmin}); !s) return s.error();
  if (auto p = domain::ValidateTemplate(form); !p.empty()) return core::Error::Validation(std::move(p), "表单定义有误");
  return db_.Write<domain::FormTemplate>([&](store::Tx& tx) -> core::Result<domain::FormTemplate> {
    if (auto c = ExistingCampaign(tx, year); !c) return c.error();
    const auto current = LoadForm(tx, year);
    // Once tables are filed against it, the form may grow but not lose or narrow anything.
    if (store::ReportStore::CountForCampaign(tx, year) > 0)
      if (auto p = domain::CheckCompatible(current, form); !p.empty())
        return core::Error::Validation(std::move(p), "已有单位提交报表，表单不能做破坏性修改");
    store::CampaignExtrasStore::PutFormDefinition(tx, year, FormJson(form).dump(), ctx.now);
    Audit(tx, ctx, "form.updated", "campaign", std::to_string(year), FormJson(current), FormJson(form));
    return form;
  });
}

core::Result<ReportView> ReportService::Get(const Ctx& ctx, int year, const std::string& org) {
  return db_.Read<ReportView>([&](store::Tx& tx) { return LoadView(tx, ctx, year, org); });
}

core::Result<PrintableReport> ReportService::Printable(const Ctx& ctx, int year, const std::string& org) {
  return db_.Read<PrintableReport>([&](store::Tx& tx) -> core::Result<PrintableReport> {
    auto view = LoadView(tx, ctx, year, org);
    if (!view) return view.error();
    PrintableReport out{std::move(*view), std::nullopt};
    if (store::OrgStore::CountChildren(tx, org) == 0) return out;
    // Submitted includes approved, as the organizer's totals with status=submitted count them.
    AreaFigures area;
    for (const auto& g :
         store::AnalyticsStore::Totals(tx, year, {"submitted", "approved"}, store::TotalsGroup::kNone, org)) {
      area.units += g.units;
      for (const auto& [code, v] : g.sums) area.sums[code] += v;
    }
    out.area = std::move(area);
    return out;
  });
}

core::Result<ReportView> ReportService::SaveDraft(const Ctx& ctx, int year, const std::string& org,
                                                  const std::map<std::string, domain::RawValue>& raw, int version) {
  return db_.Write<ReportView>([&](store::Tx& tx) -> core::Result<ReportView> {
    auto view = LoadView(tx, ctx, year, org);
    if (!view) return view.error();
    auto& v = view.value();
    if (!MayEditReport(ctx, org)) return core::Error::Forbidden("只有本单位填报员可以修改报表");
    if (v.window == domain::FilingWindow::kCampaignNotOpen) return WindowError(v.window);
    if (!domain::UnitMayEdit(v.report.status))
      return core::Error::Conflict(v.report.status == ReportStatus::kApproved ? "报表已审核通过，不能修改"
                                                                              : "报表已提交，等待审核，不能修改");
    if (version != v.report.version)
      return core::Error::Conflict(
          "报表已被他人更新（当前版本 " + std::to_string(v.report.version) + "），请刷新后再保存", "version");
    std::vector<core::FieldProblem> problems;
    auto values = domain::ConvertValues(v.form, raw, problems);
    if (!problems.empty()) return core::Error::Validation(std::move(problems));
    const auto before = ReportSnapshot(v.report);
    auto& r = v.report;
    for (auto& [code, val] : values) r.values[code] = val;  // partial saves merge
    if (r.status == ReportStatus::kNotStarted) r.status = ReportStatus::kDraft;
    r.updated_at = ctx.now;
    r.updated_by = ctx.actor();
    r.version += 1;
    if (r.id == 0) {
      r.id = store::ReportStore::Insert(tx, r);
    } else if (!store::ReportStore::UpdateIfVersion(tx, r, version)) {
      return core::Error::Conflict("报表已被他人更新，请刷新后再保存", "version");
    }
    store::ReportStore::ReplaceValues(tx, r.id, r.values);
    Audit(tx, ctx, "report.saved", "report", std::to_string(year) + "/" + org, before, ReportSnapshot(r));
    return LoadView(tx, ctx, year, org);
  });
}

core::Result<ReportView> ReportService::Submit(const Ctx& ctx, int year, const std::string& org,
                                               const std::map<std::string, std::string>& explanations,
                                               std::optional<int> version) {
  return db_.Write<ReportView>([&](store::Tx& tx) -> core::Result<ReportView> {
    auto view = LoadView(tx, ctx, year, org);
    if (!view) return view.error();
    auto& v = view.value();
    if (!MayEditReport(ctx, org)) return core::Error::Forbidden("只有本单位填报员可以提交报表");
    // A never-saved table goes through the checks too: they list every required field.
    if (!domain::UnitMayEdit(v.report.status)) return core::Error::Conflict("报表已提交，不能重复提交");
    if (version && *version != v.report.version)
      return core::Error::Conflict("报表已被他人更新，请刷新后再提交", "version");
    if (v.window != domain::FilingWindow::kOnTime && v.window != domain::FilingWindow::kLate)
      return WindowError(v.window);
    std::vector<core::FieldProblem> problems = domain::MissingRequired(v.form, v.report.values);
    std::set<std::string> rule_ids;
    for (const auto& o : v.checks) {
      rule_ids.insert(o.id);
      if (o.passed) continue;
      if (o.severity == domain::Severity::kError) {
        if (o.fields.empty()) problems.push_back({"", o.id, o.message, 0});
        for (const auto& f : o.fields) problems.push_back({f, o.id, o.message, 0});
      } else {
        auto it = explanations.find(o.id);
        if (it == explanations.end() || core::Utf8Length(core::Trim(it->second)) < 4)
          problems.push_back({"explanations." + o.id, o.id, o.message + "（请填写不少于4个字的说明）", 0});
      }
    }
    for (const auto& [id, text] : explanations) {
      if (!rule_ids.contains(id))
        problems.push_back({"explanations." + id, "unknown", "没有编号为 " + id + " 的规则", 0});
      else if (core::Utf8Length(text) > 500)
        problems.push_back({"explanations." + id, "too_long", "说明不能超过500字", 0});
    }
    if (!problems.empty()) return core::Error::Validation(std::move(problems), "报表未通过校验，不能提交");
    const auto before = ReportSnapshot(v.report);
    auto& r = v.report;
    const int expected = r.version;
    if (r.id == 0) {  // only reachable with a form whose fields are all optional
      r.updated_at = ctx.now;
      r.updated_by = ctx.actor();
      r.id = store::ReportStore::Insert(tx, r);
    }
    r.status = ReportStatus::kSubmitted;
    r.version += 1;
    r.submission_no += 1;
    r.submitted_at = ctx.now;
    r.on_time = v.window == domain::FilingWindow::kOnTime;
    r.explanations = explanations;
    r.review_level =
        domain::FirstLevel(v.campaign.report_review_levels, store::OrgStore::DistrictAbove(tx, org).has_value());
    r.updated_at = ctx.now;
    r.updated_by = ctx.actor();
    if (!store::ReportStore::UpdateIfVersion(tx, r, expected))
      return core::Error::Conflict("报表已被他人更新，请刷新后再提交", "version");
    store::SubmissionRow s;
    s.submission_no = r.submission_no;
    s.values = r.values;
    s.explanations = explanations;
    s.submitted_at = ctx.now;
    s.submitted_by = ctx.actor();
    s.on_time = *r.on_time;
    store::ReportStore::InsertSubmission(tx, r.id, s);
    Audit(tx, ctx, "report.submitted", "report", std::to_string(year) + "/" + org, before, ReportSnapshot(r));
    return LoadView(tx, ctx, year, org);
  });
}

}  // namespace sciweek::service
