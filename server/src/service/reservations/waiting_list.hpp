#pragma once
// The waiting list's one rule, used wherever places come free (a cancellation, an expired
// offer, a capacity raised by an approved activity change): the freed places are offered to
// the line in order, FIFO — the head waits until its whole party fits — each offer with its
// deadline and a message to the visitor.
#include "core/time.hpp"
#include "service/visitors/visitor_messages.hpp"
#include "store/db.hpp"
#include "store/reservation_store.hpp"

namespace sciweek::service {

void OfferFreedPlaces(store::Tx& tx, const store::SessionContext& s, core::UnixTime now,
                      const VisitorMessages& messages);

}  // namespace sciweek::service
