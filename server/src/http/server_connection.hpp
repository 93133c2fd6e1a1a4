#pragma once
// One client connection: reads a header, lets the route choose the body's limit and whether it
// streams to a file, hands the request to the worker pool and writes the answer (from memory or
// streamed from a file), then waits for the next request on the same socket.
#include <boost/beast/http.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "http/server_impl.hpp"
#include "http/server_source_body.hpp"

namespace sciweek::http {

namespace bhttp = boost::beast::http;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `io_thread`: the index of the I/O thread whose context `socket` belongs to.
  Connection(ConnectionSocket socket, Server::Impl& server, std::string remote_ip, size_t io_thread)
      : stream_(std::in_place, std::move(socket)),
        server_(server),
        remote_ip_(std::move(remote_ip)),
        io_thread_(io_thread) {}
  ~Connection();
  void Start() { ReadHeader(); }

  // During a graceful stop (it moves itself onto the connection's own thread).
  void CloseIfIdle();
  // The connection's I/O thread, safe to read from any thread (FollowClientCpu changes it).
  asio::io_context::executor_type executor() const {
    return server_.contexts[io_thread_.load(std::memory_order_acquire)]->get_executor();
  }

 private:
  void ReadHeader();
  void OnHeader(beast::error_code ec);

  // An upload is admitted on its headers alone — its length fits the disk, a slot is free,
  // the session may upload there — before 100-continue and before any byte is stored.
  void AdmitUpload(Dispatcher::BodyPolicy policy);
  void OnUploadAdmitted(Dispatcher::UploadAdmission admission, Dispatcher::BodyPolicy policy);
  void ContinueToBody();
  void ReadBody();

  // Keep-alive, version and HEAD of the request being answered.
  template <typename Message>
  void ReadFraming(const Message& msg);
  std::string NextRequestId();
  // Fills the plain Request from Beast's header fields (shared by both body kinds).
  template <typename Message>
  std::shared_ptr<Request> ToRequest(Message& msg);
  void OnBody(beast::error_code ec);
  // Answers a whole request: inline when the route can, else on a worker (the slot, if any,
  // is the upload's, held until the handler is done with its file).
  void Dispatch(std::shared_ptr<Request> req, std::shared_ptr<UploadSlots::Slot> slot);
  // The answer's way back: on to this connection's I/O thread, and written there.
  Reply ReplyTo(const std::shared_ptr<Request>& req, std::shared_ptr<UploadSlots::Slot> slot);
  void RemoveUpload();
  void Write(Response r);
  // The status line and headers of an answer from memory, into head_; false when the status
  // never carries a body (1xx, 204, 304).
  bool WriteHead(const Response& r, size_t body_size, bool keep);

  // A large remembered page: head_, then its body by sendfile (http/memory_file.hpp).
  void SendWithFile(std::shared_ptr<const MemoryFile> file, size_t head_sent, size_t body_sent, bool keep);
  void AwaitWritable(std::shared_ptr<const MemoryFile> file, size_t head_sent, size_t body_sent, bool keep);

  // Downloads and exports: the file streams from disk in Beast's chunks, never whole in memory.
  void WriteFile(Response r, bool keep);
  void WriteSource(Response r, bool keep);
  void WriteSourceStep(const std::shared_ptr<bhttp::response<SourceBody>>& res,
                       const std::shared_ptr<bhttp::response_serializer<SourceBody>>& serializer, bool keep);
  void AfterWrite(beast::error_code ec, bool keep);
  // Between two requests, now and then: when the client's packets now arrive on another I/O
  // thread's CPU, the connection moves to that thread (decision 0034) and reads its next
  // request there; true when it moved.
  bool FollowClientCpu();

  // Answers an error without reading the rest of the request, then closes the connection.
  void Reject(int status, core::ErrorCode code, const char* message, int retry_after_seconds = 0);
  void Close();

  std::optional<ConnectionStream> stream_;  // always set; optional because a Beast stream cannot be assigned
  beast::flat_buffer buffer_;
  std::string head_;                                 // the head of the answer being written (its capacity is kept)
  std::optional<asio::steady_timer> send_deadline_;  // of SendWithFile's wait for a full socket
  unsigned send_waits_ = 0;                          // numbers those waits (a deadline is its wait's)
  std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
  std::optional<bhttp::request_parser<bhttp::string_body>> string_parser_;
  std::optional<bhttp::request_parser<bhttp::file_body>> file_parser_;
  std::string upload_path_;
  std::shared_ptr<UploadSlots::Slot> upload_slot_;
  Server::Impl& server_;
  std::string remote_ip_;
  std::atomic<size_t> io_thread_;  // whose context stream_ belongs to (FollowClientCpu changes it)
  bool expect_continue_ = false;
  bool keep_alive_ = false;
  bool is_head_ = false;
  unsigned version_ = 11;
  bool busy_ = false;
  unsigned long long answered_ = 0;  // on this connection (FollowClientCpu looks at powers of two)
  bool closing_ = false;
};

}  // namespace sciweek::http
