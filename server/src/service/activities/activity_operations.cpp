// ActivityService, continued: safety and cover files, walk-in counts, live counters and
// the report form's suggested figures.
#include <set>

#include "core/text.hpp"
#include "media/media_check.hpp"
#include "service/activities/activity_service.hpp"
#include "service/activities/public_catalog.hpp"
#include "service/audit/audit.hpp"
#include "service/reporting/report_access.hpp"
#include "service/support/authorize.hpp"
#include "store/file_blob_store.hpp"
#include "store/material_store.hpp"
#include "store/report_store.hpp"
#include "store/reservation_store.hpp"

namespace sciweek::service {
namespace {

using activity_access::IsVenueStaff;
using activity_access::MayEdit;
using activity_access::MaySee;
using domain::ActivityStatus;

// Safety files may change until review; a cover may be replaced while it is public too.
bool FileMayChange(const domain::Activity& a, const std::string& kind) {
  if (kind == "cover") return a.status != ActivityStatus::kCancelled;
  return domain::ActivityEditable(a.status);
}

// Uploading adds: an emergency plan may also be added to a published activity (a change that
// makes it a large event needs one); removing one stays for plans not yet submitted.
bool FileMayBeAdded(const domain::Activity& a, const std::string& kind) {
  return FileMayChange(a, kind) || (kind == "emergency_plan" && a.status == ActivityStatus::kApproved);
}

core::Result<media::MaterialKind> ActivityFileKind(const std::string& kind_name) {
  auto kind = media::ParseMaterialKind(kind_name);
  if (!kind || (*kind != media::MaterialKind::kEmergencyPlan && *kind != media::MaterialKind::kCover))
    return core::Error::Invalid("kind 须为 emergency_plan（应急预案）或 cover（封面图片）", "kind");
  return *kind;
}

core::Result<domain::Activity> FileMayBeUploaded(store::Tx& tx, const Ctx& ctx, long long id,
                                                 const std::string& kind_name) {
  auto a = store::ActivityStore::Find(tx, id);
  if (!a || !MaySee(tx, ctx, *a)) return core::Error::NotFound("活动不存在");
  if (!MayEdit(ctx, *a)) return core::Error::Forbidden("只有主办单位的填报员可以上传活动材料");
  if (!FileMayBeAdded(*a, kind_name)) return core::Error::Conflict("活动已提交审核或已发布，材料不能修改");
  return *a;
}

}  // namespace

core::Status ActivityService::MayUploadFile(const Ctx& ctx, long long id, const std::string& kind_name,
                                            const std::string& filename) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  if (auto kind = ActivityFileKind(kind_name); !kind) return kind.error();
  if (auto s = media::CheckFilename(filename); !s) return s.error();
  auto a = db_.Read<domain::Activity>([&](store::Tx& tx) { return FileMayBeUploaded(tx, ctx, id, kind_name); });
  if (!a) return a.error();
  return {};
}

core::Result<store::ActivityFileRow> ActivityService::UploadFile(const Ctx& ctx, long long id,
                                                                 const std::string& kind_name,
                                                                 const std::string& filename,
                                                                 const std::string& temp_path) {
  // Authorize before the content checks, so nobody can make the server parse files.
  if (auto s = MayUploadFile(ctx, id, kind_name, filename); !s) return s.error();
  const auto kind = ActivityFileKind(kind_name);
  auto check = [&](store::Tx& tx) { return FileMayBeUploaded(tx, ctx, id, kind_name); };
  auto info = media::CheckUpload(*kind, temp_path, filename);
  if (!info) return info.error();
  auto stored = files_.Commit(temp_path);
  if (!stored) return stored.error();
  std::string replaced;
  auto r = db_.Write<store::ActivityFileRow>([&](store::Tx& tx) -> core::Result<store::ActivityFileRow> {
    auto a = check(tx);
    if (!a) return a.error();
    // One cover per activity: a new one replaces the old.
    if (kind_name == "cover")
      for (const auto& f : store::ActivityStore::Files(tx, id))
        if (f.kind == "cover") {
          store::ActivityStore::DeleteFile(tx, f.id);
          if (!store::FileBlobStore::ContentInUse(tx, f.sha256) && f.sha256 != stored->sha256) replaced = f.sha256;
        }
    store::ActivityFileRow f{
        0,       id,         kind_name, filename, info->mime, static_cast<long long>(stored->size), stored->sha256,
        ctx.now, ctx.actor()};
    f.id = store::ActivityStore::InsertFile(tx, f);
    Audit(tx, ctx, "activity.file_uploaded", "activity", std::to_string(id), nullptr,
          {{"id", f.id}, {"kind", f.kind}, {"filename", f.filename}, {"size", f.size}, {"sha256", f.sha256}});
    return f;
  });
  if (r && !replaced.empty()) files_.RemoveLocal(replaced);
  if (r && kind_name == "cover") catalog_.Invalidate();
  return r;
}

core::Result<ActivityFile> ActivityService::OpenFile(const Ctx& ctx, long long id, long long file_id) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  return db_.Read<ActivityFile>([&](store::Tx& tx) -> core::Result<ActivityFile> {
    auto a = store::ActivityStore::Find(tx, id);
    if (!a || !MaySee(tx, ctx, *a)) return core::Error::NotFound("活动不存在");
    auto f = store::ActivityStore::FindFile(tx, file_id);
    if (!f || f->activity_id != id) return core::Error::NotFound("文件不存在");
    auto path = files_.LocalPath(tx, f->sha256);
    if (!path) return path.error();
    return ActivityFile{*f, *path};
  });
}

