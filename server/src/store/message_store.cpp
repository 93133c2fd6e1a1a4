#include "store/message_store.hpp"

#include <soci/soci.h>

#include "store/row_util.hpp"
#include "store/statement_cache.hpp"

namespace sciweek::store {
namespace {

constexpr const char* kColumns =
    "id, idempotency_key, kind, channel, session_id, reservation_id, recipient, template_id, params, status, "
    "attempts, next_attempt_at, claimed_until, expires_at, last_error, provider_id, created_at, sent_at";

// Due: pending and its time has come, or claimed by a worker whose claim has lapsed.
constexpr const char* kDue =
    "((status = 'pending' AND next_attempt_at <= :now) OR (status = 'sending' AND claimed_until <= :now2))";

MessageRow FromRow(const soci::row& r) {
  MessageRow m;
  m.id = GetInt(r, 0);
  m.idempotency_key = GetText(r, 1);
  m.kind = domain::ParseMessageKind(GetText(r, 2)).value_or(domain::MessageKind::kStaffNotice);
  m.channel = domain::ParseMessageChannel(GetText(r, 3)).value_or(domain::MessageChannel::kSms);
  m.session_id = GetInt(r, 4);
  m.reservation_id = GetOptInt(r, 5);
  m.recipient = GetText(r, 6);
  m.template_id = GetText(r, 7);
  m.params = GetText(r, 8);
  m.status = domain::ParseMessageStatus(GetText(r, 9)).value_or(domain::MessageStatus::kFailed);
  m.attempts = static_cast<int>(GetInt(r, 10));
  m.next_attempt_at = GetInt(r, 11);
  m.claimed_until = GetInt(r, 12);
  m.expires_at = GetOptInt(r, 13);
  m.last_error = GetText(r, 14);
  m.provider_id = GetText(r, 15);
  m.created_at = GetInt(r, 16);
  m.sent_at = GetOptInt(r, 17);
  return m;
}

}  // namespace

namespace {

// Kept (store/statement_cache.hpp): every confirmed reservation enqueues its message, and a
// prepared one-shot statement cost PostgreSQL a prepare, an execute and a deallocate.
// ON CONFLICT DO NOTHING rather than catching the violation: the transaction (or the group
// commit's savepoint) stays usable either way.
struct EnqueueStatement : StatementCache::Entry {
  MessageRow m;
  std::string kind, channel;
  long long reservation = 0, expires = 0;
  soci::indicator reservation_ind = soci::i_null, expires_ind = soci::i_null, session_ind = soci::i_null;
  soci::statement st;
  explicit EnqueueStatement(Tx& tx)
      : st((tx.sql().prepare << "INSERT INTO visitor_messages (idempotency_key, kind, channel, session_id, "
                                "reservation_id, recipient, template_id, params, status, next_attempt_at, expires_at, "
                                "created_at) VALUES (:k, :kind, :ch, :s, :r, :to, :t, :p, 'pending', :n, :e, :c) "
                                "ON CONFLICT (idempotency_key) DO NOTHING",
            soci::use(m.idempotency_key), soci::use(kind), soci::use(channel), soci::use(m.session_id, session_ind),
            soci::use(reservation, reservation_ind), soci::use(m.recipient), soci::use(m.template_id),
            soci::use(m.params), soci::use(m.next_attempt_at), soci::use(expires, expires_ind),
            soci::use(m.created_at))) {}
};

}  // namespace

bool MessageStore::Enqueue(Tx& tx, const MessageRow& m) {
  auto& k = tx.Kept<EnqueueStatement>();
  k.m = m;
  k.kind = domain::MessageKindName(m.kind);
  k.channel = domain::MessageChannelName(m.channel);
  k.reservation = m.reservation_id.value_or(0);
  k.reservation_ind = m.reservation_id ? soci::i_ok : soci::i_null;
  k.expires = m.expires_at.value_or(0);
  k.expires_ind = m.expires_at ? soci::i_ok : soci::i_null;
  k.session_ind = m.session_id ? soci::i_ok : soci::i_null;  // a verification code has none
  return Affected(k.st) == 1;
}

std::vector<long long> MessageStore::Due(Tx& tx, long long now, int limit) {
  std::vector<long long> out;
  soci::rowset<soci::row> rs = (tx.sql().prepare << std::string("SELECT id FROM visitor_messages WHERE ") + kDue +
                                                        " ORDER BY next_attempt_at, id LIMIT " + std::to_string(limit),
                                soci::use(now), soci::use(now));
  for (const auto& r : rs) out.push_back(GetInt(r, 0));
  return out;
}

std::optional<long long> MessageStore::NextDue(Tx& tx) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT MIN(CASE WHEN status = 'pending' THEN next_attempt_at ELSE claimed_until END) "
                           "FROM visitor_messages WHERE status IN ('pending', 'sending')");
  std::optional<long long> out;
  for (const auto& r : rs)
    if (r.get_indicator(0) != soci::i_null) out = GetInt(r, 0);
  return out;
}

