#include "notify/http_sms.hpp"

#include <ctime>

#include "core/crypto.hpp"
#include "notify/curl_common.hpp"
#include "notify/http_post.hpp"
#include "notify/sms_json.hpp"
#include "notify/sms_signing.hpp"

namespace sciweek::notify {
namespace {

// "2017-07-12T02:42:19Z"
std::string UtcTimestamp(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The answer of a transfer that did not complete, or of an HTTP status that is not 2xx.
SendResult FromTransport(const HttpAnswer& a, const std::string& what) {
  SendResult r;
  if (a.cancelled) {
    r.cancelled = true;
    r.error = "cancelled";
    return r;
  }
  if (!a.transferred) {
    r.error = what + ": " + a.error;  // timeouts and connection errors: transient
    return r;
  }
  r.error = what + " answered HTTP " + std::to_string(a.status);
  const auto excerpt = PrintableExcerpt(a.body);
  if (!excerpt.empty()) r.error += ": " + excerpt;
  r.permanent = a.status >= 400 && a.status < 500 && a.status != 408 && a.status != 429;
  return r;
}

}  // namespace

std::string WebhookSmsSender::Describe() const {
  return "webhook " + config_.url + (config_.secret.empty() ? " (unsigned)" : " (signed)");
}

SendResult WebhookSmsSender::Send(const std::string& phone, const std::string& template_id, const SmsParams& params,
                                  const std::string& idempotency_key, const std::atomic<bool>& stop) {
  HttpRequestSpec spec;
  spec.url = config_.url;
  spec.timeout_seconds = config_.timeout_seconds;
  spec.connect_timeout_seconds = std::min(config_.timeout_seconds, 5);
  spec.body = "{\"phone\":" + JsonQuote(phone) + ",\"template_id\":" + JsonQuote(template_id) +
              ",\"params\":" + JsonObjectOfStrings(params) + ",\"idempotency_key\":" + JsonQuote(idempotency_key) + "}";
  const std::string ts = std::to_string(std::time(nullptr));
  spec.headers = {"Content-Type: application/json; charset=utf-8", "X-Sciweek-Timestamp: " + ts,
                  "Idempotency-Key: " + idempotency_key};
  if (!config_.secret.empty())
    spec.headers.push_back("X-Sciweek-Signature: sha256=" + WebhookSignature(config_.secret, ts, spec.body));
  const auto a = PerformHttp(spec, stop);
  if (!a.transferred || a.status < 200 || a.status >= 300) return FromTransport(a, "webhook");
  SendResult r;
  r.ok = true;
  r.provider_id = JsonStringField(a.body, "id").value_or("");
  return r;
}

std::string CheckAliyunConfig(const AliyunSmsConfig& c) {
  if (auto why = CheckHttpUrl(c.endpoint, "--sms-endpoint"); !why.empty()) return why;
  if (c.access_key_id.empty()) return "--sms-provider=aliyun needs --sms-aliyun-access-key-id";
  if (c.access_key_secret.empty()) return "--sms-provider=aliyun needs SCIWEEK_SMS_ALIYUN_ACCESS_KEY_SECRET";
  if (c.sign_name.empty()) return "--sms-provider=aliyun needs --sms-sign-name (the registered 签名)";
  return {};
}

std::string AliyunSmsSender::Describe() const {
  return "阿里云短信 " + config_.endpoint + ", AccessKeyId " + config_.access_key_id + ", 签名 " + config_.sign_name;
}

std::vector<std::pair<std::string, std::string>> AliyunSmsSender::RequestParams(
    const std::string& phone, const std::string& template_id, const SmsParams& params,
    const std::string& idempotency_key, const std::string& timestamp, const std::string& nonce) const {
  return {{"AccessKeyId", config_.access_key_id},
          {"Action", "SendSms"},
          {"Format", "JSON"},
          {"OutId", idempotency_key},
          {"PhoneNumbers", phone},
          {"RegionId", config_.region},
          {"SignName", config_.sign_name},
          {"SignatureMethod", "HMAC-SHA1"},
          {"SignatureNonce", nonce},
          {"SignatureVersion", "1.0"},
          {"TemplateCode", template_id},
          {"TemplateParam", JsonObjectOfStrings(params)},
          {"Timestamp", timestamp},
          {"Version", "2017-05-25"}};
}

bool AliyunCodeIsTransient(const std::string& code) {
  // Flow control (per number per minute/hour/day, or the account's), the provider's own
  // errors, and an unlucky nonce: worth trying again later.
  return code == "isv.BUSINESS_LIMIT_CONTROL" || code == "isv.DAY_LIMIT_CONTROL" || code.rfind("Throttling", 0) == 0 ||
         code.rfind("isp.", 0) == 0 || code == "ServiceUnavailable" || code == "InternalError" ||
         code == "SignatureNonceUsed";
}

SendResult AliyunSmsSender::Send(const std::string& phone, const std::string& template_id, const SmsParams& params,
                                 const std::string& idempotency_key, const std::atomic<bool>& stop) {
  auto query = RequestParams(phone, template_id, params, idempotency_key, UtcTimestamp(std::time(nullptr)),
                             core::RandomToken(16));
  const std::string signature = AliyunSignature("POST", query, config_.access_key_secret);
  query.emplace_back("Signature", signature);
  HttpRequestSpec spec;
  spec.url = config_.endpoint;
  spec.timeout_seconds = config_.timeout_seconds;
  spec.connect_timeout_seconds = std::min(config_.timeout_seconds, 5);
  spec.headers = {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"};
  for (const auto& [k, v] : query) {
    if (!spec.body.empty()) spec.body += '&';
    spec.body += PercentEncode(k) + "=" + PercentEncode(v);
  }
  const auto a = PerformHttp(spec, stop);
  if (!a.transferred) return FromTransport(a, "aliyun");
  const auto code = JsonStringField(a.body, "Code");
  SendResult r;
  if (a.status >= 200 && a.status < 300 && code == "OK") {
    r.ok = true;
    r.provider_id = JsonStringField(a.body, "BizId").value_or("");
    return r;
  }
  if (!code) return FromTransport(a, "aliyun");  // no business answer: judge by the status
  r.error = "aliyun " + PrintableExcerpt(*code) + " (HTTP " + std::to_string(a.status) +
            "): " + PrintableExcerpt(JsonStringField(a.body, "Message").value_or(""));
  r.permanent = a.status < 500 && !AliyunCodeIsTransient(*code);
  return r;
}

}  // namespace sciweek::notify
