#include "media/probe_sandbox.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>

#include "core/limited_child.hpp"
#include "media/content_probe.hpp"

namespace sciweek::media {
namespace {

// make test-sanitize builds (SCIWEEK_SANITIZE=ON): ASan reserves terabytes of address
// space, and the sanitizers write their reports to files the test run then checks.
#if defined(SCIWEEK_SANITIZED)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

// The settings and a counting gate for the probe slots, under one lock: ConfigureProbes
// may change the number of slots while nothing is probing yet.
struct ProbeGate {
  std::mutex mu;
  std::condition_variable freed;
  ProbeSettings settings;
  int running = 0;
};

ProbeGate& Gate() {
  static ProbeGate gate;
  return gate;
}

class ProbeSlot {
 public:
  // Waits until a slot is free or the deadline passes; held() says which.
  ProbeSlot(ProbeGate& gate, std::chrono::steady_clock::time_point deadline) : gate_(gate) {
    std::unique_lock lock(gate_.mu);
    held_ = gate_.freed.wait_until(lock, deadline, [&] { return gate_.running < gate_.settings.max_concurrent; });
    if (held_) ++gate_.running;
  }
  ~ProbeSlot() {
    if (!held_) return;
    {
      std::lock_guard lock(gate_.mu);
      --gate_.running;
    }
    gate_.freed.notify_one();
  }
  ProbeSlot(const ProbeSlot&) = delete;
  ProbeSlot& operator=(const ProbeSlot&) = delete;
  bool held() const { return held_; }

 private:
  ProbeGate& gate_;
  bool held_ = false;
};

core::Error Unrecognized(std::string internal) {
  return core::Error::Unreadable("无法识别文件内容，文件可能已损坏或格式异常", "file", std::move(internal));
}

}  // namespace

void ConfigureProbes(const ProbeSettings& settings) {
  {
    std::lock_guard lock(Gate().mu);
    Gate().settings = settings;
  }
  Gate().freed.notify_all();
}

core::Result<ProbeReport> ProbeInChild(const std::string& path) {
  ProbeSettings settings;
  {
    std::lock_guard lock(Gate().mu);
    settings = Gate().settings;
  }
  ProbeSlot slot(Gate(), std::chrono::steady_clock::now() + std::chrono::milliseconds(settings.timeout_ms));
  if (!slot.held()) {
    spdlog::warn("media probe: no free slot within {} ms ({} probes at once)", settings.timeout_ms,
                 settings.max_concurrent);
    return core::Error::Unavailable("服务器正忙于检查其他上传的文件，请稍后重试", "file", "media probe: no free slot");
  }
  core::ChildLimits limits;
  limits.cpu_seconds = settings.cpu_seconds;
  limits.memory_mb = kSanitized ? 0 : settings.memory_mb;
  limits.forbid_file_writes = !kSanitized;
  limits.timeout_ms = settings.timeout_ms;
  limits.max_output_bytes = kMaxProbeReportBytes;
  // The child gets no secrets (SMTP password, database URL): only what libmagic and the
  // sanitizers read.
  const auto env =
      core::PassThroughEnvironment({"MAGIC", "LD_LIBRARY_PATH", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"});
  const auto outcome = core::RunLimitedChild({settings.executable, "probe-media", "--file", path}, env, limits);
  if (!outcome.ExitedCleanly()) {
    spdlog::warn("media probe of {} failed: {}", path, outcome.detail);
    return Unrecognized("media probe: " + outcome.detail);
  }
  std::string why;
  auto report = ParseProbeReport(outcome.output, why);
  if (!report) {
    spdlog::warn("media probe of {} sent a bad report: {}", path, why);
    return Unrecognized("media probe: " + why);
  }
  return *report;
}

int RunProbeChild(const std::string& path) {
  ProbeReport report;
  std::string why;
  if (!ProbeContent(path, report, why)) {
    std::fprintf(stderr, "sciweek probe-media: %s\n", why.c_str());
    return 1;
  }
  const std::string text = FormatProbeReport(report);
  return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace sciweek::media
