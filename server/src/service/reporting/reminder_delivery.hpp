#pragma once
// ReminderDelivery — the background worker that mails reminders after they are committed.
// The outbox is the reminders table itself: SendReminders writes each unit's row with
// email_status 'pending' in the reminder's own transaction; this worker claims due rows one
// by one (a conditional UPDATE, so several servers on one database never send one twice),
// sends outside any transaction, and records sent, a retry with backoff, or failed. It starts
// with whatever a previous process left pending. Delivery is at least once: a crash between
// the server's "250 OK" and the recorded outcome sends that mail again after the claim lapses.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "notify/mailer.hpp"
#include "notify/mime.hpp"
#include "store/campaign_extras_store.hpp"
#include "store/db.hpp"

namespace sciweek::service {

struct DeliverySettings {
  notify::Mailbox from;
  int max_attempts = 5;
  int retry_seconds = 60;   // wait after the first failure; doubles after each, at most an hour
  int claim_seconds = 120;  // how long a claimed mail is ours: longer than one send may take
  int poll_seconds = 30;    // how often to look for mail queued by other servers
};

class ReminderDelivery {
 public:
  ReminderDelivery(store::Db& db, notify::Mailer& mailer, DeliverySettings settings);
  ~ReminderDelivery();  // Stop()
  ReminderDelivery(const ReminderDelivery&) = delete;
  ReminderDelivery& operator=(const ReminderDelivery&) = delete;

  void Start();
  // Interrupts a send in progress (it stays pending, due at once) and joins the thread.
  void Stop();
  // New mail was committed: look now rather than at the next poll.
  void Wake();

 private:
  void Run();
  // Sends what is due; true when there may be more due right away.
  bool DeliverDue();
  void DeliverOne(long long id);

  store::Db& db_;
  notify::Mailer& mailer_;
  DeliverySettings settings_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace sciweek::service
