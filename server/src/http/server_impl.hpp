#pragma once
// What the server's accept loop and its connections share: the I/O contexts, the worker pool,
// the connection caps and the list a graceful stop walks. Private to http/server*.cpp.
#include <utility>  // before Asio: see docs/architecture.md §8

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "http/io_affinity.hpp"
#include "http/pinning_governor.hpp"
#include "http/server.hpp"
#include "http/upload_slots.hpp"

namespace sciweek::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// A connection's socket, bound to its I/O thread's io_context by type. With the default
// type-erased executor (any_io_executor) every asynchronous read, write and timer copied and
// destroyed one: 3 % of the server's samples on the listing answered from the I/O thread.
using ConnectionSocket = tcp::socket::rebind_executor<asio::io_context::executor_type>::other;
using ConnectionStream = beast::basic_stream<tcp, asio::io_context::executor_type>;

class Connection;

struct Server::Impl {
  Dispatcher& dispatcher;
  ServerOptions options;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<asio::thread_pool> workers;
  std::unique_ptr<asio::signal_set> signals;
  size_t next_context = 0;
  IoAffinity affinity{0, false, {}};  // planned at Listen()
  // Connections each I/O thread has served, counted on that thread (so a connection moved to
  // the thread of its CPU is counted where it really runs); and how many joined by their CPU.
  std::vector<std::atomic<unsigned long long>> connections_by_thread;
  std::vector<std::atomic<size_t>> open_by_thread;          // what IoAffinity::Join balances
  std::array<std::atomic<unsigned long long>, 3> joined{};  // by IoAffinity::Why
  std::atomic<unsigned long long> moved{0};                 // live connections that followed their client
  static constexpr int kAcceptBurst = 64;                   // connections taken per accept turn, beyond the first

  std::atomic<bool> stopping{false};
  std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;
  std::list<std::weak_ptr<Connection>> connections;
  size_t connections_after_sweep = 0;  // closed ones are swept when the list doubles, not per accept
  size_t live = 0;
  std::map<std::string, size_t> live_by_address;  // socket peers, for the per-address cap
  UploadSlots upload_slots{options.max_uploads, options.max_uploads_per_user};
  size_t connection_cap = 0;  // resolved from options.max_connections at Listen()
  std::unique_ptr<asio::steady_timer> accept_backoff;
  // Pinned I/O threads let go while SQLite's writer is busy (decision 0037); on thread 0.
  std::unique_ptr<asio::steady_timer> governor_beat;
  PinningGovernor governor;
  std::atomic<bool> io_pinned{false};  // the threads' state now, for /metrics
  std::atomic<unsigned long long> pinning_changes{0};
  std::chrono::steady_clock::time_point next_accept_warning{};
  std::atomic<unsigned long long> request_seq{0};
  std::string id_prefix = core::RandomToken(3);

  Impl(Dispatcher& d, ServerOptions o) : dispatcher(d), options(std::move(o)) {}
  void Accept();
  void AcceptLater(const beast::error_code& ec);
  void Take(ConnectionSocket socket);  // admits (or closes) one accepted connection
  // The socket, registered with I/O thread `index`'s poller instead of its own; closed
  // (unopened) when the kernel refused, so that the connection ends at its next read.
  ConnectionSocket MoveTo(ConnectionSocket socket, size_t index);
  // A live connection on thread `from` whose packets now arrive on `incoming_cpu`: the thread
  // it should move to, if another (IoAffinity::Join, this connection not counted); Moved
  // records that it did.
  std::optional<size_t> Follow(size_t from, int incoming_cpu) const;
  std::vector<size_t> OpenByThread() const;  // a snapshot of open_by_thread
  void Moved(size_t from, size_t to);
  std::string Figures() const;             // the lines above, for /metrics
  bool Admit(const std::string& address);  // takes a connection slot, or false when over a cap
  void Register(const std::shared_ptr<Connection>& c);
  void Unregister(const std::string& address, size_t io_thread);
  void CloseIdleConnections();
  // Every beat: asks the governor, and pins or lets go every I/O thread (each on itself).
  void GovernPinning();
};

}  // namespace sciweek::http
