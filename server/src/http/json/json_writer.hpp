#pragma once
// JSON text written straight into one string, for an answer on a hot path: building an
// nlohmann::json first (a map node and a key string per member) and then dumping it was 7 % of
// the server's samples on a reservation, whose answer is a fixed shape (perf, bench/RESULTS.md).
// Strings come out as Response::Json writes them (core/json_string.hpp).
#include <optional>
#include <string>
#include <string_view>

namespace sciweek::http {

class JsonWriter {
 public:
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  // An object member's name; its value follows.
  JsonWriter& Key(std::string_view name);
  JsonWriter& String(std::string_view value);
  JsonWriter& StringOrNull(const std::optional<std::string>& value) { return value ? String(*value) : Null(); }
  JsonWriter& Int(long long value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // A value that is JSON text already (another writer's Take()).
  JsonWriter& Raw(std::string_view json);

  // The text written so far; the writer is empty afterwards.
  std::string Take() {
    std::string out = std::move(out_);
    out_.clear();
    first_ = true;
    return out;
  }

 private:
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);
  // A comma before every value but a container's first, and none after a name.
  void BeforeValue();

  std::string out_;
  bool first_ = true;
};

}  // namespace sciweek::http
