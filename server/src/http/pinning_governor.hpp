#pragma once
// When the pinned I/O threads (decision 0034) are let go (decision 0037). Pinned, each I/O
// thread keeps its CPU, which serves the calendar at its best. But on SQLite one thread at a
// time commits every reservation (store::Db's group commit), and a pinned I/O thread on that
// thread's CPU takes half of it, while unpinned threads would make room by moving. So while
// that writer is busy at least half of the time, the I/O threads run on any CPU; once it is
// calm again for a second, they are pinned again.
#include <chrono>
#include <optional>

namespace sciweek::http {

class PinningGovernor {
 public:
  // Busy at least this share of a beat: the I/O threads are let go.
  static constexpr double kReleaseAt = 0.5;
  // Below this share for kCalmBeats beats in a row: pinned again. The gap between the two
  // keeps a load near one threshold from switching at every beat.
  static constexpr double kPinBelow = 0.2;
  static constexpr int kCalmBeats = 2;
  // The beat the server calls Next() on.
  static constexpr std::chrono::milliseconds kBeat{500};

  // `writer_busy`: the writer's time spent in batches since the process started. Whether the
  // I/O threads should be pinned from now on.
  bool Next(std::chrono::nanoseconds writer_busy, std::chrono::steady_clock::time_point now);
  bool pinned() const { return pinned_; }

 private:
  bool pinned_ = true;
  int calm_beats_ = 0;
  std::optional<std::chrono::nanoseconds> last_busy_;
  std::chrono::steady_clock::time_point last_at_{};
};

}  // namespace sciweek::http
