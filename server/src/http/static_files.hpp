#pragma once
// Serves the built front end: hashed assets with a year-long cache, index.html for every
// client route (SPA fallback) with no-cache, so a new release is picked up at once.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "http/message.hpp"

namespace sciweek::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}
  bool enabled() const { return !root_.empty(); }
  Response Serve(const Request& req);

 private:
  struct File {
    std::string body;
    std::string etag;
  };
  std::shared_ptr<const File> Load(const std::string& relative);

  std::string root_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const File>> cache_;
};

std::string ContentTypeFor(const std::string& path);

}  // namespace sciweek::http
