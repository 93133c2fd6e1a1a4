#pragma once
// Small text checks shared by every layer that validates input.
#include <string>
#include <string_view>

namespace sciweek::core {

// True when s is valid UTF-8 without control characters other than tab/newline.
bool IsCleanUtf8(std::string_view s, bool allow_newlines = false);
// Number of Unicode code points in valid UTF-8.
size_t Utf8Length(std::string_view s);
// Trims ASCII spaces and tabs (and the full-width space U+3000) from both ends.
std::string Trim(std::string_view s);
// ASCII letters lower-cased, every other byte kept (header values, schemes, host names).
std::string AsciiLower(std::string_view s);
// A plain ASCII address local@domain.tld as units write them (no display name, no quotes,
// no comments, no IP literals): safe to put in an SMTP envelope and a mail header as is.
bool IsEmailAddress(std::string_view s);
// "138****1234": a phone as every log line and staff view shows it; anything that is not 11
// characters is masked whole. (domain::MaskPhone is this; notify/ logs with it too.)
std::string MaskPhone(std::string_view phone);

}  // namespace sciweek::core
