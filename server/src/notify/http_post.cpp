#include "notify/http_post.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "notify/curl_common.hpp"

namespace sciweek::notify {
namespace {

constexpr size_t kMaxBody = 64 * 1024;

size_t Collect(char* data, size_t size, size_t count, void* userp) {
  auto* out = static_cast<std::string*>(userp);
  const size_t n = size * count;
  if (out->size() < kMaxBody) out->append(data, std::min(n, kMaxBody - out->size()));
  return n;
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::string CheckHttpUrl(const std::string& url, const std::string& flag) {
  if (!StartsWith(url, "http://") && !StartsWith(url, "https://")) return flag + " must start with http:// or https://";
  const std::string rest = url.substr(url.find("://") + 3);
  if (rest.empty() || rest.front() == '/' || rest.front() == ':') return flag + " names no host";
  if (rest.substr(0, rest.find('/')).find('@') != std::string::npos) return flag + " must not carry credentials";
  return {};
}

HttpAnswer PerformHttp(const HttpRequestSpec& spec, const std::atomic<bool>& stop) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  HttpAnswer out;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    out.error = "libcurl could not start a transfer";
    return out;
  }
  CURL* h = curl.get();
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_slist* list = nullptr;
  for (const auto& header : spec.headers) list = curl_slist_append(list, header.c_str());
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(list, curl_slist_free_all);

  curl_easy_setopt(h, CURLOPT_URL, spec.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // a gateway that redirects is misconfigured
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(spec.timeout_seconds));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(spec.connect_timeout_seconds));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  if (spec.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, spec.body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(spec.body.size()));
  }
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, StopWhenAsked);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(&stop));

  const CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
  if (rc == CURLE_OK) {
    out.transferred = true;
    return out;
  }
  out.cancelled = rc == CURLE_ABORTED_BY_CALLBACK && stop.load();
  out.error = PrintableExcerpt(errbuf[0] ? errbuf : curl_easy_strerror(rc));
  return out;
}

}  // namespace sciweek::notify
