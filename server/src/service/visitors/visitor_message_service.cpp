#include "service/visitors/visitor_message_service.hpp"

#include "core/text.hpp"
#include "service/activities/activity_service.hpp"
#include "service/audit/audit.hpp"
#include "store/activity_store.hpp"
#include "store/reservation_store.hpp"

namespace sciweek::service {
namespace {

// The session and its activity when this principal may manage the session's visitors: 404
// when it may not even see it, 403 when it sees but does not lead it.
core::Result<store::SessionContext> ManagedSession(store::Tx& tx, const Ctx& ctx, long long session_id,
                                                   const char* forbidden) {
  auto s = store::ReservationStore::LoadSession(tx, session_id);
  auto a = s ? store::ActivityStore::Find(tx, s->activity_id) : std::nullopt;
  if (!a || !activity_access::MaySee(tx, ctx, *a)) return core::Error::NotFound("场次不存在");
  if (!activity_access::MayEdit(ctx, *a)) return core::Error::Forbidden(forbidden);
  return *s;
}

}  // namespace

core::Result<SessionMessages> VisitorMessageService::List(const Ctx& ctx, long long session_id, int limit, int offset) {
  if (!ctx.principal && !ctx.console) return core::Error::Unauthenticated();
  return db_.Read<SessionMessages>([&](store::Tx& tx) -> core::Result<SessionMessages> {
    auto s = ManagedSession(tx, ctx, session_id, "只有主办单位的填报员可以查看观众通知");
    if (!s) return s.error();
    SessionMessages out;
    out.items = store::MessageStore::ForSession(tx, session_id, limit, offset);
    out.total = store::MessageStore::CountForSession(tx, session_id);
    for (auto st : domain::kAllMessageStatuses) out.counts[std::string(domain::MessageStatusName(st))] = 0;
    for (const auto& [k, v] : store::MessageStore::StatusCounts(tx, session_id)) out.counts[k] = v;
    return out;
  });
}

core::Result<BroadcastResult> VisitorMessageService::Broadcast(const Ctx& ctx, long long session_id,
                                                               const std::string& raw) {
  if (!ctx.principal && !ctx.console) return core::Error::Unauthenticated();
  if (auto problems = domain::ValidateBroadcastText(raw); !problems.empty())
    return core::Error::Validation(std::move(problems));
  const std::string text = core::Trim(raw);
  auto r = db_.Write<BroadcastResult>([&](store::Tx& tx) -> core::Result<BroadcastResult> {
    auto s = ManagedSession(tx, ctx, session_id, "只有主办单位的填报员可以向观众发送通知");
    if (!s) return s.error();
    if (!messages_.enabled()) return core::Error::Conflict("未配置短信通道，无法向观众发送通知");
    if (ctx.now >= s->session.ends_at) return core::Error::Conflict("场次已结束，不能再发送通知");
    if (store::MessageStore::BroadcastsSince(tx, session_id, ctx.now - core::kSecondsPerHour) >=
        kBroadcastsPerSessionPerHour)
      return core::Error::RateLimited(
          "每个场次每小时最多发送" + std::to_string(kBroadcastsPerSessionPerHour) + "次通知，请稍后再试", 600);
    std::vector<store::ReservationRow> holders;
    for (auto st : {domain::ReservationStatus::kConfirmed, domain::ReservationStatus::kCheckedIn})
      for (auto& x : store::ReservationStore::ByStatus(tx, session_id, st)) holders.push_back(std::move(x));
    BroadcastResult out;
    out.broadcast_id = store::MessageStore::AddBroadcast(tx, session_id, text, static_cast<long long>(holders.size()),
                                                         ctx.actor(), ctx.now);
    const std::string tag = "b" + std::to_string(out.broadcast_id);
    for (const auto& x : holders)
      if (messages_.Enqueue(tx, domain::MessageKind::kStaffNotice, x, *s, ctx.now, {{"text", text}}, tag))
        ++out.recipients;
    Audit(tx, ctx, "session.broadcast", "session", std::to_string(session_id), nullptr,
          {{"broadcast_id", out.broadcast_id}, {"recipients", out.recipients}, {"text", text}});
    return out;
  });
  if (r) messages_.Wake();
  return r;
}

long long VisitorMessageService::EnqueueReminders(core::UnixTime now, int hour) {
  if (!messages_.enabled()) return 0;
  const auto tomorrow = core::ShanghaiDay(now) + 1;
  if (now < core::ShanghaiDayStart(tomorrow - 1) + hour * core::kSecondsPerHour) return 0;  // not yet today
  long long added = 0;
  for (int batch = 0; batch < 1000; ++batch) {
    auto n = db_.Write<long long>([&](store::Tx& tx) -> core::Result<long long> {
      auto rows = store::ReservationStore::WithoutReminder(tx, core::ShanghaiDayStart(tomorrow),
                                                           core::ShanghaiDayStart(tomorrow + 1), 200, !messages_.sms());
      std::optional<store::SessionContext> s;
      long long k = 0;
      for (const auto& r : rows) {
        if (!s || s->session.id != r.session_id) s = store::ReservationStore::LoadSession(tx, r.session_id);
        if (s && messages_.Enqueue(tx, domain::MessageKind::kReminder, r, *s, now)) ++k;
      }
      return k;
    });
    // Nothing added: none left, or none this server can add (no channel for them, another
    // server was quicker) — the next sweep looks again.
    if (!n || *n <= 0) break;
    added += *n;
  }
  if (added) messages_.Wake();
  return added;
}

}  // namespace sciweek::service
