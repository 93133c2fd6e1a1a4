#include "core/text.hpp"

namespace sciweek::core {

bool IsCleanUtf8(std::string_view s, bool allow_newlines) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == 0x7f || (c < 0x20 && c != '\t' && !(allow_newlines && (c == '\n' || c == '\r')))) return false;
      ++i;
      continue;
    }
    size_t n;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else return false;
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || (cp >= 0xD800 && cp <= 0xDFFF) ||
        cp > 0x10FFFF)
      return false;
    i += n + 1;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string Trim(std::string_view s) {
  auto starts = [&](std::string_view p) { return s.substr(0, p.size()) == p; };
  auto ends = [&](std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; };
  static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    if (s.front() == ' ' || s.front() == '\t') {
      s.remove_prefix(1);
      changed = true;
    } else if (starts(kIdeographicSpace)) {
      s.remove_prefix(3);
      changed = true;
    }
    if (s.empty()) break;
    if (s.back() == ' ' || s.back() == '\t') {
      s.remove_suffix(1);
      changed = true;
    } else if (ends(kIdeographicSpace)) {
      s.remove_suffix(3);
      changed = true;
    }
  }
  return std::string(s);
}

bool IsEmailAddress(std::string_view s) {
  const auto at = s.rfind('@');
  if (s.size() > 254 || at == std::string_view::npos || at == 0 || at > 64) return false;
  const std::string_view local = s.substr(0, at), domain = s.substr(at + 1);
  // RFC 5322 dot-atom: atext characters, single dots between them.
  auto atext = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
  };
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  for (char c : local)
    if (c != '.' && !atext(c)) return false;
  // Host names: letters, digits and inner hyphens; at least two labels.
  if (domain.empty() || domain.find('.') == std::string_view::npos) return false;
  size_t start = 0;
  while (start <= domain.size()) {
    size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
    start = end + 1;
  }
  return true;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() != 11) return std::string(!phone.empty() ? phone.size() : 4, '*');
  return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(7));
}

}  // namespace sciweek::core
