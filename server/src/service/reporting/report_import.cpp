#include "service/reporting/report_import.hpp"

#include <set>

#include "domain/rules.hpp"
#include "service/audit/audit.hpp"
#include "service/reporting/report_access.hpp"
#include "service/reporting/report_service.hpp"
#include "service/support/authorize.hpp"
#include "store/org_store.hpp"
#include "store/report_store.hpp"

namespace sciweek::service {
namespace {

using domain::ImportProblem;
using domain::ReportStatus;

// Who may write a unit's draft from a file: admins, and reporters for their own unit and the
// units under it (a district gathering its area's figures).
bool MayImportFor(store::Tx& tx, const Ctx& ctx, const std::string& code) {
  if (ctx.console) return true;
  if (!ctx.principal) return false;
  if (ctx.principal->role == domain::Role::kAdmin) return true;
  return ctx.principal->role == domain::Role::kReporter && CanSeeOrg(tx, *ctx.principal, code);
}

struct Checked {
  domain::ImportedRow row;
  domain::OrgUnit unit;
  store::ReportRow report;
  domain::Values figures;
};

}  // namespace

core::Result<ImportOutcome> ReportImportService::Import(const Ctx& ctx, int year,
                                                        const std::vector<domain::ImportSheet>& sheets,
                                                        const std::string& org, bool apply) {
  if (!ctx.principal && !ctx.console) return core::Error::Unauthenticated();
  if (ctx.principal && ctx.principal->role != domain::Role::kAdmin && ctx.principal->role != domain::Role::kReporter)
    return core::Error::Forbidden("只有填报员和管理员可以导入报表");
  return db_.Run<ImportOutcome>(apply, [&](store::Tx& tx) -> core::Result<ImportOutcome> {
    auto campaign = ExistingCampaign(tx, year);
    if (!campaign) return campaign.error();
    if (campaign->status != domain::CampaignStatus::kOpen)
      return core::Error::Conflict("本届科技周未处于填报期（未开放或已关闭），不能导入");
    const auto form = ReportService::LoadForm(tx, year);
    auto read = domain::ReadStatisticsGrid(form, sheets);
    ImportOutcome out;
    out.problems = std::move(read.problems);
    std::vector<Checked> good;
    std::set<std::string> seen;
    for (auto& row : read.rows) {
      ImportedUnit u{row.unit_code, row.unit_name, row.sheet, row.row, "", static_cast<int>(row.values.size())};
      auto problem = [&](const std::string& cell, const std::string& field, const std::string& code,
                         const std::string& message) {
        out.problems.push_back({row.sheet, cell, u.code, field, code, message});
        u.ok = false;
      };
      if (u.code.empty()) {
        if (org.empty()) {
          problem(row.unit_cell, "", "unit_required", "单位统计表没有单位代码：请在导入时选择单位");
          out.units.push_back(u);
          continue;
        }
        u.code = org;
      }
      auto unit = store::OrgStore::Find(tx, u.code);
      // A unit outside the importer's reach reads as unknown: the file cannot probe the register.
      if (!unit || !MayImportFor(tx, ctx, u.code)) {
        problem(row.unit_cell, "", "unknown_unit", "单位代码 " + u.code + " 不存在或不在您的填报范围内");
        out.units.push_back(u);
        continue;
      }
      u.name = unit->name;
      if (!seen.insert(u.code).second) {
        problem(row.unit_cell, "", "duplicate_unit", "文件中该单位出现了不止一次");
        out.units.push_back(u);
        continue;
      }
      auto report = store::ReportStore::Find(tx, year, u.code);
      store::ReportRow r = report ? *report : store::ReportRow{};
      if (!report) {
        r.year = year;
        r.org_code = u.code;
      }
      u.status = std::string(domain::ReportStatusName(r.status));
      std::vector<core::FieldProblem> value_problems;
      auto figures = domain::ConvertValues(form, row.values, value_problems);
      for (const auto& p : value_problems) problem(row.cells[p.field], p.field, p.code, p.message);
      for (const auto& [code, v] : figures) {
        auto it = r.values.find(code);
        if (it == r.values.end() || it->second != v) ++u.changed;
      }
      // A row that only repeats what is stored (a summary sent back with other units' rows
      // filled) writes nothing, so it is neither locked nor checked again.
      if (u.changed > 0 && value_problems.empty()) {
        if (!domain::UnitMayEdit(r.status))
          problem(row.unit_cell, "", "locked",
                  std::string("该单位的报表") +
                      (r.status == ReportStatus::kApproved ? "已审核通过" : "已提交，等待审核") + "，不能导入覆盖");
        // Hard rules on the figures the unit would then hold (prior figures plus the file's).
        domain::RuleContext rc;
        rc.values = r.values;
        for (const auto& [code, v] : figures) rc.values[code] = v;
        for (const auto& o : domain::EvaluateRules(form, rc)) {
          if (o.passed || o.severity != domain::Severity::kError) continue;
          std::string cell;
          for (const auto& f : o.fields)
            if (cell.empty() && row.cells.contains(f)) cell = row.cells[f];
          problem(cell.empty() ? row.unit_cell : cell, o.fields.empty() ? "" : o.fields.front(), "rule", o.message);
        }
      }
      out.units.push_back(u);
      if (u.ok && u.changed > 0) good.push_back({std::move(row), *unit, std::move(r), std::move(figures)});
    }
    if (!apply || !out.problems.empty()) return out;
    for (auto& c : good) {
      auto& r = c.report;
      const auto before = ReportSnapshot(r);
      const int version = r.version;
      for (const auto& [code, v] : c.figures) r.values[code] = v;
      if (r.status == ReportStatus::kNotStarted) r.status = ReportStatus::kDraft;
      r.updated_at = ctx.now;
      r.updated_by = ctx.actor();
      r.version += 1;
      if (r.id == 0) {
        r.id = store::ReportStore::Insert(tx, r);
      } else if (!store::ReportStore::UpdateIfVersion(tx, r, version)) {
        return core::Error::Conflict("导入期间单位“" + c.unit.name + "”的报表被修改，请重新导入");
      }
      store::ReportStore::ReplaceValues(tx, r.id, r.values);
      auto after = ReportSnapshot(r);
      after["source"] = {{"sheet", c.row.sheet}, {"row", c.row.row}};
      Audit(tx, ctx, "report.imported", "report", std::to_string(year) + "/" + r.org_code, before, after);
    }
    out.applied = true;
    return out;
  });
}

}  // namespace sciweek::service
