#include "http/login_guard.hpp"

#include <string>

#include "core/text.hpp"
#include "http/session_cookie.hpp"

namespace sciweek::http {
namespace {

// "https://Example.org:443" → "https://example.org": the spelling browsers and Host differ in.
std::string NormalOrigin(std::string origin) {
  origin = core::AsciiLower(core::Trim(origin));
  struct Default {
    std::string_view scheme, port;
  };
  for (const Default d : {Default{"http://", ":80"}, Default{"https://", ":443"}})
    if (origin.starts_with(d.scheme) && origin.ends_with(d.port)) origin.resize(origin.size() - d.port.size());
  return origin;
}

}  // namespace

std::optional<core::Error> RefuseCrossSiteLogin(const Request& req, const HttpConfig& config) {
  const std::string type = req.Header("content-type");
  if (core::AsciiLower(core::Trim(type.substr(0, type.find(';')))) != "application/json")
    return core::Error::UnsupportedMedia("登录请求须为 JSON（Content-Type: application/json）");
  const core::Error cross_site = core::Error::Forbidden("登录请求须来自本站页面");
  const auto has = [&](std::string_view name) {
    for (const auto& h : req.headers)
      if (h.first == name) return true;
    return false;
  };
  if (has("origin")) {
    const std::string own = std::string(ServedOverTls(req, config) ? "https://" : "http://") + req.Header("host");
    if (req.Header("host").empty() || NormalOrigin(req.Header("origin")) != NormalOrigin(own)) return cross_site;
  }
  if (has("sec-fetch-site")) {
    const std::string site = core::AsciiLower(core::Trim(req.Header("sec-fetch-site")));
    if (site != "same-origin" && site != "none") return cross_site;
  }
  return std::nullopt;
}

}  // namespace sciweek::http
