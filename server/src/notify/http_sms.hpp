#pragma once
// The two SMS adapters that talk HTTP (libcurl through notify/http_post.hpp):
//  - WebhookSmsSender: POSTs {"phone","template_id","params","idempotency_key"} as JSON to a
//    configured URL, signed: X-Sciweek-Timestamp (Unix seconds) and X-Sciweek-Signature
//    "sha256=<hex HMAC-SHA256 over timestamp.body>", plus Idempotency-Key. For an in-house
//    gateway or a provider reached through a relay.
//  - AliyunSmsSender: 阿里云短信 Dysmsapi SendSms (RPC API version 2017-05-25, signature
//    method HMAC-SHA1, version 1.0) with AccessKeyId/Secret, SignName, TemplateCode,
//    TemplateParam and OutId = the idempotency key; the endpoint is configurable (tests point
//    it at a loopback fake).
// Both: 2xx and accepted → ok; 4xx (except 408/429) and business refusals → permanent;
// 5xx, 408, 429, throttling codes, timeouts and connection errors → transient.
#include <string>

#include "notify/sms_sender.hpp"

namespace sciweek::notify {

struct WebhookSmsConfig {
  std::string url;
  std::string secret;  // SCIWEEK_SMS_WEBHOOK_SECRET; empty: requests are unsigned
  int timeout_seconds = 15;
};

class WebhookSmsSender : public SmsSender {
 public:
  explicit WebhookSmsSender(WebhookSmsConfig config) : config_(std::move(config)) {}
  SendResult Send(const std::string& phone, const std::string& template_id, const SmsParams& params,
                  const std::string& idempotency_key, const std::atomic<bool>& stop) override;
  std::string Describe() const override;

 private:
  WebhookSmsConfig config_;
};

struct AliyunSmsConfig {
  std::string endpoint = "https://dysmsapi.aliyuncs.com/";
  std::string access_key_id;
  std::string access_key_secret;  // SCIWEEK_SMS_ALIYUN_ACCESS_KEY_SECRET only
  std::string sign_name;          // the registered 签名, e.g. 北京科技周
  std::string region = "cn-hangzhou";
  int timeout_seconds = 15;
};

// Empty when usable, else the reason (for the operator).
std::string CheckAliyunConfig(const AliyunSmsConfig& c);

class AliyunSmsSender : public SmsSender {
 public:
  explicit AliyunSmsSender(AliyunSmsConfig config) : config_(std::move(config)) {}
  SendResult Send(const std::string& phone, const std::string& template_id, const SmsParams& params,
                  const std::string& idempotency_key, const std::atomic<bool>& stop) override;
  std::string Describe() const override;
  // The request's parameters before signing (all but Signature), for the unit tests.
  std::vector<std::pair<std::string, std::string>> RequestParams(
      const std::string& phone, const std::string& template_id, const SmsParams& params,
      const std::string& idempotency_key, const std::string& timestamp, const std::string& nonce) const;

 private:
  AliyunSmsConfig config_;
};

// How an Aliyun answer's Code is read: "OK"; throttling and the provider's own errors are
// transient; the rest (bad number, template, signature, key) permanent.
bool AliyunCodeIsTransient(const std::string& code);

}  // namespace sciweek::notify
