#include "http/link_preview.hpp"

#include <cctype>
#include <charconv>

#include "core/time.hpp"
#include "http/print_page.hpp"
#include "http/session_cookie.hpp"

namespace sciweek::http {
namespace {

constexpr size_t kDescriptionBytes = 300;  // previews show two or three lines

// At most `max` bytes of UTF-8 text, cut before a character, never inside one; runs of
// white space (the description's line breaks) become one space.
std::string Squeeze(std::string_view text, size_t max) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() <= max) return out;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  return out.substr(0, cut) + "…";
}

std::string Meta(std::string_view attr, std::string_view name, const std::string& value) {
  return "<meta " + std::string(attr) + "=\"" + std::string(name) + "\" content=\"" + HtmlEscape(value) + "\" />";
}

}  // namespace

std::optional<long long> ActivityPageId(std::string_view path) {
  for (std::string_view prefix : {"/events/", "/p/events/"}) {
    if (!path.starts_with(prefix)) continue;
    std::string_view rest = path.substr(prefix.size());
    if (rest.ends_with('/')) rest.remove_suffix(1);
    if (rest.empty() || rest.size() > 18) return std::nullopt;
    long long id = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
    if (ec != std::errc() || end != rest.data() + rest.size() || id <= 0) return std::nullopt;
    return id;
  }
  return std::nullopt;
}

namespace {

bool IsAlnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A Host header that is a plain name or address with an optional port: `name[:port]` with
// letters, digits, dots and dashes (starting and ending with a letter or digit), or
// `[ipv6][:port]`. Anything else (spaces, slashes, quotes, `@`) never reaches a page. Hand
// written rather than std::regex: linear, no recursion on hostile input.
bool IsPlainHost(std::string_view host) {
  if (host.empty() || host.size() > 260) return false;
  std::string_view name = host;
  if (const auto colon = host.rfind(':');
      colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos) {
    const auto port = host.substr(colon + 1);
    if (port.empty() || port.size() > 5) return false;
    for (char c : port)
      if (c < '0' || c > '9') return false;
    name = host.substr(0, colon);
  }
  if (name.size() >= 4 && name.front() == '[' && name.back() == ']') {
    const auto inside = name.substr(1, name.size() - 2);
    if (inside.size() < 2 || inside.size() > 45) return false;
    for (char c : inside)
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
    return true;
  }
  if (name.empty() || name.size() > 253 || !IsAlnum(name.front()) || !IsAlnum(name.back())) return false;
  for (char c : name)
    if (!IsAlnum(c) && c != '.' && c != '-') return false;
  return true;
}

}  // namespace

std::string RequestOrigin(const Request& req, const HttpConfig& config) {
  const std::string host = req.Header("host");
  if (!IsPlainHost(host)) return "";
  return std::string(ServedOverTls(req, config) ? "https://" : "http://") + host;
}

std::string ActivityPageUrl(const std::string& origin, long long id) {
  return origin + "/events/" + std::to_string(id);
}

std::string WithLinkPreview(const std::string& index_html, const service::PublicPreview& p, const std::string& origin) {
  const std::string site = "北京科技周";
  std::string where = p.district_name;
  if (!p.venue.empty()) where += (where.empty() ? "" : " ") + p.venue;
  std::string description = core::FormatShanghaiChinese(p.starts_at);
  if (!where.empty()) description += " · " + where;
  if (!p.description.empty()) description += " — " + p.description;
  description = Squeeze(description, kDescriptionBytes);

  std::string tags = "<title>" + HtmlEscape(p.title + " - " + site) + "</title>";
  tags += Meta("name", "description", description);
  tags += Meta("property", "og:type", "website");
  tags += Meta("property", "og:site_name", site);
  tags += Meta("property", "og:title", p.title);
  tags += Meta("property", "og:description", description);
  tags += Meta("property", "og:url", ActivityPageUrl(origin, p.id));
  if (p.has_cover) {
    tags += Meta("property", "og:image", origin + "/api/v1/public/activities/" + std::to_string(p.id) + "/cover");
    tags += Meta("name", "twitter:card", "summary_large_image");
  } else {
    tags += Meta("name", "twitter:card", "summary");
  }

  std::string html = index_html;
  const auto open = html.find("<title>");
  const auto close = open == std::string::npos ? std::string::npos : html.find("</title>", open);
  if (close != std::string::npos) return html.replace(open, close + 8 - open, tags);
  const auto head = html.find("<head>");
  if (head == std::string::npos) return html;  // not the page we built: leave it alone
  return html.insert(head + 6, tags);
}

}  // namespace sciweek::http
