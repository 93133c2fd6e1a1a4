#include "http/json/json_input.hpp"

#include "core/text.hpp"

namespace sciweek::http {

bool JsonDepthWithin(std::string_view text, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // skip the escaped character, whatever it is
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

core::Result<nlohmann::json> ParseRequestJson(const std::string& body) {
  if (!JsonDepthWithin(body, kMaxJsonDepth))
    return core::Error::Invalid("请求体的 JSON 嵌套层数超过 " + std::to_string(kMaxJsonDepth) + " 层");
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return core::Error::Invalid("请求体不是有效的 JSON");
  return j;
}

core::Result<JsonInput> JsonInput::Parse(const std::string& body) {
  auto j = ParseRequestJson(body);
  if (!j) return j.error();
  if (!j->is_object()) return core::Error::Invalid("请求体须为 JSON 对象");
  JsonInput in;
  in.obj_ = std::move(*j);
  return in;
}

void JsonInput::AddProblem(std::string field, std::string code, std::string message) {
  problems_.push_back({std::move(field), std::move(code), std::move(message), 0});
}

std::optional<std::string> JsonInput::String(const std::string& key, bool required, size_t max_bytes) {
  known_.insert(key);
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) {
    if (required) AddProblem(key, "required", "缺少必填字段 " + key);
    return std::nullopt;
  }
  if (!it->is_string()) {
    AddProblem(key, "type", "字段 " + key + " 须为字符串");
    return std::nullopt;
  }
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max_bytes) {
    AddProblem(key, "too_long", "字段 " + key + " 过长");
    return std::nullopt;
  }
  if (!core::IsCleanUtf8(s, true)) {
    AddProblem(key, "encoding", "字段 " + key + " 含有无效字符");
    return std::nullopt;
  }
  return s;
}

std::optional<long long> JsonInput::Int(const std::string& key, bool required, long long min, long long max) {
  known_.insert(key);
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) {
    if (required) AddProblem(key, "required", "缺少必填字段 " + key);
    return std::nullopt;
  }
  if (!it->is_number_integer()) {
    AddProblem(key, "type", "字段 " + key + " 须为整数");
    return std::nullopt;
  }
  const long long v = it->get<long long>();
  if (v < min || v > max) {
    AddProblem(key, "range", "字段 " + key + " 须在 " + std::to_string(min) + " 至 " + std::to_string(max) + " 之间");
    return std::nullopt;
  }
  return v;
}

std::optional<bool> JsonInput::Bool(const std::string& key, bool required) {
  known_.insert(key);
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) {
    if (required) AddProblem(key, "required", "缺少必填字段 " + key);
    return std::nullopt;
  }
  if (!it->is_boolean()) {
    AddProblem(key, "type", "字段 " + key + " 须为 true 或 false");
    return std::nullopt;
  }
  return it->get<bool>();
}

std::optional<nlohmann::json> JsonInput::Raw(const std::string& key, bool required) {
  known_.insert(key);
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) {
    if (required) AddProblem(key, "required", "缺少必填字段 " + key);
    return std::nullopt;
  }
  return *it;
}

core::Status JsonInput::Finish() {
  for (const auto& [key, value] : obj_.items())
    if (!known_.contains(key)) AddProblem(key, "unknown", "未知字段 " + key);
  if (problems_.empty()) return {};
  return core::Error::Validation(problems_);
}

}  // namespace sciweek::http
