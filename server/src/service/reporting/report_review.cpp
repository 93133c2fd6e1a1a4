// ReportService, second half: what reviewers do — return, approve, reopen — and the
// history of submissions with their diffs; deadline extensions.
#include "core/text.hpp"
#include "service/audit/audit.hpp"
#include "service/reporting/report_access.hpp"
#include "service/reporting/report_service.hpp"
#include "service/support/authorize.hpp"
#include "store/report_store.hpp"
#include "store/review_store.hpp"

namespace sciweek::service {
namespace {

using domain::ReportStatus;

std::string EntityId(int year, const std::string& org) { return std::to_string(year) + "/" + org; }

core::Status CheckComment(const std::string& comment, bool required) {
  if (required && core::Utf8Length(core::Trim(comment)) < 2)
    return core::Error::Validation({{"comment", "required", "请填写退回原因", 0}});
  if (core::Utf8Length(comment) > 1000)
    return core::Error::Validation({{"comment", "too_long", "意见不能超过1000字", 0}});
  return {};
}

}  // namespace

core::Result<ReportView> ReportService::Return(const Ctx& ctx, int year, const std::string& org,
                                               const std::string& comment,
                                               const std::map<std::string, std::string>& field_reasons) {
  if (auto s = CheckComment(comment, true); !s) return s.error();
  return Decide(ctx, year, org, domain::ReviewAction::kReturn, comment, field_reasons);
}

core::Result<ReportView> ReportService::Approve(const Ctx& ctx, int year, const std::string& org,
                                                const std::string& comment) {
  if (auto s = CheckComment(comment, false); !s) return s.error();
  return Decide(ctx, year, org, domain::ReviewAction::kApprove, comment, {});
}

// One decision at the level the report waits at: the state machine (domain/review.hpp) says
// whether it ends the review or forwards the report to the city. Two reviewers deciding the
// same report: the second finds it no longer waiting for them (or loses the version race)
// and gets 409, changing nothing.
core::Result<ReportView> ReportService::Decide(const Ctx& ctx, int year, const std::string& org,
                                               domain::ReviewAction action, const std::string& comment,
                                               const std::map<std::string, std::string>& field_reasons) {
  return db_.Write<ReportView>([&](store::Tx& tx) -> core::Result<ReportView> {
    auto view = LoadView(tx, ctx, year, org);
    if (!view) return view.error();
    auto& r = view->report;
    if (!view->may_review) return core::Error::Forbidden("没有审核该报表的权限");
    if (r.status != ReportStatus::kSubmitted)
      return core::Error::Conflict("该报表已不在待审核状态（当前：" + std::string(domain::ReportStatusLabel(r.status)) +
                                   "），可能已被他人审核，请刷新");
    const auto level = view->pending_level;
    if (!view->may_decide)
      return core::Error::Conflict("该报表正等待" + std::string(domain::ReviewLevelLabel(level)) + "审核，请刷新");
    std::vector<core::FieldProblem> problems;
    for (const auto& [code, reason] : field_reasons) {
      if (!view->form.Field(code)) problems.push_back({"fields." + code, "unknown", "表单中没有指标 " + code, 0});
      else if (core::Utf8Length(reason) > 500)
        problems.push_back({"fields." + code, "too_long", "原因不能超过500字", 0});
    }
    if (!problems.empty()) return core::Error::Validation(std::move(problems));
    const auto step = domain::Decide(level, action);
    const bool approve = action == domain::ReviewAction::kApprove;
    const std::string outcome = !step.final ? "forwarded" : approve ? "approved" : "returned";
    const int expected = r.version;
    if (step.final) r.status = approve ? ReportStatus::kApproved : ReportStatus::kReturned;
    r.review_level = step.final ? level : step.next;  // final: the level that decided
    r.version += 1;
    r.review_comment = comment;
    r.field_comments = field_reasons;
    r.updated_at = ctx.now;
    r.updated_by = ctx.actor();
    if (!store::ReportStore::UpdateIfVersion(tx, r, expected))
      return core::Error::Conflict("报表已被他人审核或更新，请刷新");
    if (step.final)
      store::ReportStore::ReviewSubmission(tx, r.id, r.submission_no, outcome, comment, field_reasons, ctx.now,
                                           ctx.actor());
    const std::string level_name(domain::ReviewLevelName(level));
    store::ReviewStore::Record(
        tx, {"report", r.id, r.submission_no, level_name, outcome, comment, field_reasons, ctx.now, ctx.actor()});
    nlohmann::json after = {{"level", level_name}, {"comment", comment}};
    if (!approve) after["fields"] = field_reasons;
    Audit(tx, ctx, "report." + outcome, "report", EntityId(year, org), nullptr, after);
    return LoadView(tx, ctx, year, org);
  });
}

core::Result<ReportView> ReportService::Reopen(const Ctx& ctx, int year, const std::string& org,
                                               const std::string& comment) {
  if (auto s = RequireRole(ctx, {domain::Role::kAdmin}); !s) return s.error();
  if (auto s = CheckComment(comment, true); !s) return s.error();
  return db_.Write<ReportView>([&](store::Tx& tx) -> core::Result<ReportView> {
    auto view = LoadView(tx, ctx, year, org);
    if (!view) return view.error();
    auto& r = view->report;
    if (r.status != ReportStatus::kApproved) return core::Error::Conflict("只有已通过的报表可以重新打开");
    const int expected = r.version;
    r.status = ReportStatus::kReturned;
    r.version += 1;
    r.review_comment = comment;
    r.updated_at = ctx.now;
    r.updated_by = ctx.actor();
    if (!store::ReportStore::UpdateIfVersion(tx, r, expected)) return core::Error::Conflict("报表已被他人更新，请刷新");
    store::ReportStore::ReviewSubmission(tx, r.id, r.submission_no, "reopened", comment, {}, ctx.now, ctx.actor());
    Audit(tx, ctx, "report.reopened", "report", EntityId(year, org), nullptr, {{"comment", comment}});
    return LoadView(tx, ctx, year, org);
  });
}

core::Result<std::vector<HistoryEntry>> ReportService::History(const Ctx& ctx, int year, const std::string& org) {
  return db_.Read<std::vector<HistoryEntry>>([&](store::Tx& tx) -> core::Result<std::vector<HistoryEntry>> {
    auto view = LoadView(tx, ctx, year, org);
    if (!view) return view.error();
    std::vector<HistoryEntry> out;
    if (!view->report.id) return out;
    const domain::Values* previous = nullptr;
    for (auto& s : store::ReportStore::Submissions(tx, view->report.id)) {
      HistoryEntry e{std::move(s), {}};
      if (previous) {
        for (const domain::FormField* f : view->form.Fields()) {
          auto get = [&](const domain::Values& vals) -> std::optional<domain::Hundredths> {
            auto it = vals.find(f->code);
            return it == vals.end() ? std::nullopt : it->second;
          };
          const auto b = get(*previous), a = get(e.submission.values);
          if (a != b) e.changes.push_back({f->code, b, a});
        }
      }
      out.push_back(std::move(e));
      previous = &out.back().submission.values;
    }
    for (auto& d : store::ReviewStore::ForSubject(tx, "report", view->report.id))
      for (auto& e : out)
        if (e.submission.submission_no == d.submission_no) e.decisions.push_back(d);
    return out;
  });
}

core::Status ReportService::SetExtension(const Ctx& ctx, int year, const std::string& org,
                                         std::optional<core::UnixTime> deadline) {
  if (auto s = RequireRole(ctx, {domain::Role::kAdmin}); !s) return s.error();
  auto r = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto view = LoadView(tx, ctx, year, org);
    if (!view) return view.error();
    if (deadline && *deadline <= view->campaign.report_deadline)
      return core::Error::Validation({{"deadline", "invalid", "延期截止时间须晚于统一截止时间", 0}});
    const auto before = view->extension;
    store::CampaignExtrasStore::SetExtension(tx, year, org, deadline);
    Audit(tx, ctx, "report.extension_set", "report", EntityId(year, org),
          before ? nlohmann::json(core::FormatShanghai(*before)) : nlohmann::json(nullptr),
          deadline ? nlohmann::json(core::FormatShanghai(*deadline)) : nlohmann::json(nullptr));
    return true;
  });
  if (!r) return r.error();
  return {};
}

}  // namespace sciweek::service
