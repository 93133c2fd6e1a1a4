#pragma once
// The HTTP/1.1 server: one io_context per I/O thread (docs/architecture.md §7: fastest on this machine),
// handlers on a separate worker pool so a slow query never stalls other connections,
// per-route body limits answered with 413 before the body is read, idle and read timeouts,
// and a graceful stop that finishes in-flight requests. Beast stays behind this header
// (server.cpp, server_impl.hpp, server_connection.cpp).
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "http/dispatcher.hpp"

namespace sciweek::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (see BoundPort)
  size_t io_threads = 1;
  size_t workers = 4;
  size_t header_limit = 16 * 1024;
  int idle_timeout_seconds = 60;   // keep-alive connection with no request
  int read_timeout_seconds = 60;   // to receive one whole request
  int drain_timeout_seconds = 30;  // graceful stop waits this long for in-flight requests
  bool trust_proxy = false;
  std::string upload_dir = "data/files/tmp";  // streamed uploads land here (same filesystem as the store)
  int upload_timeout_seconds = 3600;          // a 500 MB video over a slow office line

  // Connection caps: beyond them a new connection is closed at once. 0 for max_connections
  // means "from the open-file limit" (RLIMIT_NOFILE less a reserve for the database, logs
  // and uploads). The per-address cap counts socket peers, so it is off behind a trusted
  // proxy (every peer is the proxy; nginx's limit_conn does that job there).
  size_t max_connections = 0;
  size_t max_connections_per_address = 256;
  // Each I/O thread on a CPU of its own, a connection on the thread of the CPU its packets
  // arrive on (http/io_affinity.hpp; only with 2 or more threads and no more than the CPUs).
  bool pin_io_threads = true;
  // SQLite's one writer: its time spent in batches so far (store::Db::GroupStats::running).
  // When set, pinned I/O threads are let go while it is busy (http/pinning_governor.hpp).
  std::function<std::chrono::nanoseconds()> writer_busy;
  // Streamed uploads at once, in total and per user; and the free disk an upload must leave.
  size_t max_uploads = 16;
  size_t max_uploads_per_user = 2;
  unsigned long long min_free_disk_bytes = 1ull << 30;
};

class Server {
 public:
  Server(Dispatcher& dispatcher, ServerOptions options);
  ~Server();
  // Binds and listens; returns the bound port. Throws on failure (port in use…).
  unsigned short Listen();
  // Serves until SIGINT/SIGTERM or Stop(), then drains and returns.
  void Run();
  // Thread-safe: stop accepting, finish in-flight requests, close idle connections.
  void Stop();

  struct Impl;  // public name so the connection class in server.cpp can refer to it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace sciweek::http
