#include "http/dispatcher.hpp"

#include "http/gzip.hpp"

#include <algorithm>
#include <chrono>

#include "core/crypto.hpp"
#include "core/logging.hpp"
#include "core/text.hpp"
#include "http/error_response.hpp"
#include "http/link_preview.hpp"
#include "http/request_target.hpp"
#include "http/routes.hpp"
#include "http/session_cookie.hpp"

namespace sciweek::http {
void AddSecurityHeaders(Response& r, bool api) {
  // A file shown inline (a PDF preview) may be framed by our own pages, nothing else is.
  const bool inline_file = !r.file_path.empty() && std::any_of(r.headers.begin(), r.headers.end(), [](const auto& h) {
    return h.first == "Content-Disposition" && h.second.rfind("inline", 0) == 0;
  });
  // Element Plus sets inline style attributes, hence 'unsafe-inline' for styles only.
  r.SetHeader("Content-Security-Policy",
              std::string("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                          "img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; "
                          "connect-src 'self'; object-src 'none'; frame-ancestors ") +
                  (inline_file ? "'self'" : "'none'") + "; base-uri 'self'; form-action 'self'");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("X-Frame-Options", inline_file ? "SAMEORIGIN" : "DENY");
  r.SetHeader("Referrer-Policy", "same-origin");
  // API answers are private and fresh unless the handler chose otherwise (the public
  // calendar revalidates with ETags).
  const bool chosen =
      std::any_of(r.headers.begin(), r.headers.end(), [](const auto& h) { return h.first == "Cache-Control"; });
  if (api && !chosen) r.SetHeader("Cache-Control", "no-store");
}

namespace {

bool IsMutating(const std::string& m) { return m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE"; }

// `Authorization: Bearer <token>` with the configured metrics token (never when none is set).
bool HasMetricsToken(const Request& req, const std::string& configured) {
  const std::string auth = req.Header("authorization");
  constexpr std::string_view kScheme = "bearer ";
  if (configured.empty() || auth.size() <= kScheme.size() ||
      core::AsciiLower(auth.substr(0, kScheme.size())) != kScheme)
    return false;
  return core::SecretEquals(core::Trim(auth.substr(kScheme.size())), configured);
}

}  // namespace

Dispatcher::Dispatcher(Services& services) : services_(services), static_files_(services.config.web_dir) {
  AddAllRoutes(router_, services_);
}

Dispatcher::BodyPolicy Dispatcher::BodyFor(const std::string& method, const std::string& path) const {
  auto decoded = PercentDecode(path, false);
  auto m = router_.Find(method, decoded.value_or(path));
  if (!m.route) return {};
  return {m.route->body_limit, m.route->stream_to_file};
}

Response Dispatcher::Health() {
  const bool ok = services_.health.DatabaseReachable();
  return Response::Json(ok ? 200 : 503, {{"status", ok ? "ok" : "unavailable"}});
}

Response Dispatcher::MetricsText(const Request& req) {
  // Route and status counts map the site's use: for Prometheus (the token) and admins only.
  bool allowed = HasMetricsToken(req, services_.config.metrics_token);
  if (!allowed) {
    auto p = services_.auth.Resolve(req.Cookie(SessionCookieName(req, services_.config)), core::Now());
    allowed = p && p->role == domain::Role::kAdmin;
  }
  if (!allowed) {
    Response r = ErrorResponse(core::Error::Unauthenticated("需要管理员登录或监控令牌"));
    r.SetHeader("WWW-Authenticate", "Bearer realm=\"sciweek-metrics\"");
    return r;
  }
  auto pool = services_.health.Pool();
  const auto group = services_.health.GroupCommit();
  std::string extra =
      "# HELP sciweek_db_pool_connections Database connections by state.\n"
      "# TYPE sciweek_db_pool_connections gauge\n"
      "sciweek_db_pool_connections{state=\"in_use\"} " +
      std::to_string(pool.in_use) +
      "\n"
      "sciweek_db_pool_connections{state=\"total\"} " +
      std::to_string(pool.size) +
      "\n"
      "# HELP sciweek_public_cache_bytes Bytes held by the public answer caches.\n"
      "# TYPE sciweek_public_cache_bytes gauge\n"
      "sciweek_public_cache_bytes{cache=\"lists\"} " +
      std::to_string(services_.catalog.CacheBytes()) +
      "\n"
      "sciweek_public_cache_bytes{cache=\"gzip\"} " +
      std::to_string(GzipCacheBytes()) +
      "\n"
      "# HELP sciweek_public_cache_budget_bytes The most the public answer caches may hold.\n"
      "# TYPE sciweek_public_cache_budget_bytes gauge\n"
      "sciweek_public_cache_budget_bytes " +
      std::to_string(service::kPublicListCacheBytes + kGzipCacheBytes) +
      "\n"
      "# HELP sciweek_group_commits_total COMMITs shared by grouped transactions (reservations).\n"
      "# TYPE sciweek_group_commits_total counter\n"
      "sciweek_group_commits_total " +
      std::to_string(group.batches) +
      "\n"
      "# HELP sciweek_grouped_transactions_total Transactions committed (or refused) in those batches.\n"
      "# TYPE sciweek_grouped_transactions_total counter\n"
      "sciweek_grouped_transactions_total " +
      std::to_string(group.transactions) +
      "\n"
      "# HELP sciweek_group_commit_largest_batch The most transactions one COMMIT carried.\n"
      "# TYPE sciweek_group_commit_largest_batch gauge\n"
      "sciweek_group_commit_largest_batch " +
      std::to_string(group.largest) +
      "\n"
      "# HELP sciweek_inline_answers_total Answers given from memory on the I/O thread, without a worker.\n"
      "# TYPE sciweek_inline_answers_total counter\n"
      "sciweek_inline_answers_total " +
      std::to_string(inline_answers_.load()) + "\n";
  if (server_figures_) extra += server_figures_();
  return Response::Text(200, "text/plain; version=0.0.4; charset=utf-8", metrics_.Render(extra));
}

struct Dispatcher::Call {
  std::shared_ptr<Request> req;
  Reply done;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::string route_label = "unknown";
  service::Ctx ctx;
  std::optional<domain::Principal> principal;  // ctx.principal points here
  std::atomic<bool> answered{false};
};

std::optional<Response> Dispatcher::Route(const std::shared_ptr<Call>& call) {
  Request& req = *call->req;
  std::string& route_label = call->route_label;
  if (req.path == "/healthz") {
    route_label = "/healthz";
    return Health();
  }
  if (req.path == "/metrics") {
    route_label = "/metrics";
    return MetricsText(req);
  }
  const bool api = req.path.rfind("/api/", 0) == 0 || req.path == "/api";
  if (!api) {
    route_label = "static";
    if (!static_files_.enabled()) return ErrorResponse(core::Error::NotFound("页面不存在"));
    if (auto id = ActivityPageId(req.path)) {
      if (auto preview = services_.catalog.Preview(*id)) {
        const std::string origin = RequestOrigin(req, services_.config);
        return static_files_.Serve(req,
                                   [&](const std::string& html) { return WithLinkPreview(html, *preview, origin); });
      }
    }
    return static_files_.Serve(req);
  }
  auto match = router_.Find(req.method, req.path);
  if (!match.route) {
    route_label = "unmatched";
    if (match.method_mismatch) {
      Response r = ErrorResponse(core::Error::MethodNotAllowed("该接口不支持 " + req.method + " 方法"));
      std::string allow;
      for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
      r.SetHeader("Allow", allow);
      return r;
    }
    return ErrorResponse(core::Error::NotFound("接口不存在"));
  }
  route_label = match.route->pattern;
  req.params = std::move(match.params);
  return Answer(call, *match.route);
}

std::optional<Response> Dispatcher::Answer(const std::shared_ptr<Call>& call, const http::Route& route) {
  const Request& req = *call->req;
  if (auto refused = Authenticate(req, call->ctx, call->principal)) return std::move(*refused);
  if (call->principal) call->ctx.principal = &*call->principal;
  if (route.answer_later) {
    route.answer_later(req, call->ctx, [this, call](Response r) { Complete(call, std::move(r)); });
    return std::nullopt;
  }
  return route.handler(req, call->ctx);
}

const http::Route* Dispatcher::RouteOnIoThread(Request& req) const {
  // A static file or a calendar miss is not looked up twice (here, then on the worker).
  if (!router_.AnyOnIoThread(req.method) || !req.body_file.empty()) return nullptr;
  // A signed-in user's request goes to a worker: resolving the session reads the database.
  if (!req.Cookie(SessionCookieName(req, services_.config)).empty()) return nullptr;
  auto match = router_.Find(req.method, req.path);
  if (!match.route || !match.route->later_on_io_thread) return nullptr;
  req.params = std::move(match.params);
  return match.route;
}

void Dispatcher::Complete(const std::shared_ptr<Call>& call, Response r) {
  if (call->answered.exchange(true)) return;  // a handler that threw after it replied
  if (r.log_user.empty() && call->principal) r.log_user = call->principal->login;
  Finish(*call->req, r, call->route_label, call->start);
  call->done(std::move(r));
}

std::optional<Response> Dispatcher::Authenticate(const Request& req, service::Ctx& ctx,
                                                 std::optional<domain::Principal>& principal) {
  ctx.request_id = req.request_id;
  ctx.ip = req.remote_ip;
  ctx.now = core::Now();
  const std::string token = req.Cookie(SessionCookieName(req, services_.config));
  if (!token.empty()) {
    auto p = services_.auth.Resolve(token, ctx.now);
    if (p) principal = std::move(p.value());
  }
  const bool is_login = req.path == "/api/v1/auth/login";
  if (principal && IsMutating(req.method) && !is_login) {
    // Double-submit defence: the token only the page that logged in knows.
    if (!core::SecretEquals(req.Header("x-csrf-token"), principal->csrf_token))
      return ErrorResponse(core::Error::Forbidden("CSRF 校验失败，请刷新页面后重试"));
  }
  return std::nullopt;
}

Dispatcher::UploadAdmission Dispatcher::AdmitUpload(Request& req) {
  const auto start = std::chrono::steady_clock::now();
  UploadAdmission out;
  std::string route_label = "unmatched";
  auto match = router_.Find(req.method, req.path);
  if (!match.route || !match.route->stream_to_file) return out;
  route_label = match.route->pattern;
  req.params = std::move(match.params);
  Response r;
  try {
    service::Ctx ctx;
    std::optional<domain::Principal> principal;
    if (auto refused = Authenticate(req, ctx, principal)) {
      r = std::move(*refused);
    } else if (!principal) {
      r = ErrorResponse(core::Error::Unauthenticated());
    } else {
      ctx.principal = &*principal;
      auto allowed = match.route->may_upload(req, ctx);
      if (allowed) {
        out.uploader = principal->login;
        return out;
      }
      r = ErrorResponse(allowed.error());
      r.log_user = principal->login;
    }
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} failed before its upload: {}", req.request_id, req.method, req.path, e.what());
    r = ErrorResponse(core::Error::Internal(e.what()));
  }
  Finish(req, r, route_label, start);
  out.refusal = std::move(r);
  return out;
}

void Dispatcher::Finish(const Request& req, Response& r, const std::string& route_label,
                        std::chrono::steady_clock::time_point start) {
  Seal(req, r);
  Account(req.method, req.path, req.request_id, r, route_label, start);
}

void Dispatcher::Seal(const Request& req, Response& r) {
  const bool api = req.path.rfind("/api/", 0) == 0;
  AddSecurityHeaders(r, api || req.path == "/healthz" || req.path == "/metrics");
}

void Dispatcher::Account(std::string_view method, std::string_view path, const std::string& request_id, Response& r,
                         const std::string& route_label, std::chrono::steady_clock::time_point start) {
  r.SetHeader("X-Request-Id", request_id);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.Record(route_label, std::string(method), r.status, seconds);
  // The path only, never the query: queries may carry phone numbers.
  spdlog::info("{} {} {} {} {:.1f}ms {}", request_id, method, path, r.status, seconds * 1000,
               r.log_user.empty() ? "-" : r.log_user);
}

std::optional<Response> Dispatcher::TryInline(Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  // A signed-in user's requests go the whole way (the session is resolved, the access log names them).
  if (!req.Cookie(SessionCookieName(req, services_.config)).empty()) return std::nullopt;
  const auto start = std::chrono::steady_clock::now();
  auto match = router_.Find(req.method, req.path);
  if (!match.route || !match.route->answer_inline) return std::nullopt;
  std::optional<Response> r;
  try {
    req.params = std::move(match.params);
    r = match.route->answer_inline(req);
  } catch (const std::exception& e) {
    spdlog::warn("request {} {} {}: inline answer failed, a worker answers: {}", req.request_id, req.method, req.path,
                 e.what());
    return std::nullopt;
  }
  if (r) {
    ++inline_answers_;
    Seal(req, *r);
    if (InlineMemo::Eligible(req.Header("cookie"), req.Header("if-none-match")))
      memo_.Remember(req.target, AcceptsGzip(req.Header("accept-encoding")), *r, match.route->pattern);
    Account(req.method, req.path, req.request_id, *r, match.route->pattern, start);
  }
  return r;
}

std::optional<Response> Dispatcher::Recall(const RecallAsk& ask, const std::function<std::string()>& next_request_id) {
  if (!InlineMemo::Eligible(ask.cookie, ask.if_none_match)) return std::nullopt;
  const auto start = std::chrono::steady_clock::now();
  const auto* a = memo_.Find(ask.target, AcceptsGzip(ask.accept_encoding), services_.catalog.Epoch());
  if (!a) return std::nullopt;
  ++inline_answers_;
  Response r;
  r.status = a->status;
  r.head_lines = a->head_lines;
  r.shared_body = a->body;
  r.sendfile_body = a->file;
  // The access log's path is decoded as for every other request, and only when it is written.
  const std::string path = spdlog::should_log(spdlog::level::info) ? PathOfTarget(ask.target) : std::string();
  Account(ask.method, path, next_request_id(), r, a->route, start);
  return r;
}

void Dispatcher::HandleAsync(std::shared_ptr<Request> req, Reply done, const http::Route* chosen,
                             core::HandOff to_worker) {
  auto call = std::make_shared<Call>();
  call->req = std::move(req);
  call->done = std::move(done);
  call->ctx.to_worker = std::move(to_worker);
  if (chosen) call->route_label = chosen->pattern;
  std::optional<Response> r;
  try {
    r = chosen ? Answer(call, *chosen) : Route(call);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} failed: {}", call->req->request_id, call->req->method, call->req->path, e.what());
    r = ErrorResponse(core::Error::Internal(e.what()));
  }
  if (r) Complete(call, std::move(*r));
}

}  // namespace sciweek::http
