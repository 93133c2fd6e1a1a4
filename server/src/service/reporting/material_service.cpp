#include "service/reporting/material_service.hpp"

#include <cmath>

#include "core/text.hpp"
#include "media/media_check.hpp"
#include "service/audit/audit.hpp"
#include "service/reporting/report_access.hpp"
#include "service/reporting/report_service.hpp"
#include "store/file_blob_store.hpp"
#include "store/report_store.hpp"

namespace sciweek::service {
namespace {

std::string EntityId(int year, const std::string& org) { return std::to_string(year) + "/" + org; }

nlohmann::json MaterialSnapshot(const store::MaterialRow& m) {
  return {{"id", m.id}, {"kind", m.kind}, {"filename", m.filename}, {"size", m.size}, {"sha256", m.sha256}};
}

}  // namespace

core::Result<long long> MaterialService::EditableReport(store::Tx& tx, const Ctx& ctx, int year,
                                                        const std::string& org) {
  auto view = ReportService::LoadView(tx, ctx, year, org);
  if (!view) return view.error();
  if (!MayEditReport(ctx, org)) return core::Error::Forbidden("只有本单位填报员可以修改材料");
  if (!domain::UnitMayEdit(view->report.status)) return core::Error::Conflict("报表已提交或已通过，材料不能修改");
  if (view->report.id) return view->report.id;
  store::ReportRow row = view->report;
  row.updated_at = ctx.now;
  row.updated_by = ctx.actor();
  return store::ReportStore::Insert(tx, row);
}

core::Status MaterialService::MayUpload(const Ctx& ctx, int year, const std::string& org, const std::string& kind_name,
                                        const std::string& filename) {
  auto kind = media::ParseMaterialKind(kind_name);
  if (!kind || *kind == media::MaterialKind::kEmergencyPlan || *kind == media::MaterialKind::kCover)
    return core::Error::Invalid("kind 须为 summary、photo、video 或 scan", "kind");
  if (auto s = media::CheckFilename(filename); !s) return s.error();
  auto allowed = db_.Read<long long>([&](store::Tx& tx) -> core::Result<long long> {
    auto view = ReportService::LoadView(tx, ctx, year, org);
    if (!view) return view.error();
    if (!MayEditReport(ctx, org)) return core::Error::Forbidden("只有本单位填报员可以上传材料");
    if (!domain::UnitMayEdit(view->report.status)) return core::Error::Conflict("报表已提交或已通过，材料不能修改");
    return 0;
  });
  if (!allowed) return allowed.error();
  return {};
}

core::Result<store::MaterialRow> MaterialService::Upload(const Ctx& ctx, int year, const std::string& org,
                                                         const std::string& kind_name, const std::string& filename,
                                                         const std::string& temp_path) {
  // Authorize before the (slow) content checks, so nobody can make the server parse files.
  if (auto s = MayUpload(ctx, year, org, kind_name, filename); !s) return s.error();
  const auto kind = media::ParseMaterialKind(kind_name);
  auto info = media::CheckUpload(*kind, temp_path, filename);
  if (!info) return info.error();
  auto stored = files_.Commit(temp_path);
  if (!stored) return stored.error();
  return db_.Write<store::MaterialRow>([&](store::Tx& tx) -> core::Result<store::MaterialRow> {
    auto report_id = EditableReport(tx, ctx, year, org);
    if (!report_id) return report_id.error();
    store::MaterialRow m;
    m.report_id = *report_id;
    m.kind = kind_name;
    m.filename = filename;
    m.mime = info->mime;
    m.size = static_cast<long long>(stored->size);
    m.sha256 = stored->sha256;
    if (info->duration_seconds) m.duration_ms = std::llround(*info->duration_seconds * 1000.0);
    m.created_at = ctx.now;
    m.created_by = ctx.actor();
    m.id = store::MaterialStore::Insert(tx, m);
    Audit(tx, ctx, "material.uploaded", "report", EntityId(year, org), nullptr, MaterialSnapshot(m));
    return m;
  });
}

core::Result<MaterialFile> MaterialService::Open(const Ctx& ctx, int year, const std::string& org, long long id) {
  return db_.Read<MaterialFile>([&](store::Tx& tx) -> core::Result<MaterialFile> {
    auto view = ReportService::LoadView(tx, ctx, year, org);
    if (!view) return view.error();
    auto m = store::MaterialStore::Find(tx, id);
    if (!m || !view->report.id || m->report_id != view->report.id) return core::Error::NotFound("材料不存在");
    auto path = files_.LocalPath(tx, m->sha256);
    if (!path) return path.error();
    return MaterialFile{*m, *path};
  });
}

core::Status MaterialService::Delete(const Ctx& ctx, int year, const std::string& org, long long id) {
  std::string orphan;
  auto r = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto report_id = EditableReport(tx, ctx, year, org);
    if (!report_id) return report_id.error();
    auto m = store::MaterialStore::Find(tx, id);
    if (!m || m->report_id != *report_id) return core::Error::NotFound("材料不存在");
    store::MaterialStore::Delete(tx, id);
    if (!store::FileBlobStore::ContentInUse(tx, m->sha256)) orphan = m->sha256;
    Audit(tx, ctx, "material.deleted", "report", EntityId(year, org), MaterialSnapshot(*m), nullptr);
    return true;
  });
  if (!r) return r.error();
  // After the commit: a crash before this line leaves an unreferenced file, never a
  // reference to a missing one.
  if (!orphan.empty()) files_.RemoveLocal(orphan);
  return {};
}

