#pragma once
// gzip for large public answers, with a small cache keyed by the answer's ETag: the hot
// calendar pages are compressed once per change, not once per request.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace sciweek::http {

// The gzip (RFC 1952) form of data at the default level.
std::string Gzip(const std::string& data);

// Whether a request's Accept-Encoding lets its answer be gzipped.
inline bool AcceptsGzip(std::string_view accept_encoding) {
  return accept_encoding.find("gzip") != std::string_view::npos;
}

// Bytes the gzip cache may hold (see service/activities/public_catalog.hpp's kPublicListCacheBytes).
inline constexpr size_t kGzipCacheBytes = size_t{8} << 20;

// Gzip(body) for this etag, computed once; keeps the most recently used within kGzipCacheBytes.
// Shared, not copied: a hit costs the cache's lock and a reference count, never the bytes.
std::shared_ptr<const std::string> CachedGzip(const std::string& etag, const std::string& body);
// What the gzip cache holds now, in bytes (for /metrics).
size_t GzipCacheBytes();

}  // namespace sciweek::http
