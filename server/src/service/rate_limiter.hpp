#pragma once
// A fixed-window counter per key (the public reservation limit per client address), kept
// in memory: each server process limits what it receives. The per-phone daily limit is
// counted in the database instead, so it holds across processes.
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/time.hpp"

namespace sciweek::service {

class RateLimiter {
 public:
  // limit 0 = unlimited.
  RateLimiter(int limit, int window_seconds) : limit_(limit), window_(window_seconds) {}
  // Counts one hit; the seconds to wait when over the limit, else 0.
  int Hit(const std::string& key, core::UnixTime now);

 private:
  struct Window {
    core::UnixTime start = 0;
    int count = 0;
  };
  int limit_;
  int window_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
  core::UnixTime last_sweep_ = 0;
};

}  // namespace sciweek::service
