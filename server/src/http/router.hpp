#pragma once
// Route table: method + path pattern ("/api/v1/orgs/{code}") → handler, with the request
// body limit of that route. Matching is by whole segments; a path that matches a pattern
// under another method answers 405.
#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"
#include "service/support/context.hpp"

namespace sciweek::http {

using Handler = std::function<Response(const Request&, const service::Ctx&)>;
// Decides from the request line, headers and session alone whether an upload may start:
// run before 100-continue and before any body byte is stored. The handler checks again
// with the body (state may change in between).
using UploadCheck = std::function<core::Status(const Request&, const service::Ctx&)>;

// Answers from memory alone, on the connection's I/O thread, when it can without waiting on
// anything (no database, no lock held for long); nullopt hands the request to a worker and
// `handler`, which must give the same answer. For the public calendar's hot reads: the
// hand-off to a worker thread and back cost more than the answer itself (bench/RESULTS.md).
using InlineHandler = std::function<std::optional<Response>(const Request&)>;

// Answers later, without holding the worker thread meanwhile: `reply` is called exactly once,
// on any thread, perhaps before the handler returns. The request and the ctx (with its
// principal) stay valid until then. For writes that wait on a shared commit (reservations,
// store::Db::WriteGroupedAsync): their wait no longer bounds a batch by the worker count.
using Reply = std::function<void(Response)>;
using LaterHandler = std::function<void(const Request&, const service::Ctx&, Reply reply)>;

inline constexpr size_t kDefaultBodyLimit = 1 << 20;  // 1 MiB of JSON is plenty

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  size_t body_limit = kDefaultBodyLimit;
  // Uploads: the body goes straight to a temp file (Request::body_file), never into memory.
  bool stream_to_file = false;
  UploadCheck may_upload;             // required with stream_to_file (Router::Add refuses a route without it)
  std::vector<std::string> segments;  // filled by Router::Add
  InlineHandler answer_inline;        // optional: GET answers from memory (see InlineHandler)
  // Optional: the answer comes later (see LaterHandler), in place of `handler`.
  LaterHandler answer_later;
  // answer_later runs on the connection's I/O thread, without the hand-off to a worker, for a
  // request without a session cookie (decision 0036). It must not wait on anything there: what
  // may block goes on through ctx.to_worker.
  bool later_on_io_thread = false;
};

struct Match {
  const Route* route = nullptr;      // null: no route
  bool method_mismatch = false;      // path matched under another method
  std::vector<std::string> allowed;  // the methods the path does take (for Allow on 405)
  std::map<std::string, std::string> params;
};

class Router {
 public:
  void Add(Route route);
  Match Find(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }
  // Whether any route of `method` runs on the I/O thread (Route::later_on_io_thread): the
  // requests of every other method need no second look up before they go to a worker.
  bool AnyOnIoThread(const std::string& method) const {
    return std::find(io_thread_methods_.begin(), io_thread_methods_.end(), method) != io_thread_methods_.end();
  }

 private:
  std::vector<Route> routes_;
  // Indexes into routes_ by segment count, in the order added (the first match wins): a path
  // is compared only with the patterns of its own length (bench/RESULTS.md, 2026-12-05).
  std::vector<std::vector<size_t>> by_length_;
  std::vector<std::string> io_thread_methods_;  // see AnyOnIoThread
};

}  // namespace sciweek::http
