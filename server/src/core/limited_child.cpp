#include "core/limited_child.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sciweek::core {
namespace {

using Clock = std::chrono::steady_clock;

// Between fork and exec only async-signal-safe calls are allowed (the parent is
// multithreaded: another thread may hold the malloc lock). So everything is prepared
// before the fork, and this function only makes system calls.
[[noreturn]] void BecomeChild(char* const* argv, char* const* envp, int out_fd, const rlimit (&limits)[5],
                              const int (&resources)[5]) {
  ::setpgid(0, 0);  // own group: a timeout kills whatever the child started, too
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  const int devnull = ::open("/dev/null", O_RDONLY);
  if (devnull < 0 || ::dup2(devnull, 0) < 0 || ::dup2(out_fd, 1) < 0) ::_exit(126);
  // Everything else the server holds (sockets, the database, other uploads) stays out.
  if (::syscall(SYS_close_range, 3U, ~0U, 0U) != 0) {
    for (int fd = 3; fd < 65536; ++fd) ::close(fd);
  }
  for (int i = 0; i < 5; ++i) {
    if (::setrlimit(resources[i], &limits[i]) != 0) ::_exit(126);
  }
  ::execve(argv[0], argv, envp);
  ::_exit(127);
}

std::vector<char*> CStrings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

int RemainingMs(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// Waits for the child to end until the deadline; false when it is still running.
bool WaitUntil(pid_t pid, Clock::time_point deadline, int& wstatus) {
  while (true) {
    const pid_t r = ::waitpid(pid, &wstatus, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) {
      wstatus = 0;
      return true;  // reaped elsewhere or never ours: nothing left to wait for
    }
    if (RemainingMs(deadline) == 0) return false;
    ::usleep(2000);
  }
}

void KillAndReap(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  int ignored = 0;
  while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace

ChildOutcome RunLimitedChild(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                             const ChildLimits& limits) {
  ChildOutcome out;
  if (argv.empty()) {
    out.detail = "no program";
    return out;
  }
  const auto cpu = static_cast<rlim_t>(limits.cpu_seconds);
  const rlim_t memory = limits.memory_mb > 0 ? static_cast<rlim_t>(limits.memory_mb) << 20 : RLIM_INFINITY;
  const auto files = static_cast<rlim_t>(limits.max_open_files);
  const rlim_t file_size = limits.forbid_file_writes ? 0 : RLIM_INFINITY;
  const rlimit rl[5] = {{cpu, cpu + 1}, {memory, memory}, {files, files}, {file_size, file_size}, {0, 0}};
  const int resources[5] = {RLIMIT_CPU, RLIMIT_AS, RLIMIT_NOFILE, RLIMIT_FSIZE, RLIMIT_CORE};
  auto args = CStrings(argv);
  auto envp = CStrings(env);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {  // CLOEXEC: a concurrent spawn must not inherit it
    out.detail = std::string("pipe: ") + std::strerror(errno);
    return out;
  }
  const auto deadline = Clock::now() + std::chrono::milliseconds(limits.timeout_ms);
  const pid_t pid = ::fork();
  if (pid == 0) BecomeChild(args.data(), envp.data(), pipe_fds[1], rl, resources);
  ::close(pipe_fds[1]);
  if (pid < 0) {
    ::close(pipe_fds[0]);
    out.detail = std::string("fork: ") + std::strerror(errno);
    return out;
  }
  ::setpgid(pid, pid);  // also here, so a kill before the child ran setpgid still hits the group

  bool timed_out = false, too_large = false;
  char buf[4096];
  while (true) {
    pollfd p{pipe_fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, RemainingMs(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      timed_out = true;
      break;
    }
    const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child closed stdout (normally: it exited)
    if (out.output.size() + static_cast<size_t>(n) > limits.max_output_bytes) {
      too_large = true;
      break;
    }
    out.output.append(buf, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);

  int wstatus = 0;
  if (timed_out || too_large || !WaitUntil(pid, deadline, wstatus)) {
    KillAndReap(pid);
    out.kind = too_large ? ChildOutcome::Kind::kOutputTooLarge : ChildOutcome::Kind::kTimedOut;
    out.detail = too_large ? "wrote more than " + std::to_string(limits.max_output_bytes) + " bytes"
                           : "still running after " + std::to_string(limits.timeout_ms) + " ms";
    if (too_large) out.output.clear();
    return out;
  }
  if (WIFSIGNALED(wstatus)) {
    out.kind = ChildOutcome::Kind::kSignaled;
    out.status = WTERMSIG(wstatus);
    out.detail = "killed by signal " + std::to_string(out.status);
  } else {
    out.kind = ChildOutcome::Kind::kExited;
    out.status = WEXITSTATUS(wstatus);
    out.detail = "exit code " + std::to_string(out.status);
  }
  return out;
}

std::vector<std::string> PassThroughEnvironment(const std::vector<std::string>& names) {
  std::vector<std::string> env;
  for (const auto& name : names) {
    if (const char* value = std::getenv(name.c_str())) env.push_back(name + "=" + value);
  }
  return env;
}

}  // namespace sciweek::core
