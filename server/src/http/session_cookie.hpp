#pragma once
// The session cookie's name and attributes, one rule for login, logout and the dispatcher
// that reads it. Over TLS it is `__Host-sciweek_session` (the browser then insists on
// Secure, Path=/ and no Domain, so no sibling subdomain or plain-HTTP page can set or
// shadow it); over plain HTTP (local `make run`) it stays `sciweek_session`, without Secure,
// so the browser keeps sending it.
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "http/services.hpp"

namespace sciweek::http {

// Whether the browser reached us over TLS: always with --secure-cookies (the site is only
// served over TLS), or with --trust-proxy when the proxy says `X-Forwarded-Proto: https`.
bool ServedOverTls(const Request& req, const HttpConfig& config);

// The cookie name that matches the request's scheme.
std::string_view SessionCookieName(const Request& req, const HttpConfig& config);

// The Set-Cookie value carrying `token` for `max_age` seconds ("" and 0 clear it).
std::string SessionSetCookie(const Request& req, const HttpConfig& config, const std::string& token, long long max_age);

}  // namespace sciweek::http
