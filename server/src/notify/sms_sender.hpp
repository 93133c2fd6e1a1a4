#pragma once
// SmsSender — hands one templated SMS to a gateway (decision 0015). Mainland gateways send
// only registered templates: the caller gives the template id and its parameters, never free
// text. The delivery worker (service/visitors/visitor_delivery.*) sees only this interface; app/ wires
// in one adapter: log-only (development, `make run`), a generic signed webhook, or 阿里云短信.
// Results: ok (the gateway accepted it), permanent (a 4xx or a business error such as an
// invalid number or template: retrying will not help), otherwise transient (5xx, timeouts,
// connection errors: retry with backoff). Phones never appear unmasked in any log line.
#include <atomic>
#include <string>
#include <utility>
#include <vector>

#include "notify/mailer.hpp"

namespace sciweek::notify {

using SmsParams = std::vector<std::pair<std::string, std::string>>;

class SmsSender {
 public:
  virtual ~SmsSender() = default;
  // Blocks for at most the adapter's timeout, and returns soon after `stop` turns true.
  // `idempotency_key` is the same for every attempt of one message: gateways that support it
  // (OutId, the webhook's Idempotency-Key) can drop a duplicate.
  virtual SendResult Send(const std::string& phone, const std::string& template_id, const SmsParams& params,
                          const std::string& idempotency_key, const std::atomic<bool>& stop) = 0;
  // "webhook https://sms.example.org.cn/send", never a secret.
  virtual std::string Describe() const = 0;
};

// A JSON object of string values, e.g. {"activity":"…"} (TemplateParam, the webhook body).
std::string JsonObjectOfStrings(const SmsParams& params);

// Logs each message (masked phone, template, parameters) and reports it sent: development and
// the demo, so `make run` shows what visitors would receive without a gateway.
class LogSmsSender : public SmsSender {
 public:
  SendResult Send(const std::string& phone, const std::string& template_id, const SmsParams& params,
                  const std::string& idempotency_key, const std::atomic<bool>& stop) override;
  std::string Describe() const override { return "log only (nothing is sent)"; }
};

}  // namespace sciweek::notify
