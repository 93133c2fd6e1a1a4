#include "notify/sms_json.hpp"

namespace sciweek::notify {

std::optional<std::string> JsonStringField(std::string_view json, std::string_view name) {
  const std::string key = "\"" + std::string(name) + "\"";
  for (size_t at = json.find(key); at != std::string_view::npos; at = json.find(key, at + 1)) {
    size_t i = at + key.size();
    while (i < json.size() && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) ++i;
    if (i >= json.size() || json[i] != ':') continue;  // a value that happens to equal the name
    ++i;
    while (i < json.size() && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) ++i;
    if (i >= json.size() || json[i] != '"') return std::nullopt;
    std::string out;
    for (++i; i < json.size(); ++i) {
      if (json[i] == '"') return out;
      if (json[i] == '\\' && i + 1 < json.size()) {
        const char e = json[++i];
        if (e == '"' || e == '\\' || e == '/') out += e;
        else out += std::string("\\") + e;
      } else {
        out += json[i];
      }
    }
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace sciweek::notify