core::Result<store::MediaReportRow> MaterialService::AddMediaReport(const Ctx& ctx, int year, const std::string& org,
                                                                    const MediaReportInput& in) {
  std::vector<core::FieldProblem> p;
  auto text = [&](const std::string& v, const char* field, size_t max, const char* label, bool required) {
    if ((required && core::Trim(v).empty()) || !core::IsCleanUtf8(v) || core::Utf8Length(v) > max)
      p.push_back({field, "invalid",
                   std::string(label) + (required ? "不能为空，且" : "") + "不能超过" + std::to_string(max) + "个字符",
                   0});
  };
  text(in.outlet, "outlet", 100, "媒体名称", true);
  text(in.title, "title", 200, "报道标题", true);
  text(in.url, "url", 1000, "链接", false);
  if (!in.url.empty() && in.url.rfind("http://", 0) != 0 && in.url.rfind("https://", 0) != 0)
    p.push_back({"url", "invalid", "链接须以 http:// 或 https:// 开头", 0});
  if (!in.date.empty() && !core::ParseDate(in.date)) p.push_back({"date", "invalid", "日期格式须为 YYYY-MM-DD", 0});
  if (!p.empty()) return core::Error::Validation(std::move(p));
  return db_.Write<store::MediaReportRow>([&](store::Tx& tx) -> core::Result<store::MediaReportRow> {
    auto report_id = EditableReport(tx, ctx, year, org);
    if (!report_id) return report_id.error();
    store::MediaReportRow m{0,       *report_id, core::Trim(in.outlet), core::Trim(in.title), in.url, in.date,
                            ctx.now, ctx.actor()};
    m.id = store::MaterialStore::InsertMediaReport(tx, m);
    Audit(tx, ctx, "media_report.added", "report", EntityId(year, org), nullptr,
          {{"id", m.id}, {"outlet", m.outlet}, {"title", m.title}, {"url", m.url}, {"date", m.published_on}});
    return m;
  });
}

core::Status MaterialService::DeleteMediaReport(const Ctx& ctx, int year, const std::string& org, long long id) {
  auto r = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto report_id = EditableReport(tx, ctx, year, org);
    if (!report_id) return report_id.error();
    auto m = store::MaterialStore::FindMediaReport(tx, id);
    if (!m || m->report_id != *report_id) return core::Error::NotFound("媒体报道不存在");
    store::MaterialStore::DeleteMediaReport(tx, id);
    Audit(tx, ctx, "media_report.deleted", "report", EntityId(year, org),
          {{"id", m->id}, {"outlet", m->outlet}, {"title", m->title}}, nullptr);
    return true;
  });
  if (!r) return r.error();
  return {};
}

}  // namespace sciweek::service
