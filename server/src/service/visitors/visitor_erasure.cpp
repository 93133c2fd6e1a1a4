// ReservationService, continued: a visitor erases their personal data (issue 11 §4, decision
// 0020) with phone + code at any time — the same tokens the campaign's expiry writes
// (service/visitors/personal_data_purge.hpp) — which also cancels their reservations still to come,
// whose places go to the waiting list.
#include <set>

#include "domain/personal_data.hpp"
#include "service/activities/public_catalog.hpp"
#include "service/audit/audit.hpp"
#include "service/reservations/reservation_service.hpp"
#include "service/visitors/phone_verification.hpp"
#include "store/phone_code_store.hpp"

namespace sciweek::service {

core::Result<VisitorErasure> ReservationService::EraseVisitor(const Ctx& ctx, const std::string& phone,
                                                              const std::string& code) {
  if (!verification_) return core::Error::Unavailable("本平台暂未开通短信服务，请联系主办单位删除个人信息");
  auto code_id = verification_->Check(ctx, phone, domain::CodePurpose::kErase, code);
  if (!code_id) return code_id.error();
  std::set<long long> freed;
  auto done = db_.Write<VisitorErasure>([&](store::Tx& tx) -> core::Result<VisitorErasure> {
    if (auto used = PhoneVerification::Use(tx, *code_id, ctx.now); !used) return used.error();
    VisitorErasure out;
    // Reservations still to come are cancelled first (their places go to the waiting list);
    // those of sessions that have ended keep their status, for the statistics.
    for (const auto& row : store::ReservationStore::ForPhone(tx, phone, 100000)) {
      if (!domain::IsLive(row.status) || row.status == domain::ReservationStatus::kCheckedIn) continue;
      auto s = store::ReservationStore::LoadSession(tx, row.session_id);
      if (!s || s->session.ends_at <= ctx.now) continue;
      if (auto c = CancelRow(tx, ctx, row, "预约人已删除个人信息"); !c) return c.error();
      ++out.cancelled;
      freed.insert(row.session_id);
    }
    out.erased = store::ReservationStore::ErasePhone(tx, phone, ctx.now);
    store::PhoneCodeStore::ForgetPhone(tx, phone);
    Audit(tx, ctx, "visitor.erased", "phone", domain::MaskPhone(phone), nullptr,
          {{"cancelled", out.cancelled}, {"erased", out.erased}});
    return out;
  });
  if (done) {
    for (long long s : freed) catalog_.NoteTaken(s);
    messages_.Wake();
  }
  return done;
}

}  // namespace sciweek::service
