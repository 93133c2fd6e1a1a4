#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>

namespace sciweek::http {
namespace {

// "/a/b/" → "a", "b", "": the segments after the leading '/'.
template <typename Piece>
std::vector<Piece> Split(std::string_view path) {
  std::vector<Piece> out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.emplace_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::Add(Route route) {
  // An upload route without its header-time check would store anonymous bytes: a bug.
  if (route.stream_to_file && !route.may_upload)
    throw std::logic_error("upload route " + route.pattern + " has no may_upload check");
  if (!route.handler && !route.answer_later) throw std::logic_error("route " + route.pattern + " has no handler");
  route.segments = Split<std::string>(route.pattern);
  const size_t length = route.segments.size();
  if (by_length_.size() <= length) by_length_.resize(length + 1);
  by_length_[length].push_back(routes_.size());
  if (route.later_on_io_thread && !AnyOnIoThread(route.method)) io_thread_methods_.push_back(route.method);
  routes_.push_back(std::move(route));
}

Match Router::Find(const std::string& method, const std::string& path) const {
  Match m;
  // Views into `path`, and no parameter copied until a route matches: this runs for every
  // request, the public calendar's included (perf: 5 % of an inline answer, most of it
  // allocating the segments and the parameters of patterns that then failed).
  const auto segments = Split<std::string_view>(path);
  if (segments.size() >= by_length_.size()) return m;
  for (const size_t index : by_length_[segments.size()]) {
    const Route& r = routes_[index];
    bool ok = true;
    for (size_t i = 0; ok && i < segments.size(); ++i)
      ok = IsParam(r.segments[i]) ? !segments[i].empty() : r.segments[i] == segments[i];
    if (!ok) continue;
    if (r.method == method || (method == "HEAD" && r.method == "GET")) {
      m.route = &r;
      m.method_mismatch = false;
      m.allowed.clear();
      for (size_t i = 0; i < segments.size(); ++i) {
        const auto& p = r.segments[i];
        if (IsParam(p)) m.params[p.substr(1, p.size() - 2)] = std::string(segments[i]);
      }
      return m;
    }
    m.method_mismatch = true;
    if (std::find(m.allowed.begin(), m.allowed.end(), r.method) == m.allowed.end()) m.allowed.push_back(r.method);
  }
  return m;
}

}  // namespace sciweek::http
