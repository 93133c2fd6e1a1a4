#include "service/reservations/checkin_service.hpp"

#include "domain/id_card.hpp"
#include "service/activities/activity_service.hpp"
#include "service/audit/audit.hpp"
#include "store/activity_store.hpp"

namespace sciweek::service {
namespace {

using domain::ReservationStatus;

CheckinOutcome Outcome(std::string result, std::string message) {
  CheckinOutcome o;
  o.result = std::move(result);
  o.message = std::move(message);
  return o;
}

}  // namespace

bool CheckinService::MayStaffTheDesk(const Ctx& ctx) {
  if (!ctx.principal) return false;
  using domain::Role;
  const auto role = ctx.principal->role;
  return role == Role::kAdmin || role == Role::kCheckin || role == Role::kReporter;
}

core::Result<CheckinOutcome> CheckinService::Scan(const Ctx& ctx, const CheckinInput& in) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  if (!MayStaffTheDesk(ctx)) return core::Error::Forbidden("只有检票人员可以核验入场");
  // Forged or tampered codes stop here, before any lookup.
  auto scanned = signer_.Read(in.code, ctx.now);
  if (!scanned) return Outcome("unknown", "无效票码（签名校验失败或格式不符）");
  return db_.Write<CheckinOutcome>(
      [&](store::Tx& tx) -> core::Result<CheckinOutcome> { return Apply(tx, ctx, *scanned, in, ctx.now, false); });
}

CheckinOutcome CheckinService::Apply(store::Tx& tx, const Ctx& ctx, const TicketSigner::Scanned& scanned,
                                     const CheckinInput& in, core::UnixTime at, bool offline) {
  using domain::Role;
  auto row = store::ReservationStore::FindByTicketNo(tx, scanned.ticket_no);
  if (!row || (scanned.session_id && *scanned.session_id != row->session_id)) return Outcome("unknown", "查无此票");
  auto s = store::ReservationStore::LoadSession(tx, row->session_id);
  auto a = s ? store::ActivityStore::Find(tx, s->activity_id) : std::nullopt;
  // A ticket of another unit's activity is unknown here: scanning reveals nothing about it.
  if (!a || !activity_access::IsVenueStaff(ctx, *a) || ctx.principal->role == Role::kReviewer)
    return Outcome("unknown", "查无此票");
  CheckinOutcome o;
  o.name = domain::MaskName(row->name);
  o.party_size = row->party_size;
  o.session_id = row->session_id;
  o.activity_title = a->title;
  o.checked_in_at = row->checked_in_at;
  o.checked_in_by = row->checked_in_by;
  o.occupancy = s->session.occupancy;
  o.id_card_last4 = row->id_card_last4;
  o.reservation_id = row->id;
  if (in.session_id && *in.session_id != row->session_id) {
    o.result = "wrong_session";
    o.message = "该票不属于本场次（票面场次：" + core::FormatShanghai(s->session.starts_at).substr(0, 16) + "）";
    return o;
  }
  if (!domain::IsLive(row->status)) {
    o.result = "cancelled";
    o.message = row->cancel_reason.empty() ? "该票已失效" : "该票已取消：" + row->cancel_reason;
    return o;
  }
  if (!domain::AdmitsAtGate(row->status)) {
    o.result = "unknown";
    o.message = "该票尚未确认（报名或候补中），不能入场";
    return o;
  }
  // The holder's card, when staff typed its end: a ticket passed on to someone else stops here.
  if (!in.exit && !in.id_last4.empty() && !row->id_card_last4.empty() &&
      !domain::IdCardLast4Matches(row->id_card_last4, in.id_last4)) {
    o.result = "id_mismatch";
    o.message = "证件后四位不符：请核对持票人本人的身份证件";
    return o;
  }
  const std::string direction = in.exit ? "out" : "in";
  if (in.exit) {
    if (!store::ReservationStore::SetInside(tx, row->id, false)) {
      o.result = "not_inside";
      o.message = "该票持有人不在场内";
      return o;
    }
    store::ReservationStore::AddOccupancy(tx, row->session_id, -row->party_size);
    o.result = "ok";
    o.message = "已登记离场";
  } else if (store::ReservationStore::CheckIn(tx, row->id, at, ctx.actor())) {
    store::ReservationStore::AddOccupancy(tx, row->session_id, row->party_size);
    o.result = "ok";
    o.message = "核验通过，共" + std::to_string(row->party_size) + "人";
    o.checked_in_at = at;
    o.checked_in_by = ctx.actor();
    nlohmann::json after = {{"ticket_no", row->ticket_no}, {"party_size", row->party_size}};
    if (offline) after["offline_at"] = core::FormatShanghai(at);
    Audit(tx, ctx, "reservation.checked_in", "session", std::to_string(row->session_id), nullptr, after);
  } else if (store::ReservationStore::SetInside(tx, row->id, true)) {
    // Back in after an exit scan: occupancy again, but counted as checked in only once.
    store::ReservationStore::AddOccupancy(tx, row->session_id, row->party_size);
    o.result = "ok";
    o.message = "再次入场，核验通过";
  } else {
    o.result = "already_checked_in";
    o.message = "该票已于" + core::FormatShanghai(row->checked_in_at.value_or(0)).substr(11, 5) + "由" +
                row->checked_in_by + "核验入场，请勿重复入场";
    return o;
  }
  store::ReservationStore::LogScan(tx, row->id, row->session_id, direction, at, ctx.actor());
  if (auto fresh = store::ActivityStore::FindSession(tx, row->session_id)) o.occupancy = fresh->occupancy;
  return o;
}

}  // namespace sciweek::service
