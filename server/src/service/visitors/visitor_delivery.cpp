#include "service/visitors/visitor_delivery.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/logging.hpp"
#include "core/text.hpp"
#include "domain/visitor_message.hpp"
#include "store/message_store.hpp"

namespace sciweek::service {
namespace {

constexpr int kBatch = 20;

using store::MessageOutcome;

struct Claimed {
  store::MessageRow row;
  core::UnixTime allowed_at = 0;  // the per-phone limit's verdict
};

// A gateway's answer may quote the number back: never let it reach the log or the staff view.
std::string Scrub(std::string text, const std::string& phone, const std::string& masked) {
  if (phone.empty()) return text;
  for (size_t at = text.find(phone); at != std::string::npos; at = text.find(phone, at + masked.size()))
    text.replace(at, phone.size(), masked);
  return text;
}

notify::SmsParams ParamsOf(const std::string& json) {
  notify::SmsParams out;
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items()) out.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

}  // namespace

VisitorDelivery::VisitorDelivery(store::Db& db, notify::SmsSender* sms, notify::Mailer* mailer,
                                 notify::Mailbox mail_from, VisitorDeliverySettings settings)
    : db_(db), sms_(sms), mailer_(mailer), mail_from_(std::move(mail_from)), settings_(settings) {}

notify::SendResult VisitorDelivery::SendMail(const store::MessageRow& m) {
  notify::MailMessage mail;
  mail.from = mail_from_;
  mail.to = {"", m.recipient};
  mail.subject = "【北京科技周】" + std::string(domain::MessageKindLabel(m.kind));
  domain::MessageParams params;
  for (auto& [k, v] : ParamsOf(m.params)) params.emplace_back(k, v);
  mail.body = domain::RenderMessage(m.kind, params) + "\n\n（本邮件由北京科技周预约系统自动发送，请勿直接回复。）\n";
  mail.date = core::Now();
  mail.message_id = notify::MakeMessageId(mail_from_.address, mail.date);
  return mailer_->Send(mail_from_.address, m.recipient, notify::BuildMime(mail), stop_);
}

VisitorDelivery::~VisitorDelivery() { Stop(); }

void VisitorDelivery::Start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void VisitorDelivery::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void VisitorDelivery::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void VisitorDelivery::Run() {
  while (!stop_) {
    bool more = false;
    long long wait = settings_.poll_seconds;
    try {
      more = DeliverDue();
      auto next = db_.Read<std::optional<long long>>(
          [](store::Tx& tx) -> core::Result<std::optional<long long>> { return store::MessageStore::NextDue(tx); });
      if (next && *next) wait = std::clamp<long long>(**next - core::Now(), 0, wait);
    } catch (const std::exception& e) {
      spdlog::error("visitor messages: {}", e.what());  // the database is away: try again at the next poll
    }
    if (more) continue;
    std::unique_lock lock(mu_);
    // Times in the table are whole seconds: wake at the next second at the earliest.
    cv_.wait_for(lock, std::chrono::seconds(std::max<long long>(wait, 1)), [this] { return stop_ || woken_; });
    woken_ = false;
  }
}

bool VisitorDelivery::DeliverDue() {
  auto ids = db_.Read<std::vector<long long>>([](store::Tx& tx) -> core::Result<std::vector<long long>> {
    return store::MessageStore::Due(tx, core::Now(), kBatch);
  });
  if (!ids) return false;
  for (long long id : *ids) {
    if (stop_) return false;
    DeliverOne(id);
  }
  return static_cast<int>(ids->size()) == kBatch;
}

bool VisitorDelivery::Pace() {
  if (settings_.per_second <= 0) return !stop_;
  std::unique_lock lock(mu_);
  cv_.wait_until(lock, next_send_, [this] { return stop_.load(); });
  next_send_ = std::max(next_send_, std::chrono::steady_clock::now()) +
               std::chrono::microseconds(1000000 / settings_.per_second);
  return !stop_;
}

void VisitorDelivery::DeliverOne(long long id) {
  auto claimed = db_.Write<std::optional<Claimed>>([&](store::Tx& tx) -> core::Result<std::optional<Claimed>> {
    const auto now = core::Now();
    auto row = store::MessageStore::Claim(tx, id, now, now + settings_.claim_seconds);
    if (!row) return std::optional<Claimed>();  // another server took it
    Claimed c{*row, now};
    // A code is wanted within minutes or never: its own request limits (domain/phone_code)
    // bound how many a phone gets, so the per-phone delay does not hold it back.
    if (row->channel == domain::MessageChannel::kSms && row->kind != domain::MessageKind::kVerificationCode)
      c.allowed_at =
          domain::PhoneLimitAllows(store::MessageStore::SentTo(tx, row->recipient, now - core::kSecondsPerHour),
                                   settings_.per_phone_per_hour, now);
    return std::optional<Claimed>(std::move(c));
  });
  if (!claimed || !*claimed) return;
  const store::MessageRow& m = (*claimed)->row;
  const bool sms = m.channel == domain::MessageChannel::kSms;
  const std::string masked = domain::MaskRecipient(m.channel, m.recipient);
  const std::string kind(domain::MessageKindName(m.kind));
  MessageOutcome o;
  o.at = core::Now();
  if (m.expires_at && o.at >= *m.expires_at) {
    o.kind = MessageOutcome::kSuppressed;
    o.error = "too late to matter: not sent";
  } else if (m.attempts >= settings_.max_attempts) {
    o.kind = MessageOutcome::kExhausted;  // every attempt lost with the server making it (MessageStore::Claim)
    o.error = m.last_error;
  } else if ((*claimed)->allowed_at > o.at) {
    o.kind = MessageOutcome::kDeferred;
    o.next_at = (*claimed)->allowed_at;
    o.error = "per-phone limit: delayed";
  } else if ((sms && !sms_) || (!sms && !mailer_)) {
    o.kind = MessageOutcome::kDeferred;  // this node does not send this channel: another may
    o.next_at = o.at + settings_.poll_seconds * 6;
    o.error = "channel not configured on this server";
  } else if (!Pace()) {
    o.kind = MessageOutcome::kReleased;
    o.error = m.last_error;
  } else {
    const auto r =
        sms ? sms_->Send(m.recipient, m.template_id, ParamsOf(m.params), m.idempotency_key, stop_) : SendMail(m);
    o.at = core::Now();
    o.error = Scrub(r.error, m.recipient, masked);
    o.provider_id = Scrub(r.provider_id, m.recipient, masked);
    const int attempts = m.attempts + 1;
    if (r.ok) {
      o.kind = MessageOutcome::kSent;
      o.error.clear();
    } else if (r.cancelled) {
      o.kind = MessageOutcome::kReleased;
      o.error = m.last_error;
    } else if (r.permanent || attempts >= settings_.max_attempts) {
      o.kind = MessageOutcome::kFailed;
    } else {
      o.kind = MessageOutcome::kRetry;
      o.next_at = o.at + domain::RetryDelay(settings_.retry_seconds, attempts);
    }
  }
  switch (o.kind) {
    case MessageOutcome::kSent: spdlog::info("visitor message {} ({}) to {} sent", id, kind, masked); break;
    case MessageOutcome::kReleased: break;
    case MessageOutcome::kDeferred:
    case MessageOutcome::kSuppressed:
      spdlog::info("visitor message {} ({}) to {}: {}", id, kind, masked, o.error);
      break;
    case MessageOutcome::kExhausted:
      spdlog::warn("visitor message {} ({}) to {} failed: its {} attempts were lost with their servers", id, kind,
                   masked, m.attempts);
      break;
    default:
      spdlog::warn("visitor message {} ({}) to {} {} (attempt {}): {}", id, kind, masked,
                   o.kind == MessageOutcome::kFailed ? "failed" : "will be retried", m.attempts + 1, o.error);
  }
  auto recorded = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    return store::MessageStore::Finish(tx, id, m.claimed_until, m.attempts, o);
  });
  if (recorded && !*recorded) spdlog::warn("visitor message {}: claim lost before its outcome was recorded", id);
}

}  // namespace sciweek::service
