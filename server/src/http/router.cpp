#include "http/router.hpp"

#include <stdexcept>

namespace sciweek::http {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

}  // namespace

void Router::Add(Route route) {
  // An upload route without its header-time check would store anonymous bytes: a bug.
  if (route.stream_to_file && !route.may_upload)
    throw std::logic_error("upload route " + route.pattern + " has no may_upload check");
  if (!route.handler && !route.answer_later) throw std::logic_error("route " + route.pattern + " has no handler");
  route.segments = Split(route.pattern);
  routes_.push_back(std::move(route));
}

Match Router::Find(const std::string& method, const std::string& path) const {
  Match m;
  const auto segments = Split(path);
  for (const auto& r : routes_) {
    if (r.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (size_t i = 0; ok && i < segments.size(); ++i) {
      const auto& p = r.segments[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        if (segments[i].empty()) ok = false;
        else params[p.substr(1, p.size() - 2)] = segments[i];
      } else {
        ok = p == segments[i];
      }
    }
    if (!ok) continue;
    if (r.method == method || (method == "HEAD" && r.method == "GET")) {
      m.route = &r;
      m.params = std::move(params);
      m.method_mismatch = false;
      return m;
    }
    m.method_mismatch = true;
    m.allowed.push_back(r.method);
  }
  return m;
}

}  // namespace sciweek::http
