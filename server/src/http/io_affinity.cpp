#include "http/io_affinity.hpp"

#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>

#include <algorithm>

namespace sciweek::http {
namespace {

std::vector<int> AllowedCpus() {
  std::vector<int> out;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return out;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set)) out.push_back(cpu);
  return out;
}

}  // namespace

IoAffinity::IoAffinity(size_t io_threads, bool enabled) : IoAffinity(io_threads, enabled, AllowedCpus()) {}

IoAffinity::IoAffinity(size_t io_threads, bool enabled, const std::vector<int>& allowed_cpus) : allowed_(allowed_cpus) {
  // One thread pinned is one CPU lost to every other thread's connections for nothing; more
  // threads than CPUs would stack two on one CPU, the turn-taking this exists to avoid.
  if (!enabled || io_threads < 2 || io_threads > allowed_cpus.size()) return;
  cpus_.assign(allowed_cpus.begin(), allowed_cpus.begin() + static_cast<std::ptrdiff_t>(io_threads));
}

int IoAffinity::CpuOf(size_t index) const { return index < cpus_.size() ? cpus_[index] : -1; }

bool IoAffinity::PinCurrentThread(size_t index) const {
  const int cpu = CpuOf(index);
  if (cpu < 0) return false;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

bool IoAffinity::ReleaseCurrentThread() const {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int cpu : allowed_) CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

std::optional<size_t> IoAffinity::ThreadOn(int cpu) const {
  if (cpu < 0) return std::nullopt;
  const auto it = std::find(cpus_.begin(), cpus_.end(), cpu);
  if (it == cpus_.end()) return std::nullopt;
  return static_cast<size_t>(it - cpus_.begin());
}

IoAffinity::Joining IoAffinity::Join(int incoming_cpu, const std::vector<size_t>& open, size_t in_turn) const {
  const auto home = ThreadOn(incoming_cpu);
  if (!home || *home >= open.size()) return {in_turn, Why::kTurn};
  size_t total = 0, least = 0;
  for (size_t i = 0; i < open.size(); ++i) {
    total += open[i];
    if (open[i] < open[least]) least = i;
  }
  if (open[*home] < open[least] + std::max(kMinSlack, total / 8)) return {*home, Why::kIncomingCpu};
  return {least, Why::kBalance};
}

int IoAffinity::IncomingCpu(int socket_fd) {
  int cpu = -1;
  socklen_t len = sizeof cpu;
  if (getsockopt(socket_fd, SOL_SOCKET, SO_INCOMING_CPU, &cpu, &len) != 0) return -1;
  return cpu;
}

}  // namespace sciweek::http
