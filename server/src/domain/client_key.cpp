#include "domain/client_key.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstring>

namespace sciweek::domain {

std::string ClientKey(std::string_view address) {
  std::string text(address.substr(0, 64));
  // "[2001:db8::1]" (a bracketed literal) and "fe80::1%eth0" (a zone) parse as the bare address.
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (auto zone = text.find('%'); zone != std::string::npos) text.erase(zone);

  std::array<unsigned char, 4> v4{};
  if (inet_pton(AF_INET, text.c_str(), v4.data()) == 1) return text;
  std::array<unsigned char, 16> v6{};
  if (inet_pton(AF_INET6, text.c_str(), v6.data()) != 1) return std::string(address.substr(0, 64));

  static constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char out[INET6_ADDRSTRLEN] = {};
  if (std::memcmp(v6.data(), kMappedPrefix, sizeof kMappedPrefix) == 0) {
    inet_ntop(AF_INET, v6.data() + 12, out, sizeof out);
    return out;
  }
  std::fill(v6.begin() + 8, v6.end(), 0);  // keep the network half: the /64
  inet_ntop(AF_INET6, v6.data(), out, sizeof out);
  return std::string(out) + "/64";
}

}  // namespace sciweek::domain
