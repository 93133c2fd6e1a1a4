#include "http/gzip.hpp"

#include <zlib.h>

#include <stdexcept>

#include "core/byte_lru_cache.hpp"

namespace sciweek::http {

std::string Gzip(const std::string& data) {
  z_stream z{};
  // 15 + 16: a gzip header and trailer rather than raw zlib.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  out.resize(z.total_out);
  return out;
}

namespace {

core::ByteLruCache<std::shared_ptr<const std::string>>& GzipCache() {
  static core::ByteLruCache<std::shared_ptr<const std::string>> cache(kGzipCacheBytes);
  return cache;
}

}  // namespace

std::shared_ptr<const std::string> CachedGzip(const std::string& etag, const std::string& body) {
  if (auto hit = GzipCache().Get(etag)) return *hit;
  auto gz = std::make_shared<const std::string>(Gzip(body));
  GzipCache().Put(etag, gz, gz->size());
  return gz;
}

size_t GzipCacheBytes() { return GzipCache().bytes(); }

}  // namespace sciweek::http
