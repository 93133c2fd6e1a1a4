#include "notify/mime.hpp"

#include "core/crypto.hpp"
#include "core/text.hpp"

namespace sciweek::notify {
namespace {

// Raw bytes per encoded-word: 42 → 56 base64 characters, 68 with "=?UTF-8?B?" and "?=",
// so "Subject: " plus one word stays within the 78 characters RFC 5322 recommends.
constexpr size_t kWordBytes = 42;

bool IsPlainHeaderText(std::string_view s) {
  if (s.empty() || s.size() > 60) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return false;
    if (std::string_view("()<>[]:;@\\,.\"=?").find(c) != std::string_view::npos) return false;
  }
  return s.front() != ' ' && s.back() != ' ';
}

// Byte length of the UTF-8 character starting with lead byte c (1 for stray bytes).
size_t CharLength(unsigned char c) {
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

// CR, LF and other controls never reach a header: they would end it.
std::string OneLine(std::string_view s) {
  std::string out;
  for (char c : s) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  return out;
}

}  // namespace

std::optional<Mailbox> ParseMailbox(std::string_view text) {
  const std::string t = core::Trim(text);
  Mailbox m;
  const auto lt = t.rfind('<');
  if (lt == std::string::npos) {
    m.address = t;
  } else {
    if (t.back() != '>') return std::nullopt;
    m.address = t.substr(lt + 1, t.size() - lt - 2);
    m.name = core::Trim(std::string_view(t).substr(0, lt));
    if (m.name.size() >= 2 && m.name.front() == '"' && m.name.back() == '"')
      m.name = m.name.substr(1, m.name.size() - 2);
    if (!core::IsCleanUtf8(m.name) || m.name.find('"') != std::string::npos) return std::nullopt;
  }
  if (!core::IsEmailAddress(m.address)) return std::nullopt;
  return m;
}

std::string EncodeHeaderText(std::string_view raw) {
  std::string text = OneLine(raw);
  if (IsPlainHeaderText(text)) return text;
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    while (end < text.size()) {
      const size_t n = std::min(CharLength(static_cast<unsigned char>(text[end])), text.size() - end);
      if (end - i + n > kWordBytes) break;
      end += n;
    }
    if (end == i) end = i + 1;  // unreachable for valid UTF-8 (a character is at most 4 bytes)
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + core::Base64(std::string_view(text).substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string FormatMailbox(const Mailbox& m) {
  if (m.name.empty()) return m.address;
  return EncodeHeaderText(m.name) + " <" + m.address + ">";
}

std::string MakeMessageId(std::string_view from_address, core::UnixTime now) {
  const auto at = from_address.rfind('@');
  const std::string domain =
      at == std::string_view::npos ? "sciweek.invalid" : std::string(from_address.substr(at + 1));
  // URL-safe base64 is all letters, digits, '-' and '_': valid in a msg-id's dot-atom.
  return "<" + core::RandomToken(18) + "." + std::to_string(now) + "@" + domain + ">";
}

std::string BuildMime(const MailMessage& m) {
  std::string body;  // CRLF line ends whatever came in
  for (char c : m.body) {
    if (c == '\r') continue;
    if (c == '\n') body += "\r\n";
    else body += c;
  }
  std::string out;
  out += "Date: " + core::FormatRfc5322(m.date) + "\r\n";
  out += "From: " + FormatMailbox(m.from) + "\r\n";
  out += "To: " + FormatMailbox(m.to) + "\r\n";
  out += "Subject: " + EncodeHeaderText(m.subject) + "\r\n";
  out += "Message-ID: " + OneLine(m.message_id) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: vacation responders stay quiet
  out += "\r\n";
  const std::string encoded = core::Base64(body);
  for (size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

}  // namespace sciweek::notify
