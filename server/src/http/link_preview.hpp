#pragma once
// Link previews of the visitor's activity pages. A shared /events/<id> link is unfurled by
// crawlers (WeChat, Weibo, Slack, …) that run no script, so the server itself writes the
// activity's <title> and Open Graph tags into the index.html it serves for that path. Only
// published activities get them (PublicCatalog::Preview); every value is HTML-escaped.
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "http/services.hpp"
#include "service/activities/public_catalog.hpp"

namespace sciweek::http {

// The id of a visitor's activity page, /events/12 or /p/events/12 (a trailing slash allowed);
// nullopt for any other path.
std::optional<long long> ActivityPageId(std::string_view path);

// "https://host[:port]" as the request names this server, or "" when Host is missing or not a
// plain host name or address with an optional port. Absolute links (og:url, og:image, the
// poster's QR code) need it; a forged Host only misleads the one who forged it, and answers
// built from it are not stored by shared caches (callers send no-store or no-cache).
std::string RequestOrigin(const Request& req, const HttpConfig& config);

// The public address of an activity's page ("<origin>/events/<id>").
std::string ActivityPageUrl(const std::string& origin, long long id);

// `index_html` with its <title> replaced by the activity's and og:/twitter: tags after it.
std::string WithLinkPreview(const std::string& index_html, const service::PublicPreview& p, const std::string& origin);

}  // namespace sciweek::http
