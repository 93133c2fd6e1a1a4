#include "notify/smtp_mailer.hpp"

#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>

#include "notify/curl_common.hpp"

namespace sciweek::notify {
namespace {

struct Upload {
  const std::string* data;
  size_t pos = 0;
};

size_t ReadBody(char* buffer, size_t size, size_t count, void* userp) {
  auto* up = static_cast<Upload*>(userp);
  const size_t n = std::min(size * count, up->data->size() - up->pos);
  // curl's read callback fills a byte buffer of the size it gave, not a C string.
  // NOLINTNEXTLINE(bugprone-not-null-terminated-result)
  std::memcpy(buffer, up->data->data() + up->pos, n);
  up->pos += n;
  return n;
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::string CheckSmtpConfig(const SmtpConfig& c) {
  if (!StartsWith(c.url, "smtp://") && !StartsWith(c.url, "smtps://"))
    return "--smtp-url must start with smtp:// or smtps://";
  const auto host_start = c.url.find("://") + 3;
  const std::string rest = c.url.substr(host_start);
  if (rest.empty() || rest.front() == '/' || rest.front() == ':') return "--smtp-url names no host";
  if (rest.substr(0, rest.find('/')).find('@') != std::string::npos)
    return "--smtp-url must not carry credentials: use --smtp-user and SCIWEEK_SMTP_PASSWORD";
  if (!c.password.empty() && c.user.empty()) return "SCIWEEK_SMTP_PASSWORD is set but --smtp-user is not";
  if (c.timeout_seconds < 1) return "--smtp-timeout-seconds must be positive";
  return {};
}

SmtpMailer::SmtpMailer(SmtpConfig config) : config_(std::move(config)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string SmtpMailer::Describe() const {
  std::string d = config_.url;
  if (StartsWith(config_.url, "smtps://")) d += ", TLS";
  else if (config_.starttls == StartTls::kNever) d += ", no TLS";
  else if (config_.starttls == StartTls::kRequire || !config_.user.empty()) d += ", STARTTLS required";
  else d += ", STARTTLS when offered";
  if (!config_.user.empty()) d += ", user " + config_.user;
  return d;
}

SendResult SmtpMailer::Send(const std::string& from_address, const std::string& to_address, const std::string& message,
                            const std::atomic<bool>& stop) {
  SendResult out;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    out.error = "libcurl could not start a transfer";
    return out;
  }
  CURL* h = curl.get();
  char errbuf[CURL_ERROR_SIZE] = {0};
  const std::string from = "<" + from_address + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt(
      curl_slist_append(nullptr, ("<" + to_address + ">").c_str()), curl_slist_free_all);
  Upload upload{&message};

  curl_easy_setopt(h, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");  // the URL cannot make this anything else
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(config_.timeout_seconds));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min(config_.timeout_seconds, 30)));
  long use_ssl = CURLUSESSL_TRY;
  if (config_.starttls == StartTls::kNever) use_ssl = CURLUSESSL_NONE;
  else if (config_.starttls == StartTls::kRequire || !config_.user.empty()) use_ssl = CURLUSESSL_ALL;
  curl_easy_setopt(h, CURLOPT_USE_SSL, use_ssl);
  if (!config_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, config_.ca_file.c_str());
  if (!config_.user.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, config_.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, config_.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, StopWhenAsked);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(&stop));

  const CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OK) {
    out.ok = true;
    return out;
  }
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  out.cancelled = rc == CURLE_ABORTED_BY_CALLBACK && stop.load();
  out.permanent = code >= 500 && code < 600;
  out.error = PrintableExcerpt(errbuf[0] ? errbuf : curl_easy_strerror(rc), 400);
  if (code) out.error += " (SMTP " + std::to_string(code) + ")";
  return out;
}

}  // namespace sciweek::notify
