#pragma once
// gzip for large public answers, with a small cache keyed by the answer's ETag: the hot
// calendar pages are compressed once per change, not once per request.
#include <string>

namespace sciweek::http {

// The gzip (RFC 1952) form of data at the default level.
std::string Gzip(const std::string& data);

// Gzip(body) for this etag, computed once; keeps the most recent few hundred.
std::string CachedGzip(const std::string& etag, const std::string& body);

}  // namespace sciweek::http
