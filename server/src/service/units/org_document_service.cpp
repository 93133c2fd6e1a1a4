#include "service/units/org_document_service.hpp"

#include "media/media_check.hpp"
#include "service/audit/audit.hpp"
#include "service/reporting/report_access.hpp"
#include "service/support/authorize.hpp"
#include "store/file_blob_store.hpp"
#include "store/org_store.hpp"

namespace sciweek::service {
namespace {

std::string EntityId(int year, const std::string& org) { return std::to_string(year) + "/" + org; }

// The campaign exists and the principal sees the unit and may read its papers (404
// otherwise, like a report): the unit's reporters, its ancestors' reporters, reviewers and
// admins — not check-in staff, though they belong to the unit.
core::Result<domain::OrgUnit> VisibleUnit(store::Tx& tx, const Ctx& ctx, int year, const std::string& org) {
  if (!ctx.principal && !ctx.console) return core::Error::Unauthenticated();
  if (auto c = ExistingCampaign(tx, year); !c) return c.error();
  auto unit = store::OrgStore::Find(tx, org);
  if (!unit || (!ctx.console && !CanSeeOrg(tx, *ctx.principal, org))) return core::Error::NotFound("该单位不存在");
  if (!ctx.console && !MayReadUnitPapers(*ctx.principal)) return core::Error::NotFound("该单位的文件不存在");
  return *unit;
}

core::Status MayChange(const Ctx& ctx, const std::string& org) {
  if (ctx.console || (ctx.principal && ctx.principal->role == domain::Role::kAdmin) || MayEditReport(ctx, org))
    return {};
  return core::Error::Forbidden("只有本单位填报员可以修改本单位的文件");
}

}  // namespace

namespace {

core::Result<bool> DocumentMayChange(store::Tx& tx, const Ctx& ctx, int year, const std::string& org,
                                     const std::string& kind) {
  auto unit = VisibleUnit(tx, ctx, year, org);
  if (!unit) return unit.error();
  if (auto s = MayChange(ctx, org); !s) return s.error();
  if (kind == "leading_group" && unit->type != domain::OrgType::kDistrict)
    return core::Error::Validation({{"kind", "invalid", "只有各区需要上报领导机构", 0}});
  return true;
}

}  // namespace

core::Status OrgDocumentService::MayUpload(const Ctx& ctx, int year, const std::string& org, const std::string& kind,
                                           const std::string& filename) {
  if (kind != "implementation_plan" && kind != "leading_group")
    return core::Error::Invalid("kind 须为 implementation_plan（实施方案）或 leading_group（领导机构）", "kind");
  if (auto s = media::CheckFilename(filename); !s) return s.error();
  auto ok = db_.Read<bool>([&](store::Tx& tx) { return DocumentMayChange(tx, ctx, year, org, kind); });
  if (!ok) return ok.error();
  return {};
}

core::Result<store::OrgDocumentRow> OrgDocumentService::Upload(const Ctx& ctx, int year, const std::string& org,
                                                               const std::string& kind, const std::string& filename,
                                                               const std::string& temp_path) {
  if (auto s = MayUpload(ctx, year, org, kind, filename); !s) return s.error();
  auto check = [&](store::Tx& tx) { return DocumentMayChange(tx, ctx, year, org, kind); };
  // Documents are checked like a summary report: pdf, doc, docx or wps, by content.
  auto info = media::CheckUpload(media::MaterialKind::kSummary, temp_path, filename);
  if (!info) return info.error();
  auto stored = files_.Commit(temp_path);
  if (!stored) return stored.error();
  return db_.Write<store::OrgDocumentRow>([&](store::Tx& tx) -> core::Result<store::OrgDocumentRow> {
    if (auto ok = check(tx); !ok) return ok.error();
    store::OrgDocumentRow d{
        0,       year,       org, kind, filename, info->mime, static_cast<long long>(stored->size), stored->sha256,
        ctx.now, ctx.actor()};
    d.id = store::OrgDocumentStore::Insert(tx, d);
    Audit(tx, ctx, "org_document.uploaded", "org", EntityId(year, org), nullptr,
          {{"id", d.id}, {"kind", d.kind}, {"filename", d.filename}, {"sha256", d.sha256}});
    return d;
  });
}

core::Result<std::vector<store::OrgDocumentRow>> OrgDocumentService::List(const Ctx& ctx, int year,
                                                                          const std::string& org) {
  return db_.Read<std::vector<store::OrgDocumentRow>>(
      [&](store::Tx& tx) -> core::Result<std::vector<store::OrgDocumentRow>> {
        if (auto unit = VisibleUnit(tx, ctx, year, org); !unit) return unit.error();
        return store::OrgDocumentStore::List(tx, year, org);
      });
}

core::Result<OrgDocumentFile> OrgDocumentService::Open(const Ctx& ctx, int year, const std::string& org, long long id) {
  return db_.Read<OrgDocumentFile>([&](store::Tx& tx) -> core::Result<OrgDocumentFile> {
    if (auto unit = VisibleUnit(tx, ctx, year, org); !unit) return unit.error();
    auto d = store::OrgDocumentStore::Find(tx, id);
    if (!d || d->org_code != org || d->campaign_year != year) return core::Error::NotFound("文件不存在");
    auto path = files_.LocalPath(tx, d->sha256);
    if (!path) return path.error();
    return OrgDocumentFile{*d, *path};
  });
}

core::Status OrgDocumentService::Delete(const Ctx& ctx, int year, const std::string& org, long long id) {
  std::string orphan;
  auto r = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    if (auto unit = VisibleUnit(tx, ctx, year, org); !unit) return unit.error();
    if (auto s = MayChange(ctx, org); !s) return s.error();
    auto d = store::OrgDocumentStore::Find(tx, id);
    if (!d || d->org_code != org || d->campaign_year != year) return core::Error::NotFound("文件不存在");
    store::OrgDocumentStore::Delete(tx, id);
    if (!store::FileBlobStore::ContentInUse(tx, d->sha256)) orphan = d->sha256;
    Audit(tx, ctx, "org_document.deleted", "org", EntityId(year, org), {{"id", d->id}, {"filename", d->filename}},
          nullptr);
    return true;
  });
  if (!r) return r.error();
  if (!orphan.empty()) files_.RemoveLocal(orphan);
  return {};
}

}  // namespace sciweek::service
