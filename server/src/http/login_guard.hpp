#pragma once
// Login CSRF: another site must not be able to log a visitor's browser into an account of
// the attacker's choosing (the visitor would then file reports into it). A cross-site form
// can only send form or text bodies, and a cross-site fetch carries its Origin and
// Sec-Fetch-Site, so the login accepts JSON only and refuses a request that says it
// comes from elsewhere. (Every other write needs the session's X-CSRF-Token.)
#include <optional>

#include "core/error.hpp"
#include "http/message.hpp"
#include "http/services.hpp"

namespace sciweek::http {

// 415 unless Content-Type is application/json; 403 when Origin is present and is not this
// server's own origin (the Host header, https when ServedOverTls), or Sec-Fetch-Site is
// present and neither same-origin nor none. nullopt: the request may log in.
std::optional<core::Error> RefuseCrossSiteLogin(const Request& req, const HttpConfig& config);

}  // namespace sciweek::http