std::optional<MessageRow> MessageStore::Claim(Tx& tx, long long id, long long now, long long claim_until) {
  // Taking over a lapsed claim counts the attempt its holder made and never recorded (it died
  // mid-send, and the provider may have had the message): a message whose senders keep dying
  // reaches the attempt limit instead of being sent again forever. Both databases read `status`
  // in SET as the row was before the update.
  const std::string lost = domain::kLostMidSend;  // soci::use binds by reference: never a temporary
  soci::statement st =
      (tx.sql().prepare << std::string("UPDATE visitor_messages SET status = 'sending', claimed_until = :u, "
                                       "attempts = attempts + CASE WHEN status = 'sending' THEN 1 ELSE 0 END, "
                                       "last_error = CASE WHEN status = 'sending' THEN :lost ELSE last_error END "
                                       "WHERE id = :id AND ") +
                               kDue,
       soci::use(claim_until), soci::use(lost), soci::use(id), soci::use(now), soci::use(now));
  if (Affected(st) != 1) return std::nullopt;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << std::string("SELECT ") + kColumns + " FROM visitor_messages WHERE id = :id", soci::use(id));
  std::optional<MessageRow> out;
  for (const auto& r : rs) out = FromRow(r);
  return out;
}

bool MessageStore::Finish(Tx& tx, long long id, long long claimed_until, int attempts_before, const MessageOutcome& o) {
  std::string status = "pending";
  int attempts = attempts_before + 1;
  long long next_at = o.at, sent_at = 0;
  soci::indicator si = soci::i_null;
  switch (o.kind) {
    case MessageOutcome::kSent:
      status = "sent";
      sent_at = o.at;
      si = soci::i_ok;
      break;
    case MessageOutcome::kRetry: next_at = o.next_at; break;
    case MessageOutcome::kFailed: status = "failed"; break;
    case MessageOutcome::kExhausted:
      status = "failed";
      attempts = attempts_before;
      break;
    case MessageOutcome::kSuppressed:
      status = "suppressed";
      attempts = attempts_before;
      break;
    case MessageOutcome::kReleased: attempts = attempts_before; break;
    case MessageOutcome::kDeferred:
      attempts = attempts_before;
      next_at = o.next_at;
      break;
  }
  const int final = status == "pending" ? 0 : 1;
  soci::statement st =
      (tx.sql().prepare << "UPDATE visitor_messages SET status = :st, attempts = :a, last_error = :e, "
                           "next_attempt_at = :n, claimed_until = 0, sent_at = :s, provider_id = :p, "
                           // A one-time code is kept in the clear only until it is sent (or will
                           // never be): the outbox then forgets it (decision 0019).
                           "params = CASE WHEN kind = 'verification_code' AND :final = 1 THEN '{}' ELSE params END "
                           "WHERE id = :id AND status = 'sending' AND claimed_until = :c AND attempts = :before",
       soci::use(status), soci::use(attempts), soci::use(o.error), soci::use(next_at), soci::use(sent_at, si),
       soci::use(o.provider_id), soci::use(final), soci::use(id), soci::use(claimed_until), soci::use(attempts_before));
  return Affected(st) == 1;
}

std::vector<core::UnixTime> MessageStore::SentTo(Tx& tx, const std::string& recipient, long long since) {
  std::vector<core::UnixTime> out;
  soci::rowset<soci::row> rs = (tx.sql().prepare << "SELECT sent_at FROM visitor_messages WHERE recipient = :r AND "
                                                    "sent_at > :since",
                                soci::use(recipient), soci::use(since));
  for (const auto& r : rs) out.push_back(GetInt(r, 0));
  return out;
}

std::vector<MessageRow> MessageStore::ForSession(Tx& tx, long long session_id, int limit, int offset) {
  std::vector<MessageRow> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << std::string("SELECT ") + kColumns +
                               " FROM visitor_messages WHERE session_id = :s ORDER BY id DESC LIMIT " +
                               std::to_string(limit) + " OFFSET " + std::to_string(offset),
       soci::use(session_id));
  for (const auto& r : rs) out.push_back(FromRow(r));
  return out;
}

long long MessageStore::CountForSession(Tx& tx, long long session_id) {
  long long n = 0;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT COUNT(*) FROM visitor_messages WHERE session_id = :s", soci::use(session_id));
  for (const auto& r : rs) n = GetInt(r, 0);
  return n;
}

std::map<std::string, long long> MessageStore::StatusCounts(Tx& tx, long long session_id) {
  std::map<std::string, long long> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT status, COUNT(*) FROM visitor_messages WHERE session_id = :s GROUP BY status",
       soci::use(session_id));
  for (const auto& r : rs) out[GetText(r, 0)] = GetInt(r, 1);
  return out;
}

long long MessageStore::AddBroadcast(Tx& tx, long long session_id, const std::string& text, long long recipients,
                                     const std::string& by, long long now) {
  long long id = 0;
  tx.sql() << "INSERT INTO session_broadcasts (session_id, text, recipients, created_by, created_at) VALUES "
              "(:s, :t, :r, :b, :c) RETURNING id",
      soci::use(session_id), soci::use(text), soci::use(recipients), soci::use(by), soci::use(now), soci::into(id);
  return id;
}

long long MessageStore::BroadcastsSince(Tx& tx, long long session_id, long long since) {
  long long n = 0;
  soci::rowset<soci::row> rs = (tx.sql().prepare << "SELECT COUNT(*) FROM session_broadcasts WHERE session_id = :s "
                                                    "AND created_at > :since",
                                soci::use(session_id), soci::use(since));
  for (const auto& r : rs) n = GetInt(r, 0);
  return n;
}

}  // namespace sciweek::store
