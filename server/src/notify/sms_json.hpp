#pragma once
// The little JSON the SMS adapters write and read without a JSON library (notify/ stays free
// of nlohmann, the layer rule): quoting a string, and one top-level string field of an answer.
#include <optional>
#include <string>
#include <string_view>

#include "core/json_string.hpp"

namespace sciweek::notify {

// Quoting a string is core::JsonQuote (core/json_string.hpp), shared with the HTTP answers.
using core::JsonQuote;
// The string value of the first "name": "…" in `json` (escapes \" \\ \/ undone, \uXXXX kept
// as written); nullopt when absent or not a string.
std::optional<std::string> JsonStringField(std::string_view json, std::string_view name);

}  // namespace sciweek::notify
