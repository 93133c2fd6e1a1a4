#include "service/export_service.hpp"

#include <filesystem>

#include "core/crypto.hpp"
#include "domain/report_layouts.hpp"
#include "export/csv_writer.hpp"
#include "export/xlsx_writer.hpp"
#include "service/oversight_service.hpp"
#include "service/report_access.hpp"
#include "service/report_service.hpp"
#include "store/analytics_store.hpp"

namespace sciweek::service {
namespace {

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::string TypeLabel(const std::string& type) {
  auto t = domain::ParseOrgType(type);
  return std::string(t ? domain::OrgTypeLabel(*t) : "其他");
}

// Adapts the store's cursor to the layout's unit source.
std::function<bool(domain::UnitFigures&)> Units(store::Tx& tx, int year, const std::string& root) {
  auto cursor = store::AnalyticsStore::OpenUnits(tx, year, root);
  return [cursor](domain::UnitFigures& out) {
    store::UnitFiguresRow row;
    if (!cursor(row)) return false;
    out.code = std::move(row.code);
    out.name = std::move(row.name);
    out.type_label = TypeLabel(row.type);
    out.district_name = std::move(row.district_name);
    out.status_label = std::string(domain::ReportStatusLabel(row.status));
    out.values = std::move(row.values);
    return true;
  };
}

std::vector<domain::CompletenessRow> CompletenessRows(store::Tx& tx, int year, const std::string& root) {
  std::vector<domain::CompletenessRow> out;
  for (auto& r : store::AnalyticsStore::Completeness(tx, year, root))
    out.push_back({r.code, r.name, TypeLabel(r.type), r.parent_name, std::string(domain::ReportStatusLabel(r.status)),
                   r.submitted_at, r.on_time, r.contact_name, r.contact_phone, static_cast<int>(r.reminders)});
  return out;
}

// A failed export leaves no half-written file behind.
core::Result<ExportFile> Finish(const core::Result<bool>& r, ExportFile f) {
  if (r) return f;
  std::error_code ec;
  std::filesystem::remove(f.path, ec);
  return r.error();
}

}  // namespace

std::string ExportService::TempPath(const char* ext) const {
  std::error_code ec;
  std::filesystem::create_directories(temp_dir_, ec);
  return temp_dir_ + "/export-" + core::RandomToken(12) + ext;
}

core::Result<ExportFile> ExportService::SummaryXlsx(const Ctx& ctx, int year, const std::string& out_path) {
  auto root = OversightService::OverseenRoot(ctx);
  if (!root) return root.error();
  ExportFile f{out_path.empty() ? TempPath(".xlsx") : out_path, "", kXlsx};
  auto r = db_.Read<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto campaign = ExistingCampaign(tx, year);
    if (!campaign) return campaign.error();
    const auto form = ReportService::LoadForm(tx, year);
    f.filename = std::to_string(year) + "年北京科技周活动开展情况汇总.xlsx";
    auto book = domain::SummaryWorkbook(*campaign, form, Units(tx, year, *root), CompletenessRows(tx, year, *root));
    if (auto s = exporting::WriteXlsx(book, f.path); !s) return s.error();
    return true;
  });
  return Finish(r, std::move(f));
}

core::Result<ExportFile> ExportService::SummaryCsv(const Ctx& ctx, int year, const std::string& out_path) {
  auto root = OversightService::OverseenRoot(ctx);
  if (!root) return root.error();
  ExportFile f{out_path.empty() ? TempPath(".csv") : out_path, "", "text/csv; charset=utf-8"};
  auto r = db_.Read<bool>([&](store::Tx& tx) -> core::Result<bool> {
    if (auto campaign = ExistingCampaign(tx, year); !campaign) return campaign.error();
    const auto form = ReportService::LoadForm(tx, year);
    f.filename = std::to_string(year) + "年北京科技周活动开展情况汇总.csv";
    if (auto s = exporting::WriteCsv(domain::CsvSheet(form, Units(tx, year, *root)), f.path); !s) return s.error();
    return true;
  });
  return Finish(r, std::move(f));
}

core::Result<ExportFile> ExportService::CompletenessXlsx(const Ctx& ctx, int year) {
  auto root = OversightService::OverseenRoot(ctx);
  if (!root) return root.error();
  ExportFile f{TempPath(".xlsx"), std::to_string(year) + "年北京科技周填报情况（催报名单）.xlsx", kXlsx};
  auto r = db_.Read<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto campaign = ExistingCampaign(tx, year);
    if (!campaign) return campaign.error();
    const auto form = ReportService::LoadForm(tx, year);
    auto book = domain::CompletenessWorkbook(*campaign, form, CompletenessRows(tx, year, *root));
    if (auto s = exporting::WriteXlsx(book, f.path); !s) return s.error();
    return true;
  });
  return Finish(r, std::move(f));
}

core::Result<ExportFile> ExportService::UnitXlsx(const Ctx& ctx, int year, const std::string& org) {
  ExportFile f{TempPath(".xlsx"), "", kXlsx};
  auto r = db_.Read<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto view = ReportService::LoadView(tx, ctx, year, org);
    if (!view) return view.error();
    f.filename = std::to_string(year) + "年北京科技周活动开展情况统计表-" + view->org.name + ".xlsx";
    auto book = domain::UnitWorkbook(view->campaign, view->form, view->org.name, view->report.values);
    if (auto s = exporting::WriteXlsx(book, f.path); !s) return s.error();
    return true;
  });
  return Finish(r, std::move(f));
}

}  // namespace sciweek::service
