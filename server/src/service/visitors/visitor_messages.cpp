#include "service/visitors/visitor_messages.hpp"

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "store/message_store.hpp"

namespace sciweek::service {
namespace {

using domain::MessageKind;

// Template variables of mainland gateways are short (阿里云: 35 characters for most kinds):
// long titles are cut with an ellipsis.
std::string Short(const std::string& s, size_t max_chars) {
  if (core::Utf8Length(s) <= max_chars) return s;
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < s.size() && chars < max_chars - 1; ++chars) {
    size_t n = 1;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0) n = 4;
    else if (c >= 0xE0) n = 3;
    else if (c >= 0xC0) n = 2;
    out.append(s, i, n);
    i += n;
  }
  return out + "…";
}

// Until when a message of this kind is worth sending; past it the worker suppresses it.
core::UnixTime ExpiresAt(MessageKind k, const store::ReservationRow& r, const store::SessionContext& s) {
  switch (k) {
    case MessageKind::kOffered: return r.offer_expires_at.value_or(s.session.ends_at);
    case MessageKind::kReminder: return s.session.starts_at;
    default: return s.session.ends_at;
  }
}

bool HasLink(MessageKind k) {
  return k == MessageKind::kConfirmed || k == MessageKind::kOffered || k == MessageKind::kLotteryWon ||
         k == MessageKind::kReminder;
}

}  // namespace

std::string VisitorMessages::TemplateFor(MessageKind kind) const {
  auto t = settings_.templates.find(kind);
  return t != settings_.templates.end() ? t->second : std::string(domain::MessageKindName(kind));
}

std::string VisitorMessages::TicketLink(const store::ReservationRow& r) const {
  std::string base = settings_.public_base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/tickets/" + r.ticket_no;
}

bool VisitorMessages::Enqueue(store::Tx& tx, MessageKind kind, const store::ReservationRow& r,
                              const store::SessionContext& s, core::UnixTime now, const domain::MessageParams& extra,
                              const std::string& discriminator) const {
  if (!enabled()) return false;
  nlohmann::json params = nlohmann::json::object();
  params["activity"] = Short(s.activity_title, 20);
  params["time"] = core::FormatShanghaiChinese(s.session.starts_at);
  if (HasLink(kind)) params["link"] = TicketLink(r);
  if (kind == MessageKind::kReminder) params["venue"] = Short(s.venue, 20);
  // A cancellation's reason may run to 500 characters: the SMS carries its start.
  for (const auto& [k, v] : extra) params[k] = k == "reason" ? Short(v, 30) : v;
  store::MessageRow m;
  m.idempotency_key = domain::MessageKey(kind, r.id, discriminator);
  m.kind = kind;
  m.channel = domain::MessageChannel::kSms;
  m.session_id = r.session_id;
  m.reservation_id = r.id;
  m.recipient = r.phone;
  m.template_id = TemplateFor(kind);
  m.params = params.dump();
  m.next_attempt_at = now;
  m.expires_at = ExpiresAt(kind, r, s);
  m.created_at = now;
  bool added = settings_.sms && store::MessageStore::Enqueue(tx, m);
  if (settings_.email && !r.email.empty()) {
    m.idempotency_key += ":email";
    m.channel = domain::MessageChannel::kEmail;
    m.recipient = r.email;
    added = store::MessageStore::Enqueue(tx, m) || added;
  }
  return added;
}

bool VisitorMessages::EnqueueCode(store::Tx& tx, const std::string& phone, const std::string& code, long long code_id,
                                  core::UnixTime expires_at, core::UnixTime now) const {
  if (!settings_.sms) return false;
  const auto kind = MessageKind::kVerificationCode;
  nlohmann::json params = {{"code", code}, {"minutes", std::to_string((expires_at - now + 59) / 60)}};
  store::MessageRow m;
  m.idempotency_key = domain::MessageKey(kind, code_id);
  m.kind = kind;
  m.channel = domain::MessageChannel::kSms;
  m.recipient = phone;
  m.template_id = TemplateFor(kind);
  m.params = params.dump();
  m.next_attempt_at = now;
  m.expires_at = expires_at;
  m.created_at = now;
  return store::MessageStore::Enqueue(tx, m);
}

}  // namespace sciweek::service
