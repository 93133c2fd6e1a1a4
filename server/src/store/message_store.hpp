#pragma once
// The visitor-message outbox (0009_visitor_messages.sql, domain/visitor_message.hpp): rows
// are enqueued inside the transaction of the change that causes them; workers claim due rows
// with a conditional UPDATE and record each attempt's outcome only while their claim holds.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/visitor_message.hpp"
#include "store/db.hpp"

namespace sciweek::store {

struct MessageRow {
  long long id = 0;
  std::string idempotency_key;
  domain::MessageKind kind = domain::MessageKind::kConfirmed;
  domain::MessageChannel channel = domain::MessageChannel::kSms;
  long long session_id = 0;  // 0: none (a verification code)
  std::optional<long long> reservation_id;
  std::string recipient;  // the whole phone number (or e-mail address): never log it unmasked
  std::string template_id;
  std::string params;  // a JSON object of strings
  domain::MessageStatus status = domain::MessageStatus::kPending;
  int attempts = 0;
  long long next_attempt_at = 0;
  long long claimed_until = 0;
  std::optional<long long> expires_at;
  std::string last_error;
  std::string provider_id;
  long long created_at = 0;
  std::optional<long long> sent_at;
};

struct MessageOutcome {
  enum Kind {
    kSent,
    kRetry,       // a transient failure: pending again at next_at, one attempt more
    kFailed,      // permanent, or no attempts left
    kExhausted,   // every attempt was lost with its sender (Claim counted them): failed, not an attempt
    kSuppressed,  // too late to matter: not sent
    kReleased,    // the worker stops mid-send: pending, due at once, not an attempt
    kDeferred,    // a rate limit: pending at next_at, not an attempt
  };
  Kind kind = kSent;
  long long at = 0;
  long long next_at = 0;
  std::string error;
  std::string provider_id;
};

class MessageStore {
 public:
  // Inserts a pending row; false when a row with its idempotency key exists already.
  static bool Enqueue(Tx& tx, const MessageRow& m);
  // Ids of rows due at `now` (pending and due, or claimed by a worker whose claim lapsed).
  static std::vector<long long> Due(Tx& tx, long long now, int limit);
  // When the next row falls due (lapsing claims included), if any.
  static std::optional<long long> NextDue(Tx& tx);
  // Takes a due row for one worker until `claim_until`; nullopt when another took it. A lapsed
  // claim taken over counts as one attempt, with domain::kLostMidSend as its error.
  static std::optional<MessageRow> Claim(Tx& tx, long long id, long long now, long long claim_until);
  // Records the outcome of a claim (the row's claimed_until as claimed, and its attempts then);
  // false when the claim was lost meanwhile.
  [[nodiscard]] static bool Finish(Tx& tx, long long id, long long claimed_until, int attempts_before,
                                   const MessageOutcome& o);
  // Send times of the messages sent to `recipient` since `since`.
  static std::vector<core::UnixTime> SentTo(Tx& tx, const std::string& recipient, long long since);

  // A session's messages, newest first, and how many there are in all.
  static std::vector<MessageRow> ForSession(Tx& tx, long long session_id, int limit, int offset);
  static long long CountForSession(Tx& tx, long long session_id);
  // Rows per status name of a session's messages (statuses without rows are absent).
  static std::map<std::string, long long> StatusCounts(Tx& tx, long long session_id);

  // Staff broadcasts: records one (its id goes into each message's key); how many a session had since.
  static long long AddBroadcast(Tx& tx, long long session_id, const std::string& text, long long recipients,
                                const std::string& by, long long now);
  static long long BroadcastsSince(Tx& tx, long long session_id, long long since);
};

}  // namespace sciweek::store
