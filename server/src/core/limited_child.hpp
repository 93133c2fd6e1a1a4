#pragma once
// Runs a program as a child with kernel resource limits and a wall-clock deadline, and
// collects what it writes to stdout. For work on untrusted bytes that may loop, balloon or
// crash (docs/decisions/0008-media-probe-in-a-child.md): whatever the child does, the
// caller gets an outcome back and the calling process is untouched.
#include <cstddef>
#include <string>
#include <vector>

namespace sciweek::core {

struct ChildLimits {
  int cpu_seconds = 5;             // RLIMIT_CPU: SIGXCPU at this, SIGKILL one second later
  long memory_mb = 512;            // RLIMIT_AS; 0: none (AddressSanitizer reserves terabytes)
  int max_open_files = 16;         // RLIMIT_NOFILE
  int timeout_ms = 10000;          // wall clock; then the child's process group gets SIGKILL
  size_t max_output_bytes = 4096;  // more on stdout than this: killed, kOutputTooLarge
  bool forbid_file_writes = true;  // RLIMIT_FSIZE 0 (off only so sanitizer reports reach their files)
};

struct ChildOutcome {
  enum class Kind { kExited, kSignaled, kTimedOut, kOutputTooLarge, kSpawnFailed };
  Kind kind = Kind::kSpawnFailed;
  int status = 0;      // exit code (kExited) or signal number (kSignaled)
  std::string output;  // stdout, at most max_output_bytes
  std::string detail;  // for the log: what went wrong, in words

  bool ExitedCleanly() const { return kind == Kind::kExited && status == 0; }
};

// argv[0] is the program's path (no PATH search). The child starts in its own process
// group, with stdin from /dev/null, stdout a pipe to us, stderr shared with us, no other
// file descriptors, no core dumps, no file writes (RLIMIT_FSIZE 0, unless turned off), and
// only the variables of `env` ("NAME=value"). Blocks the calling thread until the child is
// gone.
ChildOutcome RunLimitedChild(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                             const ChildLimits& limits);

// The variables of our environment whose names are listed, as "NAME=value", for `env`.
std::vector<std::string> PassThroughEnvironment(const std::vector<std::string>& names);

}  // namespace sciweek::core
