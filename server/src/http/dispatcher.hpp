#pragma once
// The request pipeline, free of sockets: route lookup, session and CSRF middleware, the
// handler (exceptions become a logged 500), security headers, metrics and the access log.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "http/inline_memo.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/services.hpp"
#include "http/static_files.hpp"

namespace sciweek::http {

// The headers every answer carries (CSP, nosniff, frame and referrer policy); `api` adds no-store.
void AddSecurityHeaders(Response& r, bool api);

class Dispatcher {
 public:
  explicit Dispatcher(Services& services);

  // How to read a request's body, decided from its request line alone, so the server can
  // answer 413 before reading a body and stream uploads to disk.
  struct BodyPolicy {
    size_t limit = kDefaultBodyLimit;
    bool stream_to_file = false;
  };
  BodyPolicy BodyFor(const std::string& method, const std::string& path) const;
  // The finished answer. A route that answers later (Route::answer_later) frees this thread
  // at once: `done` gets the finished answer when it comes, perhaps on another thread. Every
  // other route calls `done` before this returns. `done` is called exactly once.
  // With `chosen` (from RouteOnIoThread), on the I/O thread: that route answers, handing on
  // through `to_worker` whatever may block.
  void HandleAsync(std::shared_ptr<Request> req, Reply done, const http::Route* chosen = nullptr,
                   core::HandOff to_worker = nullptr);
  // The route that answers this request on its I/O thread (Route::later_on_io_thread), with
  // the request's path parameters filled in; null when it goes to a worker.
  const http::Route* RouteOnIoThread(Request& req) const;
  // On the I/O thread: the answer of a GET whose route answers from memory (Route::
  // answer_inline), finished like HandleAsync's; nullopt when the request needs a worker (another
  // route, a session cookie, or the memory does not have the answer now).
  std::optional<Response> TryInline(Request& req);

  // What Recall reads of a request: its line and the three headers an inline answer depends on.
  struct RecallAsk {
    std::string_view method, target, cookie, if_none_match, accept_encoding;
  };
  // On the I/O thread, before the request is parsed any further: the answer TryInline gave
  // this target (and gzip choice) while the public catalog is still at that answer's epoch,
  // finished as TryInline finishes (request id from `next_request_id`, metrics, access log);
  // nullopt when the request must go the usual way.
  std::optional<Response> Recall(const RecallAsk& ask, const std::function<std::string()>& next_request_id);

  // The headers of a streamed upload have arrived (no body byte read yet): authenticate,
  // check CSRF and ask the route whether this principal may upload here. A refusal is a
  // finished response (logged and counted like any other); `uploader` names who may go on,
  // so the server can cap concurrent uploads per user.
  struct UploadAdmission {
    std::optional<Response> refusal;
    std::string uploader;
  };
  UploadAdmission AdmitUpload(Request& head);
  const Router& router() const { return router_; }
  // The server's own /metrics lines (connections by I/O thread). Set before serving starts
  // and cleared after it ends, so no request reads it while it changes.
  void SetServerFigures(std::function<std::string()> figures) { server_figures_ = std::move(figures); }

 private:
  struct Call;  // one request on its way to an answer
  // The route's answer; nullopt when the route answers later (it then calls Complete).
  std::optional<Response> Route(const std::shared_ptr<Call>& call);
  // The answer of the route chosen for `call`, after its session and CSRF checks; nullopt when
  // the route answers later.
  std::optional<Response> Answer(const std::shared_ptr<Call>& call, const http::Route& route);
  // Finishes the answer of `call` (log user, headers, metrics, access log) and hands it on.
  void Complete(const std::shared_ptr<Call>& call, Response r);
  // Resolves the session cookie into `principal` and checks the CSRF token of mutating
  // requests; a refusal when the token does not match.
  std::optional<Response> Authenticate(const Request& req, service::Ctx& ctx,
                                       std::optional<domain::Principal>& principal);
  // Security headers, request id, metrics and the access-log line of every answer.
  void Finish(const Request& req, Response& r, const std::string& route_label,
              std::chrono::steady_clock::time_point start);
  // Finish's first part: the security headers.
  void Seal(const Request& req, Response& r);
  // Finish's part after the security headers: request id, metrics, access log.
  void Account(std::string_view method, std::string_view path, const std::string& request_id, Response& r,
               const std::string& route_label, std::chrono::steady_clock::time_point start);
  Response Health();
  Response MetricsText(const Request& req);

  Services& services_;
  std::atomic<std::uint64_t> inline_answers_{0};  // answered by TryInline or Recall (for /metrics)
  InlineMemo memo_;
  Router router_;
  Metrics metrics_;
  std::function<std::string()> server_figures_;
  StaticFiles static_files_;
};

}  // namespace sciweek::http
