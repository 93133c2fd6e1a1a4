#include "service/support/rate_limiter.hpp"

#include "core/logging.hpp"
#include "store/rate_window_store.hpp"

namespace sciweek::service {

int RateLimiter::HitShared(const std::string& key, core::UnixTime now) {
  // Windows aligned on the clock, so every node counts into the same row.
  const core::UnixTime start = now - now % window_;
  auto hits = shared_->Write<int>([&](store::Tx& tx) -> core::Result<int> {
    // Finished windows go once per window and process, in passing.
    if (core::UnixTime before = forgotten_before_.load();
        before < start && forgotten_before_.compare_exchange_strong(before, start))
      store::RateWindowStore::Forget(tx, start - window_);
    return store::RateWindowStore::Hit(tx, key, start);
  });
  // A limit that cannot be counted does not refuse visitors: their reservation's own
  // transaction will say whether the database answers.
  if (!hits) {
    spdlog::warn("counting the reservation limit of {} failed: {}", key, hits.error().internal);
    return 0;
  }
  return *hits > limit_ ? static_cast<int>(start + window_ - now) : 0;
}

int RateLimiter::Hit(const std::string& key, core::UnixTime now) {
  if (limit_ <= 0) return 0;
  if (shared_) return HitShared(key, now);
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
