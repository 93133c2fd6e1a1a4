#include "http/server.hpp"

#include <utility>  // before Asio: see docs/architecture.md §8

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/resource.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <limits>
#include <list>
#include <map>
#include <thread>

#include "core/crypto.hpp"
#include "core/logging.hpp"
#include "http/error_response.hpp"
#include "http/request_target.hpp"
#include "http/upload_slots.hpp"

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
  bool Admit(const std::string& address);  // takes a connection slot, or false when over a cap
  void Register(const std::shared_ptr<Connection>& c);
  void Unregister(const std::string& address);
  void CloseIdleConnections();
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Server::Impl& server, std::string remote_ip)
      : stream_(std::move(socket)), server_(server), remote_ip_(std::move(remote_ip)) {}
  ~Connection() {
    RemoveUpload();
    server_.Unregister(remote_ip_);
  }

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
    header_parser_.emplace();
    // The route decides the body limit (after the header is read); Beast's default 1 MB
    // would otherwise refuse larger Content-Lengths while reading the header itself.
    header_parser_->body_limit(
        std::numeric_limits<std::uint64_t>::max());  // not boost::none: 1.74 compares len > none as true
    is_head_ = false;
    string_parser_.reset();
    file_parser_.reset();
    header_parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    stream_.expires_after(std::chrono::seconds(server_.options.idle_timeout_seconds));
    bhttp::async_read_header(stream_, buffer_, *header_parser_,
                             [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) return Reject(431, core::ErrorCode::kPayloadTooLarge, "请求头过大");
    if (ec) {
      if (ec != bhttp::error::end_of_stream && ec != asio::error::operation_aborted)
        spdlog::debug("connection from {} dropped while reading a header: {}", remote_ip_, ec.message());
      return Close();
    }
    busy_ = true;
    const auto& h = header_parser_->get();
    version_ = h.version();
    std::string target(h.target());
    std::string path = target.substr(0, target.find('?'));
    const auto policy = server_.dispatcher.BodyFor(std::string(h.method_string()), path);
    if (header_parser_->content_length() && *header_parser_->content_length() > policy.limit)
      return Reject(413, core::ErrorCode::kPayloadTooLarge, "请求体超过大小限制");
    expect_continue_ = beast::iequals(h[bhttp::field::expect], "100-continue");
    if (policy.stream_to_file) return AdmitUpload(policy);
    string_parser_.emplace(std::move(*header_parser_));
    string_parser_->body_limit(policy.limit);
    stream_.expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
    header_parser_.reset();
    ContinueToBody();
  }

  // An upload is admitted on its headers alone — its length fits the disk, a slot is free,
  // the session may upload there — before 100-continue and before any byte is stored.
  void AdmitUpload(Dispatcher::BodyPolicy policy) {
    // A chunked upload announces no length: plan for the largest the route takes.
    const std::uint64_t length = header_parser_->content_length().value_or(policy.limit);
    std::error_code space_ec;
    const auto space = std::filesystem::space(server_.options.upload_dir, space_ec);
    if (space_ec || space.available < length + server_.options.min_free_disk_bytes) {
      if (space_ec) spdlog::error("cannot read free space of {}: {}", server_.options.upload_dir, space_ec.message());
      else spdlog::warn("upload of {} bytes refused: {} bytes free", length, space.available);
      return Reject(507, core::ErrorCode::kUnavailable, "服务器存储空间不足，请稍后再试或联系管理员");
    }
    if (server_.upload_slots.Full())
      return Reject(503, core::ErrorCode::kUnavailable, "当前上传人数较多，请稍后重试", 30);
    auto head = ToRequest(header_parser_->get());
    asio::post(*server_.workers, [self = shared_from_this(), head, policy] {
      auto admission = self->server_.dispatcher.AdmitUpload(*head);
      asio::post(self->executor(), [self, admission = std::move(admission), policy]() mutable {
        self->OnUploadAdmitted(std::move(admission), policy);
      });
    });
  }

  void OnUploadAdmitted(Dispatcher::UploadAdmission admission, Dispatcher::BodyPolicy policy) {
    if (admission.refusal) {
      keep_alive_ = false;  // the body was never read: the connection cannot be reused
      return Write(std::move(*admission.refusal));
    }
    upload_slot_ = server_.upload_slots.TryTake(admission.uploader);
    if (!upload_slot_) {
      if (server_.upload_slots.Full())
        return Reject(503, core::ErrorCode::kUnavailable, "当前上传人数较多，请稍后重试", 30);
      return Reject(429, core::ErrorCode::kRateLimited, "同时上传的文件过多，请等当前文件上传完成", 30);
    }
    upload_path_ = server_.options.upload_dir + "/" + core::RandomToken(18) + ".part";
    file_parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    file_parser_->body_limit(policy.limit);
    beast::error_code ec;
    file_parser_->get().body().open(upload_path_.c_str(), beast::file_mode::write, ec);
    if (ec) {
      spdlog::error("cannot open upload file {}: {}", upload_path_, ec.message());
      upload_path_.clear();
      upload_slot_.reset();
      return Reject(500, core::ErrorCode::kInternal, "服务器无法保存上传文件");
    }
    stream_.expires_after(std::chrono::seconds(server_.options.upload_timeout_seconds));
    ContinueToBody();
  }

  void ContinueToBody() {
    if (expect_continue_) {
      auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, version_);
      bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code ec, size_t) {
        if (ec) return self->Close();
        self->ReadBody();
      });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    auto done = [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); };
    if (file_parser_) bhttp::async_read(stream_, buffer_, *file_parser_, std::move(done));
    else bhttp::async_read(stream_, buffer_, *string_parser_, std::move(done));
  }

  // Fills the plain Request from Beast's header fields (shared by both body kinds).
  template <typename Message>
  std::shared_ptr<Request> ToRequest(Message& msg) {
    keep_alive_ = msg.keep_alive();
    version_ = msg.version();
    is_head_ = msg.method() == bhttp::verb::head;
    auto req = std::make_shared<Request>();
    req->method = std::string(msg.method_string());
    req->target = std::string(msg.target());
    const auto q = req->target.find('?');
    req->path = PathOfTarget(req->target);
    if (q != std::string::npos) req->query = ParseQuery(std::string_view(req->target).substr(q + 1));
    for (const auto& f : msg) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req->headers.emplace_back(std::move(name), std::string(f.value()));
    }
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
    return req;
  }

  void OnBody(beast::error_code ec) {
    if (ec) RemoveUpload();
    if (ec == bhttp::error::body_limit) return Reject(413, core::ErrorCode::kPayloadTooLarge, "请求体超过大小限制");
    if (ec) {
      spdlog::debug("connection from {} dropped while reading a body: {}", remote_ip_, ec.message());
      return Close();
    }
    std::shared_ptr<Request> req;
    if (file_parser_) {
      auto msg = file_parser_->release();
      msg.body().close();
      req = ToRequest(msg);
      req->body_file = upload_path_;
    } else {
      auto msg = string_parser_->release();
      req = ToRequest(msg);
      req->body = std::move(msg.body());
    }
    asio::post(*server_.workers, [self = shared_from_this(), req, slot = std::move(upload_slot_)] {
      auto resp = std::make_shared<Response>(self->server_.dispatcher.Handle(*req));
      // The handler moved the upload into the store, or it is of no further use.
      if (!req->body_file.empty()) {
        std::error_code rm;
        std::filesystem::remove(req->body_file, rm);
      }
      asio::post(self->executor(), [self, resp] { self->Write(std::move(*resp)); });
    });
    upload_path_.clear();
  }

  void RemoveUpload() {
    upload_slot_.reset();
    if (upload_path_.empty()) return;
    if (file_parser_) file_parser_->get().body().close();
    std::error_code rm;
    std::filesystem::remove(upload_path_, rm);
    upload_path_.clear();
  }

  void Write(Response r) {
    const bool keep = keep_alive_ && !closing_ && !server_.stopping;
    if (!r.file_path.empty()) return WriteFile(std::move(r), keep);
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(r.status), version_);
    for (auto& [k, v] : r.headers) res->insert(k, v);
    res->set(bhttp::field::server, "sciweek");
    res->keep_alive(keep);
    res->body() = std::move(r.body);
    res->prepare_payload();
    if (is_head_) res->body().clear();  // Content-Length stays that of the GET
    stream_.expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
    bhttp::async_write(stream_, *res, [self = shared_from_this(), res, keep](beast::error_code ec, size_t) {
      self->AfterWrite(ec, keep);
    });
  }

  // Downloads and exports: the file streams from disk in Beast's chunks, never whole in memory.
  void WriteFile(Response r, bool keep) {
    auto res = std::make_shared<bhttp::response<bhttp::file_body>>(static_cast<bhttp::status>(r.status), version_);
    beast::error_code ec;
    res->body().open(r.file_path.c_str(), beast::file_mode::scan, ec);
    if (r.delete_file_after) {
      std::error_code rm;
      std::filesystem::remove(r.file_path, rm);  // unlinked now; the open handle still reads it
    }
    if (ec) {
      spdlog::error("cannot open {} for sending: {}", r.file_path, ec.message());
      Response err = ErrorResponse(core::Error::Internal(ec.message()));
      err.headers.insert(err.headers.end(), r.headers.begin(), r.headers.end());
      return Write(std::move(err));
    }
    for (auto& [k, v] : r.headers) res->insert(k, v);
    res->set(bhttp::field::server, "sciweek");
    res->keep_alive(keep);
    res->prepare_payload();
    stream_.expires_after(std::chrono::seconds(server_.options.upload_timeout_seconds));
    if (is_head_) {
      auto head = std::make_shared<bhttp::response_serializer<bhttp::file_body>>(*res);
      bhttp::async_write_header(
          stream_, *head,
          [self = shared_from_this(), res, head, keep](beast::error_code ec, size_t) { self->AfterWrite(ec, keep); });
      return;
    }
    bhttp::async_write(stream_, *res, [self = shared_from_this(), res, keep](beast::error_code ec, size_t) {
      self->AfterWrite(ec, keep);
    });
  }

  void AfterWrite(beast::error_code ec, bool keep) {
    busy_ = false;
    if (ec || !keep) return Close();
    ReadHeader();
  }

  // Answers an error without reading the rest of the request, then closes the connection.
  void Reject(int status, core::ErrorCode code, const char* message, int retry_after_seconds = 0) {
    busy_ = true;
    core::Error error{code, message, {}, {}, {}, retry_after_seconds};
    Response r = ErrorResponse(error);
    if (retry_after_seconds > 0) r.SetHeader("Retry-After", std::to_string(retry_after_seconds));
    r.status = status;
    AddSecurityHeaders(r, true);
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
  std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
  std::optional<bhttp::request_parser<bhttp::string_body>> string_parser_;
  std::optional<bhttp::request_parser<bhttp::file_body>> file_parser_;
  std::string upload_path_;
  std::shared_ptr<UploadSlots::Slot> upload_slot_;
  Server::Impl& server_;
  std::string remote_ip_;
  bool expect_continue_ = false;
  bool keep_alive_ = false;
  bool is_head_ = false;
  unsigned version_ = 11;
  bool busy_ = false;
  bool closing_ = false;
};

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
  connections.remove_if([](const std::weak_ptr<Connection>& w) { return w.expired(); });
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
  acceptor->async_accept(ctx, [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!stopping && ec != asio::error::operation_aborted) AcceptLater(ec);
      return;
    }
    beast::error_code peer_ec;
    auto peer = socket.remote_endpoint(peer_ec);
    std::string address = peer_ec ? std::string() : peer.address().to_string();
    if (!Admit(address)) {
      // Over a cap: closed at once, before any byte is read (the client sees a reset).
      socket.close(peer_ec);
      Accept();
      return;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto c = std::make_shared<Connection>(std::move(socket), *this, std::move(address));
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
  impl_->accept_backoff = std::make_unique<asio::steady_timer>(*impl_->contexts[0]);
  impl_->connection_cap = o.max_connections;
  if (impl_->connection_cap == 0) {
    // Leave room under the open-file limit for database connections, log files and uploads.
    rlimit nofile{};
    getrlimit(RLIMIT_NOFILE, &nofile);
    const rlim_t reserve = 64 + 2 * o.workers + o.max_uploads;
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
