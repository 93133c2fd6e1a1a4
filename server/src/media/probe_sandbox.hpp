#pragma once
// Runs content_probe.hpp in a child process under limits (docs/decisions/0008): the server
// re-executes its own binary as `sciweek probe-media --file F`, reads the report from a
// pipe and checks it strictly. A child that crashes, overruns a limit or talks nonsense
// makes the upload fail with 422; the server is not affected.
#include <string>

#include "core/result.hpp"
#include "media/probe_report.hpp"

namespace sciweek::media {

struct ProbeSettings {
  std::string executable = "/proc/self/exe";  // a binary that has the probe-media command
  int cpu_seconds = 5;
  long memory_mb = 512;    // ignored in sanitizer builds (ASan needs terabytes of address space)
  int timeout_ms = 10000;  // wall clock for one probe; also the longest wait for a free slot
  int max_concurrent = 2;  // probes at once; more uploads wait for a slot
};

// Called once before serving; the defaults hold until then.
void ConfigureProbes(const ProbeSettings& settings);

// 422 validation_failed when the child fails in any way, 503 unavailable when no probe
// slot frees up within the timeout.
core::Result<ProbeReport> ProbeInChild(const std::string& path);

// The body of the hidden `probe-media` command: probes `path`, writes the report to stdout.
// Exit code 0 when a report was written.
int RunProbeChild(const std::string& path);

}  // namespace sciweek::media
