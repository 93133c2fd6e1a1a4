#pragma once
// VisitorMessages — what the reservation, activity and broadcast use cases call, inside their
// own transaction, to put a message to a visitor into the outbox (store/message_store.hpp):
// the template id and parameters of each kind, the ticket link, the idempotency key, and when
// the message stops mattering. After the commit the caller calls Wake() so the delivery
// worker (service/visitors/visitor_delivery.hpp) sends at once rather than at its next poll.
// With no SMS provider configured (`--sms-provider=off`, the default of `serve`) and no
// visitor e-mail nothing is enqueued: there is nobody to send it, and a later change of configuration must not flood
// visitors with stale messages.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "domain/visitor_message.hpp"
#include "store/db.hpp"
#include "store/reservation_store.hpp"

namespace sciweek::service {

struct VisitorMessageSettings {
  bool sms = false;                                      // a provider is configured
  bool email = false;                                    // visitor e-mail is on (SMTP configured and --visitor-email)
  std::string public_base_url;                           // "https://kejizhou.example.org.cn": the ticket link's start
  std::map<domain::MessageKind, std::string> templates;  // registered template id per kind (default: its name)
};

class VisitorMessages {
 public:
  VisitorMessages() = default;
  explicit VisitorMessages(VisitorMessageSettings settings) : settings_(std::move(settings)) {}

  bool enabled() const { return settings_.sms || settings_.email; }
  bool sms() const { return settings_.sms; }
  // The worker to wake after a commit (set once at start-up, before any request).
  void SetWaker(std::function<void()> waker) { waker_ = std::move(waker); }
  void Wake() const {
    if (waker_) waker_();
  }

  // Enqueues `kind` for one reservation in the caller's transaction — an SMS, and an e-mail
  // when the visitor gave an address: true when a row was added (false: disabled, or this
  // event was enqueued before — the idempotency key; the e-mail's ends in ":email").
  // `extra`: the kind's own parameters (deadline, reason, text); `discriminator` makes the
  // key of an event that may happen more than once per reservation (a broadcast's id).
  bool Enqueue(store::Tx& tx, domain::MessageKind kind, const store::ReservationRow& r, const store::SessionContext& s,
               core::UnixTime now, const domain::MessageParams& extra = {},
               const std::string& discriminator = {}) const;

  // Enqueues the SMS of a one-time code (code_id: its phone_codes row, the idempotency key's
  // subject): no e-mail, no session; worthless after `expires_at`. False when SMS is off.
  bool EnqueueCode(store::Tx& tx, const std::string& phone, const std::string& code, long long code_id,
                   core::UnixTime expires_at, core::UnixTime now) const;

  // The ticket link of a reservation: <public base URL>/tickets/<ticket number>.
  std::string TicketLink(const store::ReservationRow& r) const;

 private:
  // The provider's registered template of a kind (--sms-template), else the kind's name.
  std::string TemplateFor(domain::MessageKind kind) const;

  VisitorMessageSettings settings_;
  std::function<void()> waker_;
};

}  // namespace sciweek::service
