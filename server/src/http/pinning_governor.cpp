#include "http/pinning_governor.hpp"

namespace sciweek::http {

bool PinningGovernor::Next(std::chrono::nanoseconds writer_busy, std::chrono::steady_clock::time_point now) {
  if (!last_busy_ || now <= last_at_) {  // the first beat, or a clock that did not move
    last_busy_ = writer_busy;
    last_at_ = now;
    return pinned_;
  }
  const double share = std::chrono::duration<double>(writer_busy - *last_busy_).count() /
                       std::chrono::duration<double>(now - last_at_).count();
  last_busy_ = writer_busy;
  last_at_ = now;
  if (pinned_) {
    if (share >= kReleaseAt) {
      pinned_ = false;
      calm_beats_ = 0;
    }
    return pinned_;
  }
  calm_beats_ = share < kPinBelow ? calm_beats_ + 1 : 0;
  if (calm_beats_ >= kCalmBeats) pinned_ = true;
  return pinned_;
}

}  // namespace sciweek::http