core::Result<ActivityFile> ActivityService::PublicCover(long long id) {
  return db_.Read<ActivityFile>([&](store::Tx& tx) -> core::Result<ActivityFile> {
    auto a = store::ActivityStore::Find(tx, id);
    if (!a || (a->status != ActivityStatus::kApproved && a->status != ActivityStatus::kCancelled))
      return core::Error::NotFound("活动不存在");
    for (const auto& f : store::ActivityStore::Files(tx, id))
      if (f.kind == "cover") {
        auto path = files_.LocalPath(tx, f.sha256);
        if (!path) break;
        return ActivityFile{f, *path};
      }
    return core::Error::NotFound("该活动没有封面图片");
  });
}

core::Status ActivityService::DeleteFile(const Ctx& ctx, long long id, long long file_id) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  std::string orphan;
  auto r = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto a = store::ActivityStore::Find(tx, id);
    if (!a || !MaySee(tx, ctx, *a)) return core::Error::NotFound("活动不存在");
    auto f = store::ActivityStore::FindFile(tx, file_id);
    if (!f || f->activity_id != id) return core::Error::NotFound("文件不存在");
    if (!MayEdit(ctx, *a)) return core::Error::Forbidden("只有主办单位的填报员可以删除活动材料");
    if (!FileMayChange(*a, f->kind)) return core::Error::Conflict("活动已提交审核或已发布，材料不能修改");
    store::ActivityStore::DeleteFile(tx, file_id);
    if (!store::FileBlobStore::ContentInUse(tx, f->sha256)) orphan = f->sha256;
    Audit(tx, ctx, "activity.file_deleted", "activity", std::to_string(id),
          {{"id", f->id}, {"kind", f->kind}, {"filename", f->filename}}, nullptr);
    return true;
  });
  if (!r) return r.error();
  if (!orphan.empty()) files_.RemoveLocal(orphan);
  return {};
}

core::Result<domain::Session> ActivityService::SetWalkIns(const Ctx& ctx, long long session_id, int count) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  if (count < 0 || count > 1000000)
    return core::Error::Validation({{"count", "invalid", "现场入场人数须为0至1000000的整数", 0}});
  return db_.Write<domain::Session>([&](store::Tx& tx) -> core::Result<domain::Session> {
    auto s = store::ActivityStore::FindSession(tx, session_id);
    auto a = s ? store::ActivityStore::Find(tx, s->activity_id) : std::nullopt;
    if (!a || !MaySee(tx, ctx, *a)) return core::Error::NotFound("场次不存在");
    if (!IsVenueStaff(ctx, *a) || ctx.principal->role == domain::Role::kReviewer)
      return core::Error::Forbidden("只有主办或承办单位的工作人员可以登记现场入场人数");
    if (a->status != ActivityStatus::kApproved) return core::Error::Conflict("只有已发布的活动可以登记现场入场人数");
    store::ActivityStore::SetWalkIns(tx, session_id, count);
    Audit(tx, ctx, "session.walk_ins", "session", std::to_string(session_id), {{"walk_ins", s->walk_ins}},
          {{"walk_ins", count}});
    s->walk_ins = count;
    return *s;
  });
}

core::Result<SessionCounter> ActivityService::Counter(const Ctx& ctx, long long session_id) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  return db_.Read<SessionCounter>([&](store::Tx& tx) -> core::Result<SessionCounter> {
    auto s = store::ActivityStore::FindSession(tx, session_id);
    auto a = s ? store::ActivityStore::Find(tx, s->activity_id) : std::nullopt;
    if (!a || !MaySee(tx, ctx, *a) || !IsVenueStaff(ctx, *a)) return core::Error::NotFound("场次不存在");
    SessionCounter c;
    c.session = *s;
    auto counts = store::ReservationStore::Counts(tx, session_id);
    c.checked_in_parties = counts.checked_in_parties;
    c.checked_in_people = counts.checked_in_people;
    c.waiting = counts.waiting;
    for (const auto& other : a->sessions) c.venue_occupancy += other.occupancy;
    c.safe_occupancy = a->safe_occupancy;
    c.near_limit = a->safe_occupancy && c.venue_occupancy * 10 >= static_cast<long long>(*a->safe_occupancy) * 9;
    return c;
  });
}

core::Result<Suggestions> ActivityService::Suggest(const Ctx& ctx, int year, const std::string& org) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  return db_.Read<Suggestions>([&](store::Tx& tx) -> core::Result<Suggestions> {
    if (auto c = ExistingCampaign(tx, year); !c) return c.error();
    if (auto unit = VisibleReportingUnit(tx, ctx, org); !unit) return unit.error();
    Suggestions s;
    std::vector<long long> session_ids;
    // Counted once, for the lead unit; held = started by now.
    for (auto& a : store::ActivityStore::ApprovedLedBy(tx, year, org)) {
      if (a.starts_at > ctx.now) continue;
      if (a.offline())
        for (const auto& session : a.sessions) {
          session_ids.push_back(session.id);
          s.walk_ins += session.walk_ins;
        }
      s.held.push_back(std::move(a));
    }
    s.sessions = static_cast<long long>(session_ids.size());
    for (const auto& [id, people] : store::ReservationStore::CheckedInBySession(tx, session_ids))
      s.checked_in_people += people;
    // One outlet counts once whatever its surrounding spaces or Latin case (CCTV, cctv).
    if (auto report = store::ReportStore::Find(tx, year, org)) {
      std::set<std::string> seen;
      for (const auto& m : store::MaterialStore::MediaReports(tx, report->id)) {
        ++s.media_reports;
        if (seen.insert(core::AsciiLower(core::Trim(m.outlet))).second) s.outlets.push_back(core::Trim(m.outlet));
      }
    }
    return s;
  });
}

}  // namespace sciweek::service
