// Reminder mails (notify/mime): fuzzed sender/recipient text, subject and body, split by
// NUL bytes. Properties of the bytes handed to SMTP: header lines end in CRLF with no bare
// CR or LF, a continuation line starts with a space, encoded-words are at most 75
// characters, and decoding the Subject's encoded-words and the base64 body gives back the
// text (controls in the subject become spaces; body line ends become CRLF).
#include "core/crypto.hpp"
#include "notify/mime.hpp"
#include "support/fuzz_support.hpp"

namespace {

using namespace sciweek;

// Standard base64 back to bytes, through the project's URL-safe decoder.
std::string FromBase64(std::string text) {
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (auto& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  auto bytes = core::Base64UrlDecode(text);
  FUZZ_CHECK(bytes.has_value(), "base64 decodes");
  return *bytes;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (size_t end; (end = text.find("\r\n", pos)) != std::string::npos; pos = end + 2)
    out.push_back(text.substr(pos, end - pos));
  FUZZ_CHECK(pos == text.size(), "the message ends with CRLF");
  return out;
}

// The subject's header value, unfolded into its words, decoded.
std::string DecodeSubject(const std::vector<std::string>& header) {
  std::string value;
  bool in_subject = false;
  std::vector<std::string> words;
  for (const auto& line : header) {
    if (line.rfind("Subject: ", 0) == 0) {
      in_subject = true;
      words.push_back(line.substr(9));
    } else if (in_subject && !line.empty() && line[0] == ' ') {
      words.push_back(line.substr(1));
    } else {
      in_subject = false;
    }
  }
  for (const auto& w : words) {
    if (w.rfind("=?UTF-8?B?", 0) != 0) {
      FUZZ_CHECK(words.size() == 1, "plain subject text is one word");
      return w;
    }
    FUZZ_CHECK(w.size() <= 75 && w.size() >= 12 && w.compare(w.size() - 2, 2, "?=") == 0, "an encoded-word");
    value += FromBase64(w.substr(10, w.size() - 12));
  }
  return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto parts = fuzz::SplitNul(fuzz::AsString(data, size), 4);
  notify::MailMessage m;
  m.from = notify::ParseMailbox(parts[0]).value_or(notify::Mailbox{"北京科技周", "kjz@example.org.cn"});
  m.to = notify::ParseMailbox(parts[1]).value_or(notify::Mailbox{"", "unit@example.com"});
  m.subject = parts[2];
  m.body = parts[3];
  m.date = 1780000000;
  m.message_id = notify::MakeMessageId(m.from.address, m.date);
  const std::string mime = notify::BuildMime(m);

  const size_t blank = mime.find("\r\n\r\n");
  FUZZ_CHECK(blank != std::string::npos, "a blank line ends the header");
  const auto header = Lines(mime.substr(0, blank + 2));
  for (const auto& line : header) {
    FUZZ_CHECK(line.find('\r') == std::string::npos && line.find('\n') == std::string::npos, "no bare CR or LF");
    FUZZ_CHECK(!line.empty() && line.size() <= 998, "a header line is 1..998 octets");
    FUZZ_CHECK(line[0] == ' ' || line.find(": ") != std::string::npos, "a line is a field or a continuation");
  }

  std::string subject;
  for (char c : m.subject) subject += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  FUZZ_CHECK(DecodeSubject(header) == subject, "the subject round-trips");

  std::string body;
  for (const auto& line : Lines(mime.substr(blank + 4))) {
    FUZZ_CHECK(line.size() <= 76, "a base64 body line is at most 76 characters");
    body += FromBase64(line);
  }
  std::string expected;
  for (char c : m.body) {
    if (c == '\r') continue;
    expected += c == '\n' ? std::string("\r\n") : std::string(1, c);
  }
  FUZZ_CHECK(body == expected, "the body round-trips");
  return 0;
}
