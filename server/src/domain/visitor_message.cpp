#include "domain/visitor_message.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace sciweek::domain {
namespace {

struct KindInfo {
  MessageKind kind;
  std::string_view name, label, text;  // text: {name} placeholders of the parameters
};

// The wording of each message. An SMS provider sends its own registered template (the same
// wording, registered under a template id per kind); these are what e-mail and the log show.
constexpr KindInfo kKinds[] = {
    {MessageKind::kConfirmed, "confirmed", "预约成功", "您已成功预约“{activity}”（{time}）。入场凭票码：{link}"},
    {MessageKind::kOffered, "offered", "候补递补",
     "“{activity}”（{time}）有名额递补给您，请在{deadline}前确认，逾期名额将让给下一位：{link}"},
    {MessageKind::kOfferExpired, "offer_expired", "递补过期",
     "您未在规定时间内确认“{activity}”（{time}）的递补名额，名额已让给下一位。"},
    {MessageKind::kLotteryWon, "lottery_won", "抽签中签", "恭喜，您已抽中“{activity}”（{time}）。入场凭票码：{link}"},
    {MessageKind::kLotteryLost, "lottery_lost", "抽签未中",
     "很遗憾，您未抽中“{activity}”（{time}），已为您排入候补名单，有名额时将短信通知。"},
    {MessageKind::kSessionChanged, "session_changed", "场次变更",
     "您预约的“{activity}”有变更，现为{time}。原因：{reason}"},
    {MessageKind::kSessionCancelled, "session_cancelled", "场次取消",
     "很抱歉，您预约的“{activity}”（{time}）已取消。原因：{reason}"},
    {MessageKind::kReminder, "reminder", "活动提醒",
     "提醒：您预约的“{activity}”将于{time}在{venue}举行。凭票码：{link}"},
    {MessageKind::kStaffNotice, "staff_notice", "主办方通知", "“{activity}”（{time}）主办方通知：{text}"},
    {MessageKind::kVerificationCode, "verification_code", "验证码",
     "您的验证码为{code}，{minutes}分钟内有效，仅用于北京科技周预约。如非本人操作，请忽略。"},
};

const KindInfo& Info(MessageKind k) {
  for (const auto& i : kKinds)
    if (i.kind == k) return i;
  return kKinds[0];
}

constexpr std::pair<MessageStatus, std::string_view> kStatusNames[] = {{MessageStatus::kPending, "pending"},
                                                                       {MessageStatus::kSending, "sending"},
                                                                       {MessageStatus::kSent, "sent"},
                                                                       {MessageStatus::kFailed, "failed"},
                                                                       {MessageStatus::kSuppressed, "suppressed"}};
constexpr std::pair<MessageStatus, std::string_view> kStatusLabels[] = {{MessageStatus::kPending, "待发送"},
                                                                        {MessageStatus::kSending, "发送中"},
                                                                        {MessageStatus::kSent, "已发送"},
                                                                        {MessageStatus::kFailed, "发送失败"},
                                                                        {MessageStatus::kSuppressed, "已过时未发"}};

}  // namespace

std::string_view MessageKindName(MessageKind k) { return Info(k).name; }
std::string_view MessageKindLabel(MessageKind k) { return Info(k).label; }

std::optional<MessageKind> ParseMessageKind(std::string_view name) {
  for (const auto& i : kKinds)
    if (i.name == name) return i.kind;
  return std::nullopt;
}

std::string_view MessageChannelName(MessageChannel c) { return c == MessageChannel::kSms ? "sms" : "email"; }

std::optional<MessageChannel> ParseMessageChannel(std::string_view name) {
  if (name == "sms") return MessageChannel::kSms;
  if (name == "email") return MessageChannel::kEmail;
  return std::nullopt;
}

std::string_view MessageStatusName(MessageStatus s) {
  for (const auto& [k, n] : kStatusNames)
    if (k == s) return n;
  return "pending";
}

std::optional<MessageStatus> ParseMessageStatus(std::string_view name) {
  for (const auto& [k, n] : kStatusNames)
    if (n == name) return k;
  return std::nullopt;
}

std::string_view MessageStatusLabel(MessageStatus s) {
  for (const auto& [k, n] : kStatusLabels)
    if (k == s) return n;
  return "";
}

std::string MaskRecipient(MessageChannel c, std::string_view recipient) {
  if (c == MessageChannel::kSms) return core::MaskPhone(recipient);
  const auto at = recipient.find('@');
  return at == std::string_view::npos ? "***" : "***" + std::string(recipient.substr(at));
}

std::string MessageKey(MessageKind k, long long reservation_id, std::string_view discriminator) {
  std::string key = std::string(MessageKindName(k)) + ":" + std::to_string(reservation_id);
  if (!discriminator.empty()) key += ":" + std::string(discriminator);
  return key;
}

std::string RenderMessage(MessageKind k, const MessageParams& params) {
  const std::string_view text = Info(k).text;
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const size_t open = text.find('{', i);
    const size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, open - i));
    const std::string_view name = text.substr(open + 1, close - open - 1);
    for (const auto& [n, v] : params)
      if (n == name) out += v;
    i = close + 1;
  }
  return out;
}

long long RetryDelay(int base_seconds, int attempts) {
  return std::min<long long>(3600, static_cast<long long>(base_seconds) << std::clamp(attempts - 1, 0, 12));
}

core::UnixTime PhoneLimitAllows(const std::vector<core::UnixTime>& sent_last_hour, int per_hour, core::UnixTime now) {
  if (per_hour <= 0) return now;
  std::vector<core::UnixTime> in_window;
  for (auto t : sent_last_hour)
    if (t > now - core::kSecondsPerHour) in_window.push_back(t);
  if (static_cast<int>(in_window.size()) < per_hour) return now;
  std::sort(in_window.begin(), in_window.end());
  // Once this many of the newest remain in the window, one more may go.
  return in_window[in_window.size() - static_cast<size_t>(per_hour)] + core::kSecondsPerHour;
}

std::vector<core::FieldProblem> ValidateBroadcastText(std::string_view text) {
  const std::string t = core::Trim(text);
  if (t.empty()) return {{"text", "required", "请填写通知内容", 0}};
  if (!core::IsCleanUtf8(t, false)) return {{"text", "invalid", "通知内容含有不可见字符或换行，请改为一段文字", 0}};
  if (core::Utf8Length(t) > kMaxBroadcastChars)
    return {{"text", "too_long", "通知内容不能超过" + std::to_string(kMaxBroadcastChars) + "字", 0}};
  return {};
}

}  // namespace sciweek::domain
