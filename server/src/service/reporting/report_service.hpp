#pragma once
// Filing and reviewing the statistics table: the form of a campaign, a unit's report,
// drafts with optimistic concurrency, submission through the rules, return with per-field
// reasons, approval, reopening, history with diffs, per-unit deadline extensions.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "domain/campaign.hpp"
#include "domain/form_template.hpp"
#include "domain/org_unit.hpp"
#include "domain/report.hpp"
#include "domain/review.hpp"
#include "service/support/context.hpp"
#include "store/campaign_extras_store.hpp"
#include "store/db.hpp"
#include "store/material_store.hpp"
#include "store/report_store.hpp"

namespace sciweek::service {

struct ReportView {
  domain::Campaign campaign;
  domain::FormTemplate form;
  domain::OrgUnit org;
  store::ReportRow report;  // status kNotStarted and version 0 when nothing was saved yet
  domain::FilingWindow window = domain::FilingWindow::kOnTime;
  core::UnixTime deadline = 0;
  std::optional<core::UnixTime> extension;
  std::vector<domain::RuleOutcome> checks;  // the rules on the current figures
  std::vector<store::ReminderRow> reminders;
  std::vector<store::MaterialRow> materials;
  std::vector<store::MediaReportRow> media_reports;
  std::vector<std::string> missing;  // what a complete package still lacks ("table", "summary", …)
  bool complete = false;
  bool may_edit = false;    // the principal may save and submit (own unit, editable status)
  bool may_review = false;  // the principal reviews this unit (sees the review panel)
  // Review levels (domain/review.hpp): where a submitted report waits now, under the
  // campaign's current setting, and whether the principal decides there.
  domain::ReviewLevel pending_level = domain::ReviewLevel::kSingle;
  bool may_decide = false;
};

struct HistoryEntry {
  store::SubmissionRow submission;
  struct Change {
    std::string field;
    std::optional<domain::Hundredths> before, after;
  };
  std::vector<Change> changes;                    // against the previous submission
  std::vector<domain::ReviewDecision> decisions;  // each level's decision on this submission
};

// The figures of a unit's area (辖区合计): its own report and those of every unit under it,
// each counted once, among reports submitted or approved — what a district stamps beside its
// own figures.
struct AreaFigures {
  long long units = 0;  // reports summed
  std::map<std::string, domain::Hundredths> sums;
};

// What the print page shows: the unit's own table, and its area's beside it when units
// report under it (nullopt for a unit without any).
struct PrintableReport {
  ReportView view;
  std::optional<AreaFigures> area;
};

// The audit log's view of a report (before/after of every change).
nlohmann::json ReportSnapshot(const store::ReportRow& r);

class ReportService {
 public:
  explicit ReportService(store::Db& db) : db_(db) {}

  core::Result<domain::FormTemplate> Form(const Ctx& ctx, int year);
  core::Result<domain::FormTemplate> UpdateForm(const Ctx& ctx, int year, const domain::FormTemplate& form);

  core::Result<ReportView> Get(const Ctx& ctx, int year, const std::string& org);
  core::Result<PrintableReport> Printable(const Ctx& ctx, int year, const std::string& org);
  core::Result<ReportView> SaveDraft(const Ctx& ctx, int year, const std::string& org,
                                     const std::map<std::string, domain::RawValue>& values, int version);
  core::Result<ReportView> Submit(const Ctx& ctx, int year, const std::string& org,
                                  const std::map<std::string, std::string>& explanations, std::optional<int> version);
  core::Result<ReportView> Return(const Ctx& ctx, int year, const std::string& org, const std::string& comment,
                                  const std::map<std::string, std::string>& field_reasons);
  core::Result<ReportView> Approve(const Ctx& ctx, int year, const std::string& org, const std::string& comment);
  core::Result<ReportView> Reopen(const Ctx& ctx, int year, const std::string& org, const std::string& comment);
  core::Result<std::vector<HistoryEntry>> History(const Ctx& ctx, int year, const std::string& org);
  core::Status SetExtension(const Ctx& ctx, int year, const std::string& org, std::optional<core::UnixTime> deadline);

  // Builds the view inside an open transaction (also used by the material and export services).
  static core::Result<ReportView> LoadView(store::Tx& tx, const Ctx& ctx, int year, const std::string& org);
  // The campaign's form, or the default when none is stored.
  static domain::FormTemplate LoadForm(store::Tx& tx, int year);

 private:
  // Approve or return at the level the report waits at (report_review.cpp).
  core::Result<ReportView> Decide(const Ctx& ctx, int year, const std::string& org, domain::ReviewAction action,
                                  const std::string& comment, const std::map<std::string, std::string>& field_reasons);

  store::Db& db_;
};

}  // namespace sciweek::service
