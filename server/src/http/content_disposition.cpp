#include "http/content_disposition.hpp"

#include <cstdio>

namespace sciweek::http {

std::string ContentDisposition(const std::string& filename, bool inline_display) {
  std::string ascii, encoded;
  for (unsigned char c : filename) {
    const bool plain =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    ascii +=
        plain ? static_cast<char>(c) : (c < 0x80 && c >= 0x20 && c != '"' && c != '\\' ? static_cast<char>(c) : '_');
    if (plain) {
      encoded += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      encoded += buf;
    }
  }
  // Collapse the runs of '_' that multi-byte characters leave in the fallback.
  std::string fallback;
  for (char c : ascii)
    if (!(c == '_' && !fallback.empty() && fallback.back() == '_')) fallback += c;
  if (fallback.empty() || fallback == "_") fallback = "download";
  return std::string(inline_display ? "inline" : "attachment") + "; filename=\"" + fallback + "\"; filename*=UTF-8''" +
         encoded;
}

}  // namespace sciweek::http
