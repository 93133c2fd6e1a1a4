#include "http/server_connection.hpp"

#include <sys/sendfile.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <filesystem>
#include <limits>

#include "core/logging.hpp"
#include "http/error_response.hpp"
#include "http/memory_file.hpp"
#include "http/request_target.hpp"

namespace sciweek::http {

Connection::~Connection() {
  RemoveUpload();
  server_.Unregister(remote_ip_, io_thread_);
}

void Connection::CloseIfIdle() {
  if (!executor().running_in_this_thread())  // posted to the thread it has since left
    return asio::post(executor(), [self = shared_from_this()] { self->CloseIfIdle(); });
  closing_ = true;
  if (!busy_) {
    beast::error_code ec;
    stream_->socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_->close();
  }
}

void Connection::ReadHeader() {
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
  stream_->expires_after(std::chrono::seconds(server_.options.idle_timeout_seconds));
  bhttp::async_read_header(*stream_, buffer_, *header_parser_,
                           [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
}

void Connection::OnHeader(beast::error_code ec) {
  if (ec == bhttp::error::header_limit) return Reject(431, core::ErrorCode::kPayloadTooLarge, "请求头过大");
  if (ec) {
    if (ec != bhttp::error::end_of_stream && ec != asio::error::operation_aborted)
      spdlog::debug("connection from {} dropped while reading a header: {}", remote_ip_, ec.message());
    return Close();
  }
  busy_ = true;
  const auto& h = header_parser_->get();
  version_ = h.version();
  // A GET or HEAD without a body (every calendar request) is complete with its header: no
  // body policy to look up, no second parser, no read that would only post its completion
  // back through the scheduler (perf: a twentieth of an inline answer's time).
  if (header_parser_->is_done() && (h.method() == bhttp::verb::get || h.method() == bhttp::verb::head)) {
    ReadFraming(h);
    auto view = [](beast::string_view v) { return std::string_view(v.data(), v.size()); };
    const Dispatcher::RecallAsk ask{view(h.method_string()), view(h.target()), view(h[bhttp::field::cookie]),
                                    view(h[bhttp::field::if_none_match]), view(h[bhttp::field::accept_encoding])};
    if (auto remembered = server_.dispatcher.Recall(ask, [this] { return NextRequestId(); })) {
      header_parser_.reset();
      return Write(std::move(*remembered));
    }
    auto req = ToRequest(header_parser_->get());
    header_parser_.reset();
    return Dispatch(std::move(req), nullptr);
  }
  std::string target(h.target());
  std::string path = target.substr(0, target.find('?'));
  const auto policy = server_.dispatcher.BodyFor(std::string(h.method_string()), path);
  if (header_parser_->content_length() && *header_parser_->content_length() > policy.limit)
    return Reject(413, core::ErrorCode::kPayloadTooLarge, "请求体超过大小限制");
  expect_continue_ = beast::iequals(h[bhttp::field::expect], "100-continue");
  if (policy.stream_to_file) return AdmitUpload(policy);
  string_parser_.emplace(std::move(*header_parser_));
  string_parser_->body_limit(policy.limit);
  stream_->expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
  header_parser_.reset();
  ContinueToBody();
}

// An upload is admitted on its headers alone — its length fits the disk, a slot is free,
// the session may upload there — before 100-continue and before any byte is stored.
void Connection::AdmitUpload(Dispatcher::BodyPolicy policy) {
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

void Connection::OnUploadAdmitted(Dispatcher::UploadAdmission admission, Dispatcher::BodyPolicy policy) {
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
  stream_->expires_after(std::chrono::seconds(server_.options.upload_timeout_seconds));
  ContinueToBody();
}

void Connection::ContinueToBody() {
  if (expect_continue_) {
    auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, version_);
    bhttp::async_write(*stream_, *cont, [self = shared_from_this(), cont](beast::error_code ec, size_t) {
      if (ec) return self->Close();
      self->ReadBody();
    });
    return;
  }
  ReadBody();
}

void Connection::ReadBody() {
  auto done = [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); };
  if (file_parser_) bhttp::async_read(*stream_, buffer_, *file_parser_, std::move(done));
  else bhttp::async_read(*stream_, buffer_, *string_parser_, std::move(done));
}

template <typename Message>
void Connection::ReadFraming(const Message& msg) {
  keep_alive_ = msg.keep_alive();
  version_ = msg.version();
  is_head_ = msg.method() == bhttp::verb::head;
}

std::string Connection::NextRequestId() { return server_.id_prefix + "-" + std::to_string(++server_.request_seq); }

// Fills the plain Request from Beast's header fields (shared by both body kinds).
template <typename Message>
std::shared_ptr<Request> Connection::ToRequest(Message& msg) {
  ReadFraming(msg);
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
  req->request_id = NextRequestId();
  return req;
}

void Connection::OnBody(beast::error_code ec) {
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
  Dispatch(std::move(req), std::move(upload_slot_));
  upload_path_.clear();
}

void Connection::Dispatch(std::shared_ptr<Request> req, std::shared_ptr<UploadSlots::Slot> slot) {
  // The public calendar's rendered pages are answered here, without a trip to a worker.
  if (req->body_file.empty()) {
    if (auto inline_answer = server_.dispatcher.TryInline(*req)) return Write(std::move(*inline_answer));
  }
  // A reservation is taken here too, its batch led by a worker: the hand-off to a worker and
  // back cost it more than its own work (decision 0036).
  if (const auto* route = server_.dispatcher.RouteOnIoThread(*req)) {
    return server_.dispatcher.HandleAsync(
        req, ReplyTo(req, std::move(slot)), route,
        [pool = server_.workers.get()](std::function<void()> work) { asio::post(*pool, std::move(work)); });
  }
  asio::post(*server_.workers, [self = shared_from_this(), req, slot = std::move(slot)]() mutable {
    // A route that answers later (a reservation waiting for its batch's commit) frees this
    // worker at once; the answer comes back to the connection's own thread either way.
    self->server_.dispatcher.HandleAsync(req, self->ReplyTo(req, std::move(slot)));
  });
}

Reply Connection::ReplyTo(const std::shared_ptr<Request>& req, std::shared_ptr<UploadSlots::Slot> slot) {
  return [self = shared_from_this(), req, slot = std::move(slot)](Response r) {
    // The handler moved the upload into the store, or it is of no further use.
    if (!req->body_file.empty()) {
      std::error_code rm;
      std::filesystem::remove(req->body_file, rm);
    }
    auto resp = std::make_shared<Response>(std::move(r));
    asio::post(self->executor(), [self, resp] { self->Write(std::move(*resp)); });
  };
}

void Connection::RemoveUpload() {
  upload_slot_.reset();
  if (upload_path_.empty()) return;
  if (file_parser_) file_parser_->get().body().close();
  std::error_code rm;
  std::filesystem::remove(upload_path_, rm);
  upload_path_.clear();
}

void Connection::Write(Response r) {
  const bool keep = keep_alive_ && !closing_ && !server_.stopping;
  if (r.source) return WriteSource(std::move(r), keep);
  if (!r.file_path.empty()) return WriteFile(std::move(r), keep);
  auto body = r.shared_body ? std::move(r.shared_body) : std::make_shared<const std::string>(std::move(r.body));
  // The head is written here into this connection's own buffer, reused from one answer to the
  // next: Beast's fields would allocate every header of every answer, and its serializer cost
  // more than the rest of an inline answer (perf, bench/RESULTS.md).
  const bool with_body = WriteHead(r, body->size(), keep) && !is_head_;
  if (with_body && r.sendfile_body) return SendWithFile(std::move(r.sendfile_body), 0, 0, keep);
  std::array<asio::const_buffer, 2> out{asio::buffer(head_), asio::buffer(with_body ? *body : std::string_view())};
  stream_->expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
  asio::async_write(*stream_, out, [self = shared_from_this(), body, keep](beast::error_code ec, size_t) {
    self->AfterWrite(ec, keep);
  });
}

// The head from head_ (MSG_MORE: it leaves in the body's first segment), then the body from
// its file with sendfile, as far as the socket takes them; when it is full, again once it is
// writable, within the read timeout (a client that stops reading is dropped). The socket is
// non-blocking already: Asio made it so for the request's read, and a full socket makes
// sendfile answer EAGAIN (the API test with a 4-KB reader waits on it).
void Connection::SendWithFile(std::shared_ptr<const MemoryFile> file, size_t head_sent, size_t body_sent, bool keep) {
  const int fd = stream_->socket().native_handle();
  auto failed = [](int err) { return beast::error_code(err, boost::system::system_category()); };
  while (head_sent < head_.size()) {
    const ssize_t n =
        ::send(fd, head_.data() + head_sent, head_.size() - head_sent, MSG_MORE | MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return AwaitWritable(std::move(file), head_sent, body_sent, keep);
    if (n < 0) return AfterWrite(failed(errno), keep);
    head_sent += static_cast<size_t>(n);
  }
  while (body_sent < file->size()) {
    off_t offset = static_cast<off_t>(body_sent);  // sendfile's own offset: the file's is shared
    const ssize_t n = ::sendfile(fd, file->fd(), &offset, file->size() - body_sent);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return AwaitWritable(std::move(file), head_sent, body_sent, keep);
    if (n <= 0) return AfterWrite(failed(n < 0 ? errno : EPIPE), keep);
    body_sent += static_cast<size_t>(n);
  }
  AfterWrite({}, keep);
}

void Connection::AwaitWritable(std::shared_ptr<const MemoryFile> file, size_t head_sent, size_t body_sent, bool keep) {
  if (!send_deadline_) send_deadline_.emplace(stream_->get_executor());
  const auto wait = ++send_waits_;
  send_deadline_->expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
  send_deadline_->async_wait([self = shared_from_this(), wait](beast::error_code ec) {
    // Only this wait's deadline: a later one (or the next request's read) is left alone.
    if (!ec && self->send_waits_ == wait) self->stream_->socket().cancel();
  });
  stream_->socket().async_wait(tcp::socket::wait_write, [self = shared_from_this(), file = std::move(file), head_sent,
                                                         body_sent, keep](beast::error_code ec) mutable {
    ++self->send_waits_;
    self->send_deadline_->cancel();
    if (ec) return self->AfterWrite(ec, keep);
    self->SendWithFile(std::move(file), head_sent, body_sent, keep);
  });
}

bool Connection::WriteHead(const Response& r, size_t body_size, bool keep) {
  const auto status = static_cast<bhttp::status>(r.status);
  head_.assign(version_ == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  head_ += std::to_string(r.status);
  head_ += ' ';
  const auto reason = bhttp::obsolete_reason(status);
  head_.append(reason.data(), reason.size());
  head_ += "\r\n";
  auto line = [this](std::string_view name, std::string_view value) { AppendHeaderLine(head_, name, value); };
  if (r.head_lines) head_ += *r.head_lines;
  for (const auto& [name, value] : r.headers) line(name, value);
  line("Server", "sciweek");
  // As Beast's prepare_payload: no length on an answer that never has a body.
  const bool bodiless = r.status < 200 || status == bhttp::status::no_content || status == bhttp::status::not_modified;
  if (!bodiless) line("Content-Length", std::to_string(body_size));
  if (version_ == 10 && keep) line("Connection", "keep-alive");
  if (version_ != 10 && !keep) line("Connection", "close");
  head_ += "\r\n";
  return !bodiless;
}

// Downloads and exports: the file streams from disk in Beast's chunks, never whole in memory.
void Connection::WriteFile(Response r, bool keep) {
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
  stream_->expires_after(std::chrono::seconds(server_.options.upload_timeout_seconds));
  if (is_head_) {
    auto head = std::make_shared<bhttp::response_serializer<bhttp::file_body>>(*res);
    bhttp::async_write_header(
        *stream_, *head,
        [self = shared_from_this(), res, head, keep](beast::error_code ec, size_t) { self->AfterWrite(ec, keep); });
    return;
  }
  bhttp::async_write(*stream_, *res, [self = shared_from_this(), res, keep](beast::error_code ec, size_t) {
    self->AfterWrite(ec, keep);
  });
}

// Archives of many files: produced as they are sent. Each step of the write has its own
// deadline, so a download of hours goes on while it moves and a stalled client is dropped.
void Connection::WriteSource(Response r, bool keep) {
  auto res = std::make_shared<bhttp::response<SourceBody>>(static_cast<bhttp::status>(r.status), version_);
  for (auto& [k, v] : r.headers) res->insert(k, v);
  res->set(bhttp::field::server, "sciweek");
  res->keep_alive(keep);
  res->body() = std::move(r.source);
  res->prepare_payload();
  auto serializer = std::make_shared<bhttp::response_serializer<SourceBody>>(*res);
  stream_->expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
  if (is_head_) {
    bhttp::async_write_header(*stream_, *serializer,
                              [self = shared_from_this(), res, serializer, keep](beast::error_code ec, size_t) {
                                self->AfterWrite(ec, keep);
                              });
    return;
  }
  WriteSourceStep(res, serializer, keep);
}

void Connection::WriteSourceStep(const std::shared_ptr<bhttp::response<SourceBody>>& res,
                                 const std::shared_ptr<bhttp::response_serializer<SourceBody>>& serializer, bool keep) {
  stream_->expires_after(std::chrono::seconds(server_.options.read_timeout_seconds));
  bhttp::async_write_some(*stream_, *serializer,
                          [self = shared_from_this(), res, serializer, keep](beast::error_code ec, size_t) {
                            if (ec || serializer->is_done()) return self->AfterWrite(ec, keep);
                            self->WriteSourceStep(res, serializer, keep);
                          });
}

void Connection::AfterWrite(beast::error_code ec, bool keep) {
  busy_ = false;
  if (ec || !keep) return Close();
  if (FollowClientCpu()) return;
  ReadHeader();
}

bool Connection::FollowClientCpu() {
  // Looked at after the 1st, 2nd, 4th … answer and every 1,024th: a client settles on a CPU
  // soon after it connects (wrk's threads start on one and spread), and a getsockopt on every
  // answer would cost more than it finds. Bytes of the next request already read stay in
  // buffer_, which moves with the connection.
  ++answered_;
  if ((answered_ & (answered_ - 1)) != 0 && answered_ % 1024 != 0) return false;
  if (!server_.affinity.pinned() || closing_ || server_.stopping) return false;
  const auto to = server_.Follow(io_thread_, IoAffinity::IncomingCpu(stream_->socket().native_handle()));
  if (!to) return false;
  send_deadline_.reset();  // a timer of this thread's context
  stream_.emplace(server_.MoveTo(std::move(stream_->socket()), *to));
  server_.Moved(io_thread_, *to);
  io_thread_.store(*to, std::memory_order_release);
  asio::post(executor(), [self = shared_from_this()] { self->ReadHeader(); });
  return true;
}

// Answers an error without reading the rest of the request, then closes the connection.
void Connection::Reject(int status, core::ErrorCode code, const char* message, int retry_after_seconds) {
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

void Connection::Close() {
  beast::error_code ec;
  stream_->socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_->close();
}

}  // namespace sciweek::http
