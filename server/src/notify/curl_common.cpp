#include "notify/curl_common.hpp"

#include <atomic>

namespace sciweek::notify {

int StopWhenAsked(void* stop_flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(stop_flag)->load() ? 1 : 0;
}

std::string PrintableExcerpt(const std::string& in, size_t max) {
  std::string s = in.size() > max ? in.substr(0, max) : in;
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

}  // namespace sciweek::notify
