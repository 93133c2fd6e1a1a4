#pragma once
// The little JSON the SMS adapters write and read without a JSON library (notify/ stays free
// of nlohmann, the layer rule): quoting a string, and one top-level string field of an answer.
#include <optional>
#include <string>
#include <string_view>

namespace sciweek::notify {

// "…" with \" \\ and control characters escaped; other UTF-8 bytes pass through.
std::string JsonQuote(std::string_view s);
// The string value of the first "name": "…" in `json` (escapes \" \\ \/ undone, \uXXXX kept
// as written); nullopt when absent or not a string.
std::optional<std::string> JsonStringField(std::string_view json, std::string_view name);

}  // namespace sciweek::notify
