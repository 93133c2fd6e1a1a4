#pragma once
// A small synchronous HTTP/1.1 client for the black-box API suite: one connection per
// request (so a test can fire requests from many threads, each with its own copy), a
// cookie jar, and the session's X-CSRF-Token sent automatically after Login (switchable,
// to prove the server refuses a write without it). Beast stays inside the .cpp.
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sciweek::test {

struct HttpResponse {
  int status = 0;  // 0: no answer (connection refused or reset); see transport_error
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string transport_error;

  // The first header of that name (case-insensitive), empty when absent.
  std::string Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
  // The body parsed as JSON; throws std::runtime_error naming the status and body if it is not.
  nlohmann::json json() const;
};

// "HTTP 422 {...}" so that `EXPECT_EQ(r.status, 200) << r;` explains itself.
std::ostream& operator<<(std::ostream& os, const HttpResponse& r);

class HttpClient {
 public:
  HttpClient(std::string host, unsigned short port) : host_(std::move(host)), port_(port) {}

  // Sends one request; extra headers are added as given. Never throws on a network error:
  // the response has status 0 and transport_error set.
  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::string& content_type = "",
                    const std::vector<std::pair<std::string, std::string>>& extra_headers = {});

  HttpResponse Get(const std::string& target) { return Send("GET", target); }
  HttpResponse Delete(const std::string& target) { return Send("DELETE", target); }
  HttpResponse Post(const std::string& target, const nlohmann::json& body) {
    return Send("POST", target, body.dump(), "application/json");
  }
  HttpResponse Put(const std::string& target, const nlohmann::json& body) {
    return Send("PUT", target, body.dump(), "application/json");
  }
  HttpResponse PostRaw(const std::string& target, const std::string& body,
                       const std::string& content_type = "application/json") {
    return Send("POST", target, body, content_type);
  }
  // Streams the file at `path` as the request body in 64 KiB pieces (never held whole in
  // memory), announced with Content-Length or, when `chunked`, sent with
  // Transfer-Encoding: chunked (so the server cannot refuse it from the header alone).
  // A server that answers early (413) and closes is read anyway. Never throws.
  HttpResponse SendFile(const std::string& method, const std::string& target, const std::string& path,
                        const std::string& content_type = "application/octet-stream", bool chunked = false);

  // POST /api/v1/auth/login; on 200 remembers the csrf_token for later writes.
  HttpResponse Login(const std::string& login, const std::string& password);

  // X-CSRF-Token on POST/PUT/PATCH/DELETE: the session's token (default), none, or a forged one.
  void SendCsrf(bool on) { send_csrf_ = on; }
  void ForgeCsrf(std::optional<std::string> token) { forged_csrf_ = std::move(token); }
  const std::string& csrf_token() const { return csrf_token_; }
  void set_csrf_token(std::string t) { csrf_token_ = std::move(t); }

  std::optional<std::string> Cookie(const std::string& name) const;
  void SetCookie(const std::string& name, const std::string& value) { cookies_[name] = value; }
  void ClearCookies() { cookies_.clear(); }

  // Requests carrying a body larger than this announce it with Expect: 100-continue.
  void set_expect_continue_above(size_t bytes) { expect_continue_above_ = bytes; }
  unsigned short port() const { return port_; }

 private:
  HttpResponse SendFileOnce(const std::string& method, const std::string& target, const std::string& path,
                            const std::string& content_type, bool chunked);
  std::string CookieHeader() const;
  HttpResponse SendOnce(const std::string& method, const std::string& target, const std::string& body,
                        const std::string& content_type,
                        const std::vector<std::pair<std::string, std::string>>& extra_headers);
  void StoreCookies(const HttpResponse& r);

  std::string host_;
  unsigned short port_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_token_;
  bool send_csrf_ = true;
  std::optional<std::string> forged_csrf_;
  size_t expect_continue_above_ = static_cast<size_t>(-1);
};

}  // namespace sciweek::test
