#pragma once
// VisitorDelivery — the background worker that sends the visitor-message outbox
// (store/message_store.hpp) through an SmsSender, modelled on ReminderDelivery: it claims due
// rows one by one with a conditional UPDATE (several servers on one database never send one
// row twice), sends outside any transaction, and records sent, a retry with backoff
// (domain::RetryDelay), failed, or suppressed (too late to matter). It starts with whatever
// an earlier process left pending, and takes over rows whose worker died mid-send once their
// claim lapses. Delivery is at least once; the provider gets the row's idempotency key, so a
// gateway that honours it drops the duplicate.
// Rate limits, at send time: per phone (a rolling hour, counted in the database, so across
// servers) a limited message is delayed, never dropped; and a global pace per node (messages
// per second), which keeps a broadcast to a full hall within the gateway's quota.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "notify/mailer.hpp"
#include "notify/mime.hpp"
#include "notify/sms_sender.hpp"
#include "store/db.hpp"
#include "store/message_store.hpp"

namespace sciweek::service {

struct VisitorDeliverySettings {
  int max_attempts = 5;
  int retry_seconds = 30;      // wait after the first failure; doubles after each, at most an hour
  int claim_seconds = 60;      // how long a claimed row is ours: longer than one send may take
  int poll_seconds = 10;       // how often to look for rows queued by other servers
  int per_phone_per_hour = 5;  // 0: no limit
  int per_second = 20;         // this node's pace; 0: no limit
};

// E-mail rows (a visitor who left an address) go through the Mailer, From `mail_from`; the
// per-phone limit is an SMS rule and does not apply to them.
class VisitorDelivery {
 public:
  // `sms` or `mailer` may be null when that channel is off (its rows are then never enqueued).
  VisitorDelivery(store::Db& db, notify::SmsSender* sms, notify::Mailer* mailer, notify::Mailbox mail_from,
                  VisitorDeliverySettings settings);
  ~VisitorDelivery();  // Stop()
  VisitorDelivery(const VisitorDelivery&) = delete;
  VisitorDelivery& operator=(const VisitorDelivery&) = delete;

  void Start();
  // Interrupts a send in progress (the row goes back to pending, due at once) and joins.
  void Stop();
  // New rows were committed: look now rather than at the next poll.
  void Wake();

 private:
  void Run();
  bool DeliverDue();  // true when there may be more due right away
  void DeliverOne(long long id);
  notify::SendResult SendMail(const store::MessageRow& m);
  // Waits for this node's pace; false when stopping.
  bool Pace();

  store::Db& db_;
  notify::SmsSender* sms_;
  notify::Mailer* mailer_;
  notify::Mailbox mail_from_;
  VisitorDeliverySettings settings_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
  std::chrono::steady_clock::time_point next_send_{};
  std::thread thread_;
};

}  // namespace sciweek::service
