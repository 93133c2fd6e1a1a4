#include "notify/sms_sender.hpp"

#include "core/logging.hpp"
#include "core/text.hpp"
#include "notify/sms_json.hpp"

namespace sciweek::notify {
std::string JsonObjectOfStrings(const SmsParams& params) {
  std::string out = "{";
  for (const auto& [k, v] : params) {
    if (out.size() > 1) out += ',';
    out += JsonQuote(k) + ":" + JsonQuote(v);
  }
  return out + "}";
}

SendResult LogSmsSender::Send(const std::string& phone, const std::string& template_id, const SmsParams& params,
                              const std::string& idempotency_key, const std::atomic<bool>&) {
  // The ticket link opens the visitor's ticket together with the phone: only its start is shown.
  SmsParams shown = params;
  for (auto& [k, v] : shown)
    if (k == "link" && v.size() > 12) v = v.substr(0, v.size() - 12) + "…";
  spdlog::info("sms (log only) to {}: template {} {} [{}]", core::MaskPhone(phone), template_id,
               JsonObjectOfStrings(shown), idempotency_key);
  SendResult r;
  r.ok = true;
  r.provider_id = "log:" + idempotency_key;
  return r;
}

}  // namespace sciweek::notify
