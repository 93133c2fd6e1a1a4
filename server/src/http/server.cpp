#include "http/server.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <thread>

#include "core/logging.hpp"
#include "http/inline_memo.hpp"
#include "http/server_connection.hpp"
#include "http/server_impl.hpp"

namespace sciweek::http {
namespace {

// The index of the I/O thread running this code; SIZE_MAX on any other thread.
thread_local size_t current_io_thread = SIZE_MAX;

}  // namespace

bool Server::Impl::Admit(const std::string& address) {
  std::lock_guard lock(mu);
  const bool per_address = !options.trust_proxy && options.max_connections_per_address > 0;
  if (live >= connection_cap || (per_address && live_by_address[address] >= options.max_connections_per_address)) {
    if (live_by_address[address] == 0) live_by_address.erase(address);
    return false;
  }
  ++live;
  ++live_by_address[address];
  return true;
}

void Server::Impl::Register(const std::shared_ptr<Connection>& c) {
  std::lock_guard lock(mu);
  if (connections.size() >= 2 * std::max<size_t>(connections_after_sweep, 64)) {
    connections.remove_if([](const std::weak_ptr<Connection>& w) { return w.expired(); });
    connections_after_sweep = connections.size();
  }
  connections.push_back(c);
}

void Server::Impl::Unregister(const std::string& address, size_t io_thread) {
  --open_by_thread[io_thread];
  std::lock_guard lock(mu);
  --live;
  if (auto it = live_by_address.find(address); it != live_by_address.end() && --it->second == 0)
    live_by_address.erase(it);
  cv.notify_all();
}

// Out of file descriptors (or kernel memory): retrying at once would spin a core and flood
// the log. Wait a little — closing connections free descriptors — and warn once a minute.
void Server::Impl::AcceptLater(const beast::error_code& ec) {
  const auto now = std::chrono::steady_clock::now();
  if (now >= next_accept_warning) {
    spdlog::warn("accept failed: {} ({} connections open); retrying in 100 ms", ec.message(), live);
    next_accept_warning = now + std::chrono::minutes(1);
  }
  accept_backoff->expires_after(std::chrono::milliseconds(100));
  accept_backoff->async_wait([this](beast::error_code wait_ec) {
    if (!wait_ec && !stopping) Accept();
  });
}

void Server::Impl::Accept() {
  auto& ctx = *contexts[next_context++ % contexts.size()];
  acceptor->async_accept(ctx, [this](beast::error_code ec, ConnectionSocket socket) {
    if (ec) {
      if (!stopping && ec != asio::error::operation_aborted) AcceptLater(ec);
      return;
    }
    Take(std::move(socket));
    // A burst of new connections (a page shared at opening time) is taken in one turn: one
    // accept per turn of the I/O loop queued each behind every ready request, and the last of
    // 512 waited hundreds of milliseconds for its first byte. The listener is non-blocking,
    // so this stops when none is waiting; an error is left to the next asynchronous accept.
    for (int i = 0; i < kAcceptBurst && !stopping; ++i) {
      beast::error_code more_ec;
      // The turn moves on only when a connection came: a failed try used to take one, so
      // connections arriving one at a time all went to the same thread.
      ConnectionSocket next = acceptor->accept(*contexts[next_context % contexts.size()], more_ec);
      if (more_ec) break;
      ++next_context;
      Take(std::move(next));
    }
    Accept();
  });
}

void Server::Impl::Take(ConnectionSocket socket) {
  beast::error_code ec;
  auto peer = socket.remote_endpoint(ec);
  std::string address = ec ? std::string() : peer.address().to_string();
  if (!Admit(address)) {
    // Over a cap: closed at once, before any byte is read (the client sees a reset).
    socket.close(ec);
    return;
  }
  // Accepted on the thread next in turn; joins the one IoAffinity chooses.
  size_t accepted_on = 0;
  while (accepted_on + 1 < contexts.size() && contexts[accepted_on].get() != &socket.get_executor().context())
    ++accepted_on;
  const auto joining = affinity.Join(IoAffinity::IncomingCpu(socket.native_handle()), OpenByThread(), accepted_on);
  ++joined[static_cast<size_t>(joining.why)];
  if (joining.thread != accepted_on) socket = MoveTo(std::move(socket), joining.thread);
  ++open_by_thread[joining.thread];
  socket.set_option(tcp::no_delay(true), ec);
  auto c = std::make_shared<Connection>(std::move(socket), *this, std::move(address), joining.thread);
  Register(c);
  asio::post(c->executor(), [this, c] {
    if (current_io_thread < connections_by_thread.size()) ++connections_by_thread[current_io_thread];
    c->Start();
  });
}

std::vector<size_t> Server::Impl::OpenByThread() const {
  std::vector<size_t> open(open_by_thread.size());
  for (size_t i = 0; i < open.size(); ++i) open[i] = open_by_thread[i].load();
  return open;
}

ConnectionSocket Server::Impl::MoveTo(ConnectionSocket socket, size_t index) {
  beast::error_code ec;
  ConnectionSocket moved(*contexts[index]);
  const auto protocol = socket.local_endpoint(ec).protocol();
  const int fd = ec ? -1 : socket.release(ec);
  if (fd >= 0 && !ec) moved.assign(protocol, fd, ec);
  if (ec) {
    // Out of kernel memory, or the client already gone: the connection ends at its next read.
    spdlog::warn("moving a connection to I/O thread {} failed: {}", index, ec.message());
    if (fd >= 0) ::close(fd);
    socket.close(ec);
  }
  return moved;
}

std::optional<size_t> Server::Impl::Follow(size_t from, int incoming_cpu) const {
  const auto home = affinity.ThreadOn(incoming_cpu);
  if (!home || *home == from) return std::nullopt;
  auto open = OpenByThread();
  if (open[from] > 0) --open[from];  // as if this one were new
  const auto joining = affinity.Join(incoming_cpu, open, from);
  if (joining.why != IoAffinity::Why::kIncomingCpu) return std::nullopt;  // that thread holds its share
  return joining.thread;
}

void Server::Impl::Moved(size_t from, size_t to) {
  --open_by_thread[from];
  ++open_by_thread[to];
  ++moved;
}

std::string Server::Impl::Figures() const {
  std::string out =
      "# HELP sciweek_io_thread_connections_total Connections each I/O thread has served, and the CPU it is "
      "pinned to (any: not pinned).\n"
      "# TYPE sciweek_io_thread_connections_total counter\n";
  for (size_t i = 0; i < connections_by_thread.size(); ++i) {
    const int cpu = affinity.CpuOf(i);
    out += "sciweek_io_thread_connections_total{thread=\"" + std::to_string(i) + "\",cpu=\"" +
           (cpu < 0 ? std::string("any") : std::to_string(cpu)) + "\"} " +
           std::to_string(connections_by_thread[i].load()) + "\n";
  }
  out +=
      "# HELP sciweek_connections_joined_total New connections by how their I/O thread was chosen: the one on "
      "the CPU their packets arrive on, the least busy (that one held more than its share), or the next in turn.\n"
      "# TYPE sciweek_connections_joined_total counter\n"
      "sciweek_connections_joined_total{by=\"incoming_cpu\"} " +
      std::to_string(joined[static_cast<size_t>(IoAffinity::Why::kIncomingCpu)].load()) +
      "\n"
      "sciweek_connections_joined_total{by=\"balance\"} " +
      std::to_string(joined[static_cast<size_t>(IoAffinity::Why::kBalance)].load()) +
      "\n"
      "sciweek_connections_joined_total{by=\"turn\"} " +
      std::to_string(joined[static_cast<size_t>(IoAffinity::Why::kTurn)].load()) +
      "\n"
      "# HELP sciweek_connections_moved_total Open connections moved to the I/O thread of the CPU their client's "
      "packets arrive on now.\n"
      "# TYPE sciweek_connections_moved_total counter\n"
      "sciweek_connections_moved_total " +
      std::to_string(moved.load()) +
      "\n"
      "# HELP sciweek_io_threads_pinned 1 while the I/O threads are pinned, one to a CPU; 0 while they run on "
      "any (not pinned, or let go while SQLite's writer is busy).\n"
      "# TYPE sciweek_io_threads_pinned gauge\n"
      "sciweek_io_threads_pinned " +
      std::string(io_pinned ? "1" : "0") +
      "\n"
      "# HELP sciweek_io_pinning_changes_total Times the I/O threads were let go or pinned again as SQLite's "
      "writer got busy or calm.\n"
      "# TYPE sciweek_io_pinning_changes_total counter\n"
      "sciweek_io_pinning_changes_total " +
      std::to_string(pinning_changes.load()) + "\n";
  return out;
}

void Server::Impl::GovernPinning() {
  governor_beat->expires_after(PinningGovernor::kBeat);
  governor_beat->async_wait([this](const beast::error_code& ec) {
    if (ec || stopping) return;
    const bool was = governor.pinned();
    const bool pin = governor.Next(options.writer_busy(), std::chrono::steady_clock::now());
    if (pin != was) {
      ++pinning_changes;
      io_pinned = pin;
      spdlog::info(pin ? "I/O threads pinned again: the database writer is calm"
                       : "I/O threads let go: the database writer is busy, and may take any CPU");
      for (size_t i = 0; i < contexts.size(); ++i)
        asio::post(*contexts[i], [this, i, pin] {
          if (!(pin ? affinity.PinCurrentThread(i) : affinity.ReleaseCurrentThread()))
            spdlog::warn("I/O thread {} could not be {}", i, pin ? "pinned again" : "let go");
        });
    }
    GovernPinning();
  });
}

void Server::Impl::CloseIdleConnections() {
  // Copied out first: a connection that ends on its I/O thread meanwhile may find its last
  // owner here, and its destructor takes mu (Unregister) — under the lock that deadlocked stop.
  std::list<std::weak_ptr<Connection>> open;
  {
    std::lock_guard lock(mu);
    open = connections;
  }
  for (auto& w : open)
    if (auto c = w.lock()) asio::post(c->executor(), [c] { c->CloseIfIdle(); });
}

Server::Server(Dispatcher& dispatcher, ServerOptions options)
    : impl_(std::make_unique<Impl>(dispatcher, std::move(options))) {}

Server::~Server() {
  if (impl_) impl_->dispatcher.SetServerFigures(nullptr);  // the dispatcher may outlive this server
}

unsigned short Server::Listen() {
  auto& o = impl_->options;
  impl_->affinity = IoAffinity(std::max<size_t>(o.io_threads, 1), o.pin_io_threads);
  impl_->connections_by_thread = std::vector<std::atomic<unsigned long long>>(std::max<size_t>(o.io_threads, 1));
  impl_->open_by_thread = std::vector<std::atomic<size_t>>(std::max<size_t>(o.io_threads, 1));
  impl_->dispatcher.SetServerFigures([impl = impl_.get()] { return impl->Figures(); });
  for (size_t i = 0; i < std::max<size_t>(o.io_threads, 1); ++i) {
    impl_->contexts.push_back(std::make_unique<asio::io_context>(1));
    impl_->guards.push_back(asio::make_work_guard(*impl_->contexts.back()));
  }
  impl_->workers = std::make_unique<asio::thread_pool>(std::max<size_t>(o.workers, 1));
  tcp::endpoint ep(asio::ip::make_address(o.host), o.port);
  impl_->acceptor = std::make_unique<tcp::acceptor>(*impl_->contexts[0]);
  impl_->acceptor->open(ep.protocol());
  impl_->acceptor->set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor->bind(ep);
  impl_->acceptor->listen(asio::socket_base::max_listen_connections);
  impl_->acceptor->non_blocking(true);  // Accept drains a burst without blocking
  impl_->accept_backoff = std::make_unique<asio::steady_timer>(*impl_->contexts[0]);
  impl_->io_pinned = impl_->affinity.pinned();
  if (impl_->affinity.pinned() && o.writer_busy)
    impl_->governor_beat = std::make_unique<asio::steady_timer>(*impl_->contexts[0]);
  impl_->connection_cap = o.max_connections;
  if (impl_->connection_cap == 0) {
    // Leave room under the open-file limit for database connections, log files and uploads.
    rlimit nofile{};
    getrlimit(RLIMIT_NOFILE, &nofile);
    const rlim_t reserve = 64 + 2 * o.workers + o.max_uploads + o.io_threads * InlineMemo::kTableFiles;
    impl_->connection_cap = nofile.rlim_cur > reserve * 2 ? static_cast<size_t>(nofile.rlim_cur - reserve)
                                                          : static_cast<size_t>(nofile.rlim_cur / 2);
  }
  impl_->signals = std::make_unique<asio::signal_set>(*impl_->contexts[0], SIGINT, SIGTERM);
  impl_->signals->async_wait([this](beast::error_code ec, int sig) {
    if (!ec) {
      spdlog::info("signal {}: stopping gracefully", sig);
      Stop();
    }
  });
  return impl_->acceptor->local_endpoint().port();
}

void Server::Run() {
  // A large remembered page goes out by sendfile, which (unlike Asio's sends) raises SIGPIPE
  // when the client has gone: that must be an error code, not the end of the process.
  std::signal(SIGPIPE, SIG_IGN);
  impl_->Accept();
  std::vector<std::thread> threads;
  for (size_t i = 0; i < impl_->contexts.size(); ++i)
    threads.emplace_back([this, i] {
      current_io_thread = i;
      pthread_setname_np(pthread_self(), ("sciweek-io-" + std::to_string(i)).c_str());  // top -H, perf
      if (impl_->affinity.pinned() && !impl_->affinity.PinCurrentThread(i))
        spdlog::warn("I/O thread {} could not be pinned to CPU {}", i, impl_->affinity.CpuOf(i));
      impl_->contexts[i]->run();
    });
  if (impl_->affinity.pinned())
    spdlog::info("I/O threads pinned, one to a CPU; connections join the thread of their CPU");
  if (impl_->governor_beat) asio::post(*impl_->contexts[0], [this] { impl_->GovernPinning(); });
  {
    std::unique_lock lock(impl_->mu);
    impl_->cv.wait(lock, [this] { return impl_->stop_requested; });
  }
  // Stop accepting, close idle keep-alive connections, let busy ones finish their response.
  asio::post(*impl_->contexts[0], [this] {
    beast::error_code ec;
    impl_->acceptor->close(ec);
    impl_->signals->cancel(ec);
    if (impl_->governor_beat) impl_->governor_beat->cancel();
  });
  impl_->CloseIdleConnections();
  {
    std::unique_lock lock(impl_->mu);
    // Said early too: a stop that hangs then shows whether connections or workers hold it.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(impl_->options.drain_timeout_seconds);
    const auto drained = [this] { return impl_->live == 0; };
    if (!impl_->cv.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::seconds(5)),
                              drained))
      spdlog::warn("stopping: {} connections still open after 5 s", impl_->live);
    if (!impl_->cv.wait_until(lock, deadline, drained))
      spdlog::warn("stopping with {} connections still open", impl_->live);
  }
  const auto join_started = std::chrono::steady_clock::now();
  impl_->workers->join();
  if (std::chrono::steady_clock::now() - join_started > std::chrono::seconds(5))
    spdlog::warn("stopping: the workers took over 5 s to finish their requests");
  for (auto& g : impl_->guards) g.reset();
  for (auto& ctx : impl_->contexts) ctx->stop();
  for (auto& t : threads) t.join();
  spdlog::info("server stopped");
}

void Server::Stop() {
  impl_->stopping = true;
  std::lock_guard lock(impl_->mu);
  impl_->stop_requested = true;
  impl_->cv.notify_all();
}

}  // namespace sciweek::http
