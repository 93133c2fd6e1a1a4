// The offline desk's side of check-in (decision 0022): the ticket list it admits from, the
// scans it sends back, and the conflicts they raised.
#include <algorithm>

#include "service/activities/activity_service.hpp"
#include "service/reservations/checkin_service.hpp"
#include "store/activity_store.hpp"

namespace sciweek::service {
namespace {

// A desk's clock may be off; a scan is taken as made no later than its arrival and no earlier
// than a month before (the week is shorter than that).
constexpr core::UnixTime kOldestScanSeconds = 30 * 86400;

DeskScanOutcome Replayed(const store::DeskScanRow& prev) {
  DeskScanOutcome out;
  out.scan_id = prev.scan_id;
  out.outcome.result = prev.result;
  out.outcome.message = prev.message;
  out.outcome.session_id = prev.session_id.value_or(0);
  out.conflict = prev.conflict;
  out.other_at = prev.other_at;
  out.other_by = prev.other_by;
  out.replayed = true;
  return out;
}

// What a scan the desk admitted (or let out) means now that the server has seen it.
std::string ConflictOf(const DeskScan& scan, const CheckinOutcome& o) {
  if (scan.input.exit || o.result == "ok") return "";
  if (o.result == "already_checked_in") return "double_entry";
  return "not_admissible";
}

}  // namespace

core::Result<DeskTicketList> CheckinService::DeskTickets(const Ctx& ctx, long long session_id) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  if (!MayStaffTheDesk(ctx)) return core::Error::Forbidden("只有检票人员可以下载检票名单");
  return db_.Read<DeskTicketList>([&](store::Tx& tx) -> core::Result<DeskTicketList> {
    auto s = store::ReservationStore::LoadSession(tx, session_id);
    auto a = s ? store::ActivityStore::Find(tx, s->activity_id) : std::nullopt;
    if (!a || !activity_access::IsVenueStaff(ctx, *a) || ctx.principal->role == domain::Role::kReviewer)
      return core::Error::NotFound("场次不存在");
    DeskTicketList list;
    list.session = *s;
    list.tickets = store::ReservationStore::ForSession(tx, session_id);
    list.generated_at = ctx.now;
    return list;
  });
}

core::Result<std::vector<DeskScanOutcome>> CheckinService::Sync(const Ctx& ctx, const std::string& device,
                                                                const std::vector<DeskScan>& scans) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  if (!MayStaffTheDesk(ctx)) return core::Error::Forbidden("只有检票人员可以核验入场");
  return db_.Write<std::vector<DeskScanOutcome>>([&](store::Tx& tx) -> core::Result<std::vector<DeskScanOutcome>> {
    std::vector<DeskScanOutcome> results;
    for (const auto& scan : scans) {
      if (auto prev = store::DeskScanStore::FindByScanId(tx, scan.scan_id)) {
        if (prev->by_login == ctx.actor()) {
          results.push_back(Replayed(*prev));
          continue;
        }
        // Another account's id: nothing of theirs is shown, nothing is applied.
        DeskScanOutcome clash;
        clash.scan_id = scan.scan_id;
        clash.outcome.result = "unknown";
        clash.outcome.message = "扫码记录编号重复，请重新扫码";
        results.push_back(clash);
        continue;
      }
      const core::UnixTime at = std::clamp(scan.scanned_at, ctx.now - kOldestScanSeconds, ctx.now);
      DeskScanOutcome out;
      out.scan_id = scan.scan_id;
      // Judged by the keys valid when the desk scanned it.
      const auto scanned = signer_.Read(scan.input.code, at);
      if (scanned) {
        out.outcome = Apply(tx, ctx, *scanned, scan.input, at, true);
      } else {
        out.outcome.result = "unknown";
        out.outcome.message = "无效票码（签名校验失败或格式不符）";
      }
      out.conflict = ConflictOf(scan, out.outcome);
      if (out.conflict == "double_entry") {
        // Two entries of one ticket: the earlier is the check-in, the other is reported.
        out.other_at = out.outcome.checked_in_at;
        out.other_by = out.outcome.checked_in_by;
        if (store::ReservationStore::MoveCheckInEarlier(tx, out.outcome.reservation_id, at, ctx.actor())) {
          out.outcome.checked_in_at = at;
          out.outcome.checked_in_by = ctx.actor();
          out.outcome.message = "重复入场：本次扫码更早，已记为该票的入场；另一次为" +
                                core::FormatShanghai(out.other_at.value_or(0)).substr(11, 5) + "由" + out.other_by +
                                "核验";
        }
      }
      store::DeskScanRow row;
      row.scan_id = scan.scan_id;
      row.device = device;
      row.by_login = ctx.actor();
      // Listed under the ticket's session, or the one the desk was admitting to when the
      // ticket is unknown here.
      if (out.outcome.session_id) row.session_id = out.outcome.session_id;
      else row.session_id = scan.input.session_id;
      if (scanned) row.ticket_no = scanned->ticket_no;
      row.direction = scan.input.exit ? "out" : "in";
      row.scanned_at = at;
      row.received_at = ctx.now;
      row.result = out.outcome.result;
      row.message = out.outcome.message;
      row.conflict = out.conflict;
      row.other_at = out.other_at;
      row.other_by = out.other_by;
      // A concurrent sync of the same batch got there first: this one ends, the desk sends
      // again and gets the answers kept.
      if (!store::DeskScanStore::Insert(tx, row)) return core::Error::Conflict("同一批扫码正在同步，请稍后重试");
      results.push_back(out);
    }
    return results;
  });
}

core::Result<std::vector<store::DeskScanRow>> CheckinService::Conflicts(const Ctx& ctx, long long session_id) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  return db_.Read<std::vector<store::DeskScanRow>>([&](store::Tx& tx) -> core::Result<std::vector<store::DeskScanRow>> {
    auto s = store::ReservationStore::LoadSession(tx, session_id);
    auto a = s ? store::ActivityStore::Find(tx, s->activity_id) : std::nullopt;
    if (!a || !activity_access::IsVenueStaff(ctx, *a)) return core::Error::NotFound("场次不存在");
    return store::DeskScanStore::Conflicts(tx, session_id, kConflictListLimit);
  });
}

}  // namespace sciweek::service
