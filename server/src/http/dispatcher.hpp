#pragma once
// The request pipeline, free of sockets: route lookup, session and CSRF middleware, the
// handler (exceptions become a logged 500), security headers, metrics and the access log.
#include <memory>
#include <string>

#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/services.hpp"
#include "http/static_files.hpp"

namespace sciweek::http {

class Dispatcher {
 public:
  explicit Dispatcher(Services& services);

  // The body limit for a request line, so the server can answer 413 before reading a body.
  size_t BodyLimit(const std::string& method, const std::string& path) const;
  Response Handle(Request& req);
  const Router& router() const { return router_; }

 private:
  Response Route(Request& req, std::string& route_label);
  Response Health();
  Response MetricsText(const Request& req);

  Services& services_;
  Router router_;
  Metrics metrics_;
  StaticFiles static_files_;
};

}  // namespace sciweek::http
