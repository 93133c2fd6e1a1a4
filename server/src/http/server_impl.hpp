#pragma once
// What the server's accept loop and its connections share: the I/O contexts, the worker pool,
// the connection caps and the list a graceful stop walks. Private to http/server*.cpp.
#include <utility>  // before Asio: see docs/architecture.md §8

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/crypto.hpp"
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
  static constexpr int kAcceptBurst = 64;  // connections taken per accept turn, beyond the first

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
  std::chrono::steady_clock::time_point next_accept_warning{};
  std::atomic<unsigned long long> request_seq{0};
  std::string id_prefix = core::RandomToken(3);

  Impl(Dispatcher& d, ServerOptions o) : dispatcher(d), options(std::move(o)) {}
  void Accept();
  void AcceptLater(const beast::error_code& ec);
  void Take(ConnectionSocket socket);      // admits (or closes) one accepted connection
  bool Admit(const std::string& address);  // takes a connection slot, or false when over a cap
  void Register(const std::shared_ptr<Connection>& c);
  void Unregister(const std::string& address);
  void CloseIdleConnections();
};

}  // namespace sciweek::http
