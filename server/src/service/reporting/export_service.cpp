#include "service/reporting/export_service.hpp"

#include <filesystem>

#include "core/crypto.hpp"
#include "domain/activity_import.hpp"
#include "domain/activity_layouts.hpp"
#include "domain/report_layouts.hpp"
#include "export/csv_writer.hpp"
#include "export/xlsx_writer.hpp"
#include "service/activities/activity_service.hpp"
#include "service/audit/audit.hpp"
#include "service/reporting/oversight_service.hpp"
#include "service/reporting/report_access.hpp"
#include "service/reporting/report_service.hpp"
#include "service/support/authorize.hpp"
#include "store/activity_store.hpp"
#include "store/analytics_store.hpp"
#include "store/material_store.hpp"
#include "store/org_store.hpp"
#include "store/reservation_store.hpp"

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
    out.district_code = std::move(row.district_code);
    out.district_name = std::move(row.district_name);
    out.status_label = std::string(domain::ReportStatusLabel(row.status));
    out.values = std::move(row.values);
    return true;
  };
}

// The completeness list as the layout's cursor, streamed from the database like the units.
std::function<bool(domain::CompletenessRow&)> CompletenessRows(store::Tx& tx, int year, const std::string& root) {
  auto cursor = store::AnalyticsStore::OpenCompleteness(tx, year, root);
  return [cursor](domain::CompletenessRow& out) {
    store::CompletenessRow r;
    if (!cursor(r)) return false;
    out = {std::move(r.code),
           std::move(r.name),
           TypeLabel(r.type),
           std::move(r.parent_name),
           std::string(domain::ReportStatusLabel(r.status)),
           r.submitted_at,
           r.on_time,
           std::move(r.contact_name),
           std::move(r.contact_phone),
           static_cast<int>(r.reminders)};
    return true;
  };
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

core::Result<ExportFile> ExportService::ActivitiesXlsx(const Ctx& ctx, int year) {
  if (!ctx.principal && !ctx.console) return core::Error::Unauthenticated();
  ExportFile f{TempPath(".xlsx"), std::to_string(year) + "年北京科技周活动清单.xlsx", kXlsx};
  auto r = db_.Read<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto campaign = ExistingCampaign(tx, year);
    if (!campaign) return campaign.error();
    store::ActivityFilter filter;
    filter.campaign_year = year;
    filter.limit = 1000000;
    if (ctx.principal && !domain::SeesAllUnits(*ctx.principal)) filter.visible_to = ctx.principal->org_code;
    std::map<std::string, std::string> names;
    for (const auto& o : store::OrgStore::All(tx)) names[o.code] = o.name;
    auto name = [&](const std::string& code) { return names.contains(code) ? names[code] : code; };
    const auto checked_in = store::ReservationStore::CheckedInByCampaign(tx, year);
    std::vector<domain::ActivityRow> rows;
    for (auto& a : store::ActivityStore::List(tx, filter, nullptr)) {
      domain::ActivityRow row;
      row.lead_name = name(a.lead_org);
      row.district_name = name(a.district_code);
      for (const auto& c : a.co_organizers)
        row.co_organizer_names += (row.co_organizer_names.empty() ? "" : "、") + name(c);
      for (const auto& s : a.sessions) {
        row.reserved += s.taken;
        row.walk_ins += s.walk_ins;
        if (auto it = checked_in.find(s.id); it != checked_in.end()) row.checked_in += it->second;
      }
      row.activity = std::move(a);
      rows.push_back(std::move(row));
    }
    if (auto s = exporting::WriteXlsx(domain::ActivitiesWorkbook(*campaign, rows), f.path); !s) return s.error();
    return true;
  });
  return Finish(r, std::move(f));
}

core::Result<ExportFile> ExportService::AttendeesXlsx(const Ctx& ctx, long long session_id) {
  if (!ctx.principal && !ctx.console) return core::Error::Unauthenticated();
  ExportFile f{TempPath(".xlsx"), "", kXlsx};
  // A write transaction: the export is audited with the same commit.
  auto r = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto s = store::ReservationStore::LoadSession(tx, session_id);
    auto a = s ? store::ActivityStore::Find(tx, s->activity_id) : std::nullopt;
    if (!a || !activity_access::MaySee(tx, ctx, *a)) return core::Error::NotFound("场次不存在");
    // Full phone numbers: the lead unit's own staff and admins only.
    if (!activity_access::MayEdit(ctx, *a)) return core::Error::Forbidden("只有主办单位的填报员可以导出预约名单");
    std::vector<domain::AttendeeRow> rows;
    for (const auto& x : store::ReservationStore::ForSession(tx, session_id))
      rows.push_back({x.ticket_no, x.name, x.phone,
                      domain::ReservationStatusLabel(std::string(domain::ReservationStatusName(x.status))),
                      x.party_size, x.created_at, x.checked_in_at});
    f.filename = a->title + "-" + core::FormatShanghai(s->session.starts_at).substr(0, 10) + "-预约名单.xlsx";
    if (auto st = exporting::WriteXlsx(domain::AttendeesWorkbook(a->title, s->session, rows), f.path); !st)
      return st.error();
    Audit(tx, ctx, "attendees.exported", "session", std::to_string(session_id), nullptr,
          {{"activity_id", a->id}, {"rows", rows.size()}});
    return true;
  });
  return Finish(r, std::move(f));
}

core::Result<ExportFile> ExportService::MediaReportsXlsx(const Ctx& ctx, int year) {
  auto root = OversightService::OverseenRoot(ctx);
  if (!root) return root.error();
  ExportFile f{TempPath(".xlsx"), std::to_string(year) + "年北京科技周媒体报道清单.xlsx", kXlsx};
  auto r = db_.Read<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto campaign = ExistingCampaign(tx, year);
    if (!campaign) return campaign.error();
    // The units in scope, named and placed as the summary names them.
    std::map<std::string, domain::UnitFigures> units;
    auto next = Units(tx, year, *root);
    for (domain::UnitFigures u; next(u);) units[u.code] = u;
    std::vector<domain::MediaReportListRow> rows;
    for (auto& [org, m] : store::MaterialStore::MediaReportsForCampaign(tx, year)) {
      auto u = units.find(org);
      if (u == units.end()) continue;
      rows.push_back({org, u->second.name, u->second.type_label, u->second.district_name, std::move(m.outlet),
                      std::move(m.title), std::move(m.published_on), std::move(m.url)});
    }
    if (auto st = exporting::WriteXlsx(domain::MediaReportsWorkbook(*campaign, rows), f.path); !st) return st.error();
    return true;
  });
  return Finish(r, std::move(f));
}

core::Result<ExportFile> ExportService::ActivityTemplateXlsx(const Ctx& ctx, int year) {
  if (auto s = RequireRole(ctx, {domain::Role::kAdmin, domain::Role::kReporter}); !s) return s.error();
  ExportFile f{TempPath(".xlsx"), std::to_string(year) + "年北京科技周活动导入模板.xlsx", kXlsx};
  auto r = db_.Read<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto campaign = ExistingCampaign(tx, year);
    if (!campaign) return campaign.error();
    std::vector<std::pair<std::string, std::string>> districts;
    for (const auto& o : store::OrgStore::All(tx))
      if (o.type == domain::OrgType::kDistrict) districts.emplace_back(o.code, o.name);
    if (auto st = exporting::WriteXlsx(domain::ActivityTemplateWorkbook(*campaign, districts), f.path); !st)
      return st.error();
    return true;
  });
  return Finish(r, std::move(f));
}

}  // namespace sciweek::service
