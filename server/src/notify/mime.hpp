#pragma once
// One plain-text mail as bytes an SMTP server accepts (RFC 5322 + MIME): Chinese header
// text as RFC 2047 encoded-words, the UTF-8 body in base64 (so neither 8BITMIME nor line
// lengths nor leading dots matter), CRLF line ends, a Date and a Message-ID. Pure.
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace sciweek::notify {

struct Mailbox {
  std::string name;     // display name, any UTF-8; may be empty
  std::string address;  // plain ASCII local@domain (core::IsEmailAddress)
};

// "北京科技周 <kjz@example.org.cn>" or "kjz@example.org.cn"; nullopt when the address is not
// a plain one or the name holds control characters.
std::optional<Mailbox> ParseMailbox(std::string_view text);

// A header value as RFC 2047 "B" encoded-words in UTF-8, each at most 75 characters and cut
// only between characters, folded with CRLF SP; printable ASCII without specials stays as is.
std::string EncodeHeaderText(std::string_view text);
// `=?UTF-8?B?…?= <kjz@example.org.cn>`, or the bare address when there is no name.
std::string FormatMailbox(const Mailbox& m);

// "<random.time@domain-of-address>".
std::string MakeMessageId(std::string_view from_address, core::UnixTime now);

struct MailMessage {
  Mailbox from;
  Mailbox to;
  std::string subject;
  std::string body;  // UTF-8; LF or CRLF line ends
  core::UnixTime date = 0;
  std::string message_id;  // with the angle brackets (MakeMessageId)
};

std::string BuildMime(const MailMessage& m);

}  // namespace sciweek::notify
