#pragma once
// VisitorMessage — one SMS or e-mail to one visitor about one reservation or session (issue
// 11 §1, decision 0015). The outbox row's life:
//
//   pending ──claimed by a worker──> sending ──provider OK──> sent
//      ^                               ├─transient (5xx, timeout) and attempts left──> pending, later
//      └──per-phone limit: not sent,───┤─permanent (4xx, bad number/template) or no attempts left──> failed
//         due again when allowed       └─too late to matter (session over, offer lapsed)──> suppressed
//
// A worker that dies mid-send leaves the row `sending`; it is due again once its claim lapses.
// The idempotency key is unique: the same event enqueued twice (a retry, two servers, the
// reminder job on two nodes) yields one row, and the provider gets the key too.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace sciweek::domain {

enum class MessageKind {
  kConfirmed,
  kOffered,
  kOfferExpired,
  kLotteryWon,
  kLotteryLost,
  kSessionChanged,
  kSessionCancelled,
  kReminder,
  kStaffNotice,
  kVerificationCode,  // a one-time code (issue 11 §2): no session, no reservation
};
inline constexpr MessageKind kAllMessageKinds[] = {
    MessageKind::kConfirmed,   MessageKind::kOffered,         MessageKind::kOfferExpired,     MessageKind::kLotteryWon,
    MessageKind::kLotteryLost, MessageKind::kSessionChanged,  MessageKind::kSessionCancelled, MessageKind::kReminder,
    MessageKind::kStaffNotice, MessageKind::kVerificationCode};
std::string_view MessageKindName(MessageKind k);  // "confirmed", "offer_expired", …
std::optional<MessageKind> ParseMessageKind(std::string_view name);
std::string_view MessageKindLabel(MessageKind k);  // "预约成功", … (the staff view)

enum class MessageChannel { kSms, kEmail };
std::string_view MessageChannelName(MessageChannel c);
std::optional<MessageChannel> ParseMessageChannel(std::string_view name);

enum class MessageStatus { kPending, kSending, kSent, kFailed, kSuppressed };
inline constexpr MessageStatus kAllMessageStatuses[] = {MessageStatus::kPending, MessageStatus::kSending,
                                                        MessageStatus::kSent, MessageStatus::kFailed,
                                                        MessageStatus::kSuppressed};
std::string_view MessageStatusName(MessageStatus s);
std::optional<MessageStatus> ParseMessageStatus(std::string_view name);
std::string_view MessageStatusLabel(MessageStatus s);  // "待发送", "已发送", …

// The recipient as logs and staff see it: "138****5678", "***@example.com".
std::string MaskRecipient(MessageChannel c, std::string_view recipient);

// "<kind>:<reservation id>" or "<kind>:<reservation id>:<discriminator>" (a broadcast id, the
// session's start time for a change): the same event always gives the same key.
std::string MessageKey(MessageKind k, long long reservation_id, std::string_view discriminator = {});

// The template parameters, in order: names are ASCII identifiers, values short text.
using MessageParams = std::vector<std::pair<std::string, std::string>>;

// The text of one message for channels that carry text (e-mail, the log-only adapter, a
// webhook's preview): the template's wording with the parameters filled in, in Chinese.
std::string RenderMessage(MessageKind k, const MessageParams& params);

// Wait before the next attempt after `attempts` failures (1, 2, …): `base` seconds, doubling
// after each failure, at most an hour. Shared by every outbox (reminder mail, visitor messages).
long long RetryDelay(int base_seconds, int attempts);

// The error an outbox records for an attempt whose server stopped before recording the
// outcome (it died mid-send, and the provider may have had the message). The claim that
// takes the row over counts that attempt, so a message whose senders keep dying reaches its
// attempt limit instead of going out again without end. Shared by every outbox.
inline constexpr const char* kLostMidSend =
    "the sending server stopped before recording the outcome (it may have gone out)";

// When a message to a phone may go out under a limit of `per_hour` messages per phone per
// rolling hour, given the send times of that phone's messages in the last hour (any order):
// `now` when under the limit, else when the oldest counted one leaves the window. Limited
// messages are delayed, never dropped (decision 0015). per_hour <= 0: no limit.
core::UnixTime PhoneLimitAllows(const std::vector<core::UnixTime>& sent_last_hour, int per_hour, core::UnixTime now);

// The broadcast text staff send to a session's holders: 1..200 characters of clean UTF-8
// (no control characters, no newlines — an SMS is one paragraph). Problems name `text`.
std::vector<core::FieldProblem> ValidateBroadcastText(std::string_view text);
inline constexpr size_t kMaxBroadcastChars = 200;

}  // namespace sciweek::domain
