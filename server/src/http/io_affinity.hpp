#pragma once
// Which CPU each I/O thread runs on, and which I/O thread a new connection joins
// (decision 0034). Each I/O thread is pinned to a CPU of its own, and a connection is served
// by the thread on the CPU its packets arrive on (SO_INCOMING_CPU: the CPU of the network
// card's queue, or on loopback the client's). The client, the kernel's packet work and the
// thread that answers then share a CPU and its caches, and two busy threads stop taking turns
// on one CPU while the other waits: with the threads free to move, a listing request waited
// a whole scheduler slice at the 90th percentile (5 ms) under load.
#include <cstddef>
#include <optional>
#include <vector>

namespace sciweek::http {

class IoAffinity {
 public:
  // `io_threads` threads over the CPUs this process may run on (its affinity mask, so a
  // container's or taskset's limit holds). Pinned when `enabled`, there are at least two
  // threads and no more threads than CPUs; otherwise nothing is pinned and connections are
  // dealt out in turn.
  IoAffinity(size_t io_threads, bool enabled);
  // The same plan over a given list of allowed CPUs (the unit tests).
  IoAffinity(size_t io_threads, bool enabled, const std::vector<int>& allowed_cpus);

  bool pinned() const { return !cpus_.empty(); }
  // The CPU I/O thread `index` runs on; -1 when threads are not pinned.
  int CpuOf(size_t index) const;
  // Pins the calling thread as I/O thread `index`; false when not pinned or the kernel refused.
  bool PinCurrentThread(size_t index) const;
  // Lets the calling thread run on every CPU this process may use again (PinningGovernor);
  // false when the kernel refused.
  bool ReleaseCurrentThread() const;
  // The I/O thread that runs on `cpu`; nullopt when threads are not pinned, the CPU is
  // unknown (-1) or no I/O thread runs there.
  std::optional<size_t> ThreadOn(int cpu) const;

  // The I/O thread a new connection joins, given the connections each thread has open and
  // the thread next in turn: the thread on `incoming_cpu`, unless that thread already holds
  // more than its share (then the thread with the fewest), else the one in turn. Without
  // the share, a network card with one receive queue, or clients that all connected from
  // one CPU, would put every connection on one thread and leave the other CPUs idle.
  enum class Why { kIncomingCpu, kBalance, kTurn };
  struct Joining {
    size_t thread;
    Why why;
  };
  Joining Join(int incoming_cpu, const std::vector<size_t>& open, size_t in_turn) const;
  // How far above the least busy thread the thread of a connection's CPU may go: an eighth
  // of all open connections, at least kMinSlack.
  static constexpr size_t kMinSlack = 8;

  // The CPU that received the socket's latest packet; -1 when the kernel does not say.
  static int IncomingCpu(int socket_fd);

 private:
  std::vector<int> cpus_;     // cpus_[i]: I/O thread i's CPU; empty when unpinned
  std::vector<int> allowed_;  // every CPU this process may run on
};

}  // namespace sciweek::http
