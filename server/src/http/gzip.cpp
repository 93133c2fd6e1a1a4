#include "http/gzip.hpp"

#include <zlib.h>

#include <deque>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

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

std::string CachedGzip(const std::string& etag, const std::string& body) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::string> cache;
  static std::deque<std::string> order;
  constexpr size_t kMaxEntries = 256;
  {
    std::lock_guard lock(mu);
    if (auto it = cache.find(etag); it != cache.end()) return it->second;
  }
  std::string gz = Gzip(body);
  std::lock_guard lock(mu);
  if (cache.emplace(etag, gz).second) {
    order.push_back(etag);
    if (order.size() > kMaxEntries) {
      cache.erase(order.front());
      order.pop_front();
    }
  }
  return gz;
}

}  // namespace sciweek::http
