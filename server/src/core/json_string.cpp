#include "core/json_string.hpp"

namespace sciweek::core {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// How many bytes the UTF-8 sequence led by `lead` has (0: not a lead byte), and the range its
// second byte must fall in, which rules out overlong forms, surrogates and code points past
// U+10FFFF (RFC 3629).
struct Lead {
  int length = 0;
  unsigned char low = 0x80, high = 0xBF;
};
Lead LeadOf(unsigned char c) {
  if (c >= 0xC2 && c <= 0xDF) return {2};
  if (c == 0xE0) return {3, 0xA0, 0xBF};
  if (c == 0xED) return {3, 0x80, 0x9F};
  if (c >= 0xE1 && c <= 0xEF) return {3};
  if (c == 0xF0) return {4, 0x90, 0xBF};
  if (c == 0xF4) return {4, 0x80, 0x8F};
  if (c >= 0xF1 && c <= 0xF3) return {4};
  return {};
}

// The length of the valid sequence at s[i] (≥ 2), or how many bytes to replace by one U+FFFD:
// as nlohmann's dump with error_handler_t::replace, a sequence cut short by a byte that
// cannot continue it is replaced, and that byte is read again as the start of the next.
struct Scan {
  size_t length;
  bool valid;
};
Scan ScanMultibyte(std::string_view s, size_t i) {
  const Lead lead = LeadOf(static_cast<unsigned char>(s[i]));
  if (lead.length == 0) return {1, false};
  for (int k = 1; k < lead.length; ++k) {
    if (i + k >= s.size()) return {static_cast<size_t>(k), false};  // cut off at the end
    const auto c = static_cast<unsigned char>(s[i + k]);
    const unsigned char low = k == 1 ? lead.low : 0x80, high = k == 1 ? lead.high : 0xBF;
    if (c < low || c > high) return {static_cast<size_t>(k), false};
  }
  return {static_cast<size_t>(lead.length), true};
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    // A run of bytes that need nothing goes in one append.
    size_t plain = i;
    while (plain < s.size()) {
      const auto c = static_cast<unsigned char>(s[plain]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++plain;
    }
    out.append(s.data() + i, plain - i);
    i = plain;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const Scan scan = ScanMultibyte(s, i);
      if (scan.valid) out.append(s.data() + i, scan.length);
      else out += kReplacement;
      i += scan.length;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
    ++i;
  }
  out += '"';
}

}  // namespace sciweek::core
