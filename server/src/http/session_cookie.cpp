#include "http/session_cookie.hpp"

#include "core/text.hpp"

namespace sciweek::http {

bool ServedOverTls(const Request& req, const HttpConfig& config) {
  if (config.secure_cookies) return true;
  if (!config.trust_proxy) return false;
  // "https, http" from a chain of proxies: the first is the scheme the browser used.
  const std::string proto = req.Header("x-forwarded-proto");
  return core::AsciiLower(core::Trim(proto.substr(0, proto.find(',')))) == "https";
}

std::string_view SessionCookieName(const Request& req, const HttpConfig& config) {
  return ServedOverTls(req, config) ? "__Host-sciweek_session" : "sciweek_session";
}

std::string SessionSetCookie(const Request& req, const HttpConfig& config, const std::string& token,
                             long long max_age) {
  std::string c = std::string(SessionCookieName(req, config)) + "=" + token +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (ServedOverTls(req, config)) c += "; Secure";
  return c;
}

}  // namespace sciweek::http
