#pragma once
// The signatures the SMS adapters put on their requests (OpenSSL's HMAC), kept apart from the
// transport so the unit tests check them against the providers' documented examples.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sciweek::notify {

// Raw HMAC digests.
std::string HmacSha1(std::string_view key, std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);
std::string HexLower(std::string_view bytes);

// RFC 3986 percent-encoding as Alibaba Cloud's RPC signature wants it: A-Z a-z 0-9 - _ . ~
// kept, every other byte %XX in upper-case hex (space is %20, * is %2A).
std::string PercentEncode(std::string_view s);

// Alibaba Cloud RPC (POP) signature, version 1.0: the parameters sorted by name, each name and
// value percent-encoded, joined as a=b&c=d; StringToSign = METHOD&%2F&<percent-encoded
// query>; Signature = base64(HMAC-SHA1(secret + "&", StringToSign)).
using QueryParams = std::vector<std::pair<std::string, std::string>>;
std::string AliyunCanonicalQuery(QueryParams params);
std::string AliyunStringToSign(const std::string& method, const QueryParams& params);
std::string AliyunSignature(const std::string& method, const QueryParams& params, std::string_view secret);

// The webhook's signature header value: hex HMAC-SHA256 over "<timestamp>.<body>".
std::string WebhookSignature(std::string_view secret, std::string_view timestamp, std::string_view body);

}  // namespace sciweek::notify
