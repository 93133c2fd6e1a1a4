#pragma once
// What staff do with visitor messages: see a session's messages and their delivery (the lead
// unit's staff and admins, like the attendee list; phones masked), and send a short notice to
// every holder of a session (a broadcast: validated, audited, at most a few per session per
// hour), enqueued as staff_notice rows in the broadcast's own transaction.
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "service/support/context.hpp"
#include "service/visitors/visitor_messages.hpp"
#include "store/db.hpp"
#include "store/message_store.hpp"

namespace sciweek::service {

struct SessionMessages {
  std::vector<store::MessageRow> items;  // newest first
  long long total = 0;
  std::map<std::string, long long> counts;  // per status name, every status present (0 when none)
};

struct BroadcastResult {
  long long broadcast_id = 0;
  long long recipients = 0;
};

class VisitorMessageService {
 public:
  static constexpr int kBroadcastsPerSessionPerHour = 3;

  VisitorMessageService(store::Db& db, const VisitorMessages& messages) : db_(db), messages_(messages) {}

  core::Result<SessionMessages> List(const Ctx& ctx, long long session_id, int limit, int offset);
  core::Result<BroadcastResult> Broadcast(const Ctx& ctx, long long session_id, const std::string& text);
  // The day-before reminder (run periodically, on every server): from `hour` o'clock of the
  // Shanghai day before a session, each confirmed reservation of it gets one reminder — the
  // idempotency key makes a second run, or another server's, add nothing. How many were added.
  long long EnqueueReminders(core::UnixTime now, int hour);

 private:
  store::Db& db_;
  const VisitorMessages& messages_;
};

}  // namespace sciweek::service
