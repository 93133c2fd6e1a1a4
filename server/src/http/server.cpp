#include "http/server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <thread>

#include "core/logging.hpp"
#include "http/inline_memo.hpp"
#include "http/server_connection.hpp"
#include "http/server_impl.hpp"

namespace sciweek::http {

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

void Server::Impl::Unregister(const std::string& address) {
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
  socket.set_option(tcp::no_delay(true), ec);
  auto c = std::make_shared<Connection>(std::move(socket), *this, std::move(address));
  Register(c);
  asio::post(c->executor(), [c] { c->Start(); });
}

void Server::Impl::CloseIdleConnections() {
  std::lock_guard lock(mu);
  for (auto& w : connections)
    if (auto c = w.lock()) asio::post(c->executor(), [c] { c->CloseIfIdle(); });
}

Server::Server(Dispatcher& dispatcher, ServerOptions options)
    : impl_(std::make_unique<Impl>(dispatcher, std::move(options))) {}

Server::~Server() = default;

unsigned short Server::Listen() {
  auto& o = impl_->options;
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
  for (auto& ctx : impl_->contexts) threads.emplace_back([&ctx] { ctx->run(); });
  {
    std::unique_lock lock(impl_->mu);
    impl_->cv.wait(lock, [this] { return impl_->stop_requested; });
  }
  // Stop accepting, close idle keep-alive connections, let busy ones finish their response.
  asio::post(*impl_->contexts[0], [this] {
    beast::error_code ec;
    impl_->acceptor->close(ec);
    impl_->signals->cancel(ec);
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
