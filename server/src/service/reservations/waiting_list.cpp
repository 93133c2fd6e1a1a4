#include "service/reservations/waiting_list.hpp"

#include "core/text.hpp"

namespace sciweek::service {

void OfferFreedPlaces(store::Tx& tx, const store::SessionContext& s, core::UnixTime now,
                      const VisitorMessages& messages) {
  using domain::ReservationStatus;
  if (s.activity_status != domain::ActivityStatus::kApproved || s.session.removed_at || now >= s.session.ends_at)
    return;
  for (int i = 0; i < 1000; ++i) {
    auto head = store::ReservationStore::NextWaiting(tx, s.session.id);
    if (!head) return;
    const auto deadline = now + static_cast<long long>(s.offer_minutes) * 60;
    const auto moved = store::ReservationStore::MoveTakingPlaces(tx, *head, ReservationStatus::kWaiting,
                                                                 ReservationStatus::kOffered, now, deadline);
    // No room: the line waits. The head changed meanwhile (cancelled): the next in line.
    if (moved == store::ReservationStore::PlacesMove::kNoRoom) return;
    if (moved == store::ReservationStore::PlacesMove::kMoved) {
      auto offered = *head;
      offered.status = ReservationStatus::kOffered;
      offered.offer_expires_at = deadline;
      messages.Enqueue(tx, domain::MessageKind::kOffered, offered, s, now,
                       {{"deadline", core::FormatShanghaiChinese(deadline)}});
    }
  }
}

}  // namespace sciweek::service
