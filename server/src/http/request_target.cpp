#include "http/request_target.hpp"

#include "http/message.hpp"

namespace sciweek::http {

std::string PathOfTarget(std::string_view target) {
  std::string path = PercentDecode(target.substr(0, target.find('?')), false).value_or("/");
  if (path.empty() || path.front() != '/') path = "/" + path;
  return path;
}

}  // namespace sciweek::http
