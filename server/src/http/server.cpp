#include "http/server.hpp"

#include <utility>  // before Asio: see DESIGN.md §7

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <condition_variable>
#include <list>
#include <thread>

#include "core/crypto.hpp"
#include "core/logging.hpp"
#include "http/error_response.hpp"

namespace sciweek::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

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

  std::atomic<bool> stopping{false};
  std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;
  std::list<std::weak_ptr<Connection>> connections;
  size_t live = 0;
  std::atomic<unsigned long long> request_seq{0};
  std::string id_prefix = core::RandomToken(3);

  Impl(Dispatcher& d, ServerOptions o) : dispatcher(d), options(std::move(o)) {}
  void Accept();
  void Register(const std::shared_ptr<Connection>& c);
  void Unregister();
  void CloseIdleConnections();
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ip_ = ep.address().to_string();
  }
  ~Connection() { server_.Unregister(); }

  void Start() { ReadHeader(); }

  // Called on the connection's own thread during a graceful stop.
  void CloseIfIdle() {
    closing_ = true;
    if (!busy_) {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      stream_.close();
    }
  }
  asio::any_io_executor executor() { return stream_.get_executor(); }

 private:
  void ReadHeader() {
    if (closing_ || server_.stopping) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    parser_->body_limit(kDefaultBodyLimit);
    stream_.expires_after(std::chrono::seconds(server_.options.idle_timeout_seconds));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) return Reject(431, core::ErrorCode::kInvalidInput, "请求头过大");
    if (ec) return Close();
    busy_ = true;
    const auto& h = parser_->get();
    std::string target(h.target());
    std::string path = target.substr(0, target.find('?'));
    const size_t limit = server_.dispatcher.BodyLimit(std::string(h.method_string()), path);
    if (parser_->content_length() && *parser_->content_length() > limit)
      return Reject(413, core::ErrorCode::kPayloadTooLarge, "请求体超过大小限制");
    parser_->body_limit(limit);
    stream_.expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
    if (beast::iequals(h[bhttp::field::expect], "100-continue")) {
      auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, h.version());
      bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code ec, size_t) {
        if (ec) return self->Close();
        self->ReadBody();
      });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) return Reject(413, core::ErrorCode::kPayloadTooLarge, "请求体超过大小限制");
    if (ec) return Close();
    auto msg = parser_->release();
    keep_alive_ = msg.keep_alive();
    version_ = msg.version();
    is_head_ = msg.method() == bhttp::verb::head;
    auto req = std::make_shared<Request>();
    req->method = std::string(msg.method_string());
    req->target = std::string(msg.target());
    const auto q = req->target.find('?');
    auto decoded = PercentDecode(std::string_view(req->target).substr(0, q), false);
    req->path = decoded.value_or("/");
    if (req->path.empty() || req->path.front() != '/') req->path = "/" + req->path;
    if (q != std::string::npos) req->query = ParseQuery(std::string_view(req->target).substr(q + 1));
    for (const auto& f : msg) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req->headers.emplace_back(std::move(name), std::string(f.value()));
    }
    req->body = std::move(msg.body());
    req->remote_ip = remote_ip_;
    if (server_.options.trust_proxy) {
      std::string xff = req->Header("x-forwarded-for");
      if (!xff.empty()) {
        auto comma = xff.rfind(',');
        std::string last = comma == std::string::npos ? xff : xff.substr(comma + 1);
        while (!last.empty() && last.front() == ' ') last.erase(0, 1);
        if (!last.empty()) req->remote_ip = last;
      }
    }
    req->request_id = server_.id_prefix + "-" + std::to_string(++server_.request_seq);
    asio::post(*server_.workers, [self = shared_from_this(), req] {
      auto resp = std::make_shared<Response>(self->server_.dispatcher.Handle(*req));
      asio::post(self->executor(), [self, resp] { self->Write(std::move(*resp)); });
    });
  }

  void Write(Response r) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(r.status), version_);
    for (auto& [k, v] : r.headers) res->insert(k, v);
    res->set(bhttp::field::server, "sciweek");
    const bool keep = keep_alive_ && !closing_ && !server_.stopping;
    res->keep_alive(keep);
    res->body() = std::move(r.body);
    res->prepare_payload();
    if (is_head_) res->body().clear();  // Content-Length stays that of the GET
    stream_.expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
    bhttp::async_write(stream_, *res, [self = shared_from_this(), res, keep](beast::error_code ec, size_t) {
      self->busy_ = false;
      if (ec || !keep) return self->Close();
      self->ReadHeader();
    });
  }

  // Answers an error without reading the rest of the request, then closes the connection.
  void Reject(int status, core::ErrorCode code, const char* message) {
    busy_ = true;
    Response r = ErrorResponse({code, message, {}, {}, {}, 0});
    r.status = status;
    keep_alive_ = false;
    version_ = 11;
    spdlog::info("- reject {} {}", status, remote_ip_);
    Write(std::move(r));
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Server::Impl& server_;
  std::string remote_ip_;
  bool keep_alive_ = false;
  bool is_head_ = false;
  unsigned version_ = 11;
  bool busy_ = false;
  bool closing_ = false;
};

void Server::Impl::Register(const std::shared_ptr<Connection>& c) {
  std::lock_guard lock(mu);
  ++live;
  connections.remove_if([](const std::weak_ptr<Connection>& w) { return w.expired(); });
  connections.push_back(c);
}

void Server::Impl::Unregister() {
  std::lock_guard lock(mu);
  --live;
  cv.notify_all();
}

void Server::Impl::Accept() {
  auto& ctx = *contexts[next_context++ % contexts.size()];
  acceptor->async_accept(ctx, [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!stopping && ec != asio::error::operation_aborted) {
        spdlog::warn("accept failed: {}", ec.message());
        Accept();
      }
      return;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto c = std::make_shared<Connection>(std::move(socket), *this);
    Register(c);
    asio::post(c->executor(), [c] { c->Start(); });
    Accept();
  });
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
    const bool drained = impl_->cv.wait_for(lock, std::chrono::seconds(impl_->options.drain_timeout_seconds),
                                            [this] { return impl_->live == 0; });
    if (!drained) spdlog::warn("stopping with {} connections still open", impl_->live);
  }
  impl_->workers->join();
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
