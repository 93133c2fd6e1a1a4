#include "service/reporting/reminder_delivery.hpp"

#include <algorithm>
#include <chrono>

#include "core/logging.hpp"
#include "domain/reminder_mail.hpp"
#include "domain/visitor_message.hpp"
#include "store/campaign_store.hpp"
#include "store/org_store.hpp"

namespace sciweek::service {
namespace {

constexpr int kBatch = 20;

struct Job {
  store::ReminderRow mail;
  std::optional<domain::Campaign> campaign;
  std::optional<domain::OrgUnit> unit;
  core::UnixTime deadline = 0;
};

}  // namespace

ReminderDelivery::ReminderDelivery(store::Db& db, notify::Mailer& mailer, DeliverySettings settings)
    : db_(db), mailer_(mailer), settings_(std::move(settings)) {}

ReminderDelivery::~ReminderDelivery() { Stop(); }

void ReminderDelivery::Start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void ReminderDelivery::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ReminderDelivery::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void ReminderDelivery::Run() {
  while (!stop_) {
    bool more = false;
    long long wait = settings_.poll_seconds;
    try {
      more = DeliverDue();
      auto next = db_.Read<std::optional<long long>>([](store::Tx& tx) -> core::Result<std::optional<long long>> {
        return store::CampaignExtrasStore::NextMailDue(tx);
      });
      if (next && *next) wait = std::clamp<long long>(**next - core::Now(), 0, wait);
    } catch (const std::exception& e) {
      spdlog::error("reminder mail: {}", e.what());  // the database is away: try again at the next poll
    }
    if (more) continue;
    std::unique_lock lock(mu_);
    // Wake at the next second boundary at the earliest: times in the table are whole seconds.
    cv_.wait_for(lock, std::chrono::seconds(std::max<long long>(wait, 1)), [this] { return stop_ || woken_; });
    woken_ = false;
  }
}

bool ReminderDelivery::DeliverDue() {
  auto ids = db_.Read<std::vector<long long>>([](store::Tx& tx) -> core::Result<std::vector<long long>> {
    return store::CampaignExtrasStore::DueMails(tx, core::Now(), kBatch);
  });
  if (!ids) return false;
  for (long long id : *ids) {
    if (stop_) return false;
    DeliverOne(id);
  }
  return static_cast<int>(ids->size()) == kBatch;
}

void ReminderDelivery::DeliverOne(long long id) {
  auto job = db_.Write<std::optional<Job>>([&](store::Tx& tx) -> core::Result<std::optional<Job>> {
    const auto now = core::Now();
    auto mail = store::CampaignExtrasStore::ClaimMail(tx, id, now, now + settings_.claim_seconds);
    if (!mail) return std::optional<Job>();  // another server took it
    Job j{*mail, store::CampaignStore::Find(tx, mail->year), store::OrgStore::Find(tx, mail->org_code), 0};
    if (j.campaign)
      j.deadline =
          store::CampaignExtrasStore::Extension(tx, mail->year, mail->org_code).value_or(j.campaign->report_deadline);
    return std::optional<Job>(std::move(j));
  });
  if (!job || !*job) return;
  const Job& j = **job;
  store::MailOutcome outcome;
  if (!j.campaign || !j.unit) {
    outcome.kind = store::MailOutcome::kFailed;
    outcome.error = "campaign or unit no longer exists";
    outcome.at = core::Now();
  } else if (j.mail.email_attempts >= settings_.max_attempts) {
    // Every attempt was lost with the server making it (ClaimMail counts those): give up
    // without sending again, keeping the last error.
    outcome.kind = store::MailOutcome::kExhausted;
    outcome.error = j.mail.email_error;
    outcome.at = core::Now();
  } else {
    const auto text = domain::ComposeReminderMail(*j.campaign, *j.unit, j.mail.message, j.deadline);
    notify::MailMessage m;
    m.from = settings_.from;
    m.to = {j.unit->name, j.mail.email_to};
    m.subject = text.subject;
    m.body = text.body;
    m.date = core::Now();
    m.message_id = notify::MakeMessageId(settings_.from.address, m.date);
    const auto result = mailer_.Send(settings_.from.address, j.mail.email_to, notify::BuildMime(m), stop_);
    outcome.at = core::Now();
    outcome.error = result.error;
    const int attempts = j.mail.email_attempts + 1;
    if (result.ok) {
      outcome.kind = store::MailOutcome::kSent;
      outcome.error.clear();
    } else if (result.cancelled) {
      outcome.kind = store::MailOutcome::kReleased;
      outcome.error = j.mail.email_error;
    } else if (result.permanent || attempts >= settings_.max_attempts) {
      outcome.kind = store::MailOutcome::kFailed;
    } else {
      outcome.kind = store::MailOutcome::kRetry;
      outcome.next_at = outcome.at + domain::RetryDelay(settings_.retry_seconds, attempts);
    }
  }
  switch (outcome.kind) {
    case store::MailOutcome::kSent: spdlog::info("reminder mail {} to unit {} sent", id, j.mail.org_code); break;
    case store::MailOutcome::kReleased: break;
    case store::MailOutcome::kExhausted:
      spdlog::warn("reminder mail {} to unit {} failed: its {} attempts were lost with their servers", id,
                   j.mail.org_code, j.mail.email_attempts);
      break;
    default:
      spdlog::warn("reminder mail {} to unit {} {} (attempt {}): {}", id, j.mail.org_code,
                   outcome.kind == store::MailOutcome::kFailed ? "failed" : "will be retried",
                   j.mail.email_attempts + 1, outcome.error);
  }
  auto recorded = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    return store::CampaignExtrasStore::FinishMail(tx, id, j.mail.email_attempts, outcome);
  });
  if (recorded && !*recorded) spdlog::warn("reminder mail {}: claim lost before its outcome was recorded", id);
}

}  // namespace sciweek::service
