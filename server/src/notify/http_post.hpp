#pragma once
// One HTTP(S) request with libcurl for the SMS adapters: connect and total timeouts, TLS
// checked against the system's CAs, cancellation when `stop` turns true, and the answer's
// status and body (at most 64 KiB kept).
#include <atomic>
#include <string>
#include <vector>

namespace sciweek::notify {

struct HttpRequestSpec {
  std::string method = "POST";  // POST or GET
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  int connect_timeout_seconds = 5;
  int timeout_seconds = 15;
};

struct HttpAnswer {
  bool transferred = false;  // a complete HTTP answer arrived (any status)
  bool cancelled = false;    // `stop` turned true mid-way
  long status = 0;
  std::string body;
  std::string error;  // libcurl's reason when !transferred (printable ASCII, one line)
};

HttpAnswer PerformHttp(const HttpRequestSpec& spec, const std::atomic<bool>& stop);

// "https://host/path" with an http or https scheme and a host; empty when fine, else why not.
std::string CheckHttpUrl(const std::string& url, const std::string& flag);

}  // namespace sciweek::notify
