#pragma once
// A text as a JSON string literal, for JSON written by hand: an SMS gateway's body
// (notify/), a reservation's answer (http/json/json_writer.hpp). Written as Response::Json's
// nlohmann dump writes strings, so every JSON the server sends escapes alike: UTF-8 kept;
// quote, backslash and control characters escaped; each invalid UTF-8 sequence replaced by
// U+FFFD, so the text is valid UTF-8 whatever the input was.
#include <string>
#include <string_view>

namespace sciweek::core {

// Appends `s`, quotes included.
void AppendJsonString(std::string& out, std::string_view s);

// `s` as a JSON string literal, quotes included.
inline std::string JsonQuote(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

}  // namespace sciweek::core
