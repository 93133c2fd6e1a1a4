#pragma once
// Strict reading of a JSON request body into typed fields. Collects every problem (wrong
// type, missing, unknown field) so a form can mark all of them at once; a body that is not
// a JSON object is refused outright.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace sciweek::http {

// Request bodies nest a few levels (a form design: sections → fields → options). Anything
// deeper is refused before parsing, so no later copy or walk of the tree recurses without
// bound (a 1 MB body of '[' once killed the server through a recursive copy).
inline constexpr size_t kMaxJsonDepth = 32;

// True when no array/object in `text` nests deeper than `max_depth` (brackets inside JSON
// strings do not count). Linear, allocation-free; run on every request body before parsing.
bool JsonDepthWithin(std::string_view text, size_t max_depth);

// The one way a request body becomes JSON: invalid_input when it is not JSON or nests too deep.
core::Result<nlohmann::json> ParseRequestJson(const std::string& body);

// clang-tidy 14 reports an implicit special member of a class holding strings as throwing.
// NOLINTNEXTLINE(bugprone-exception-escape)
class JsonInput {
 public:
  // invalid_input when the body is not a JSON object.
  static core::Result<JsonInput> Parse(const std::string& body);

  bool Has(const std::string& key) const { return obj_.contains(key); }
  const nlohmann::json& object() const { return obj_; }
  // Each reader marks the key as known. Required readers add a problem when absent; all add
  // one when the type is wrong. Strings are trimmed of nothing and must be valid UTF-8.
  std::optional<std::string> String(const std::string& key, bool required, size_t max_bytes = 10000);
  std::optional<long long> Int(const std::string& key, bool required, long long min, long long max);
  std::optional<bool> Bool(const std::string& key, bool required);
  // An array or object value, returned as is (the caller reads it further).
  std::optional<nlohmann::json> Raw(const std::string& key, bool required);
  void AddProblem(std::string field, std::string code, std::string message);

  // validation_failed listing every problem and every unknown key; success when none.
  core::Status Finish();

 private:
  nlohmann::json obj_;
  std::set<std::string> known_;
  std::vector<core::FieldProblem> problems_;
};

}  // namespace sciweek::http
