#pragma once
// A fixed-window counter per key (the public reservation limit per client address). On
// PostgreSQL it is counted in the database (store/rate_window_store.hpp), so the limit holds
// however many nodes nginx spreads one address over; otherwise (SQLite, one machine) in this
// process's memory. The per-phone daily limit is counted from the reservations themselves.
#include <atomic>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/time.hpp"
#include "store/db.hpp"

namespace sciweek::service {

class RateLimiter {
 public:
  // limit 0 = unlimited. `shared`: count in that database instead of in memory.
  RateLimiter(int limit, int window_seconds, store::Db* shared = nullptr)
      : limit_(limit), window_(window_seconds), shared_(shared) {}
  // Counts one hit; the seconds to wait when over the limit, else 0.
  int Hit(const std::string& key, core::UnixTime now);
  // Whether Hit may wait on the database (a limit counted there).
  bool MayWait() const { return limit_ > 0 && shared_ != nullptr; }

 private:
  int HitShared(const std::string& key, core::UnixTime now);

  struct Window {
    core::UnixTime start = 0;
    int count = 0;
  };
  int limit_;
  int window_;
  store::Db* shared_;
  std::atomic<core::UnixTime> forgotten_before_{0};
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
  core::UnixTime last_sweep_ = 0;
};

}  // namespace sciweek::service
