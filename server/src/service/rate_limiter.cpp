#include "service/rate_limiter.hpp"

namespace sciweek::service {

int RateLimiter::Hit(const std::string& key, core::UnixTime now) {
  if (limit_ <= 0) return 0;
  std::lock_guard lock(mu_);
  if (now - last_sweep_ >= window_) {
    // Forget finished windows so the map does not grow with every address ever seen.
    for (auto it = windows_.begin(); it != windows_.end();)
      it = now - it->second.start >= window_ ? windows_.erase(it) : std::next(it);
    last_sweep_ = now;
  }
  auto& w = windows_[key];
  if (now - w.start >= window_) w = {now, 0};
  if (w.count >= limit_) return static_cast<int>(w.start + window_ - now);
  ++w.count;
  return 0;
}

}  // namespace sciweek::service
