#pragma once
// Serves the built front end: hashed assets with a year-long cache, index.html for every
// client route (SPA fallback) with no-cache, so a new release is picked up at once.
//
// Only files listed from the web root are served: the root is walked once (and again when
// index.html changes, i.e. on a new deploy), keeping regular files whose canonical path is
// inside the canonical root. A request path is a key into that list, never a path handed to
// the file system, so no spelling of a path ("//proc/self/…", "%2Fetc%2Fpasswd", "..",
// symlinks) can reach a file outside web/dist, and the cache cannot grow past the listing.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "http/message.hpp"

namespace sciweek::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);
  bool enabled() const { return !root_.empty(); }
  // Rewrites index.html's body before it is sent (the link preview of an activity page);
  // the ETag then follows the rewritten body.
  using IndexRewrite = std::function<std::string(const std::string&)>;
  Response Serve(const Request& req, const IndexRewrite& rewrite_index = {});

  // Bounds of the listing: a web build has a few hundred files of a few MB at most.
  static constexpr size_t kMaxFiles = 20000;
  static constexpr std::uintmax_t kMaxFileBytes = 64ull << 20;

 private:
  struct File {
    std::filesystem::path full;
    std::string body;  // loaded on first use
    std::string etag;
    bool loaded = false;
  };
  using Listing = std::map<std::string, std::shared_ptr<File>>;

  std::shared_ptr<const File> Find(const std::string& relative);
  void RescanIfDeployed();
  Listing Scan() const;

  std::string root_;
  std::mutex mu_;
  Listing files_;
  std::filesystem::file_time_type index_mtime_{};
  std::chrono::steady_clock::time_point next_check_{};
};

std::string ContentTypeFor(const std::string& path);

}  // namespace sciweek::http
