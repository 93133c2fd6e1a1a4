#include "support/fuzz_support.hpp"

#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"

namespace sciweek::fuzz {

void CheckRefusal(const core::Error& error) {
  FUZZ_CHECK(error.code != core::ErrorCode::kInternal && error.code != core::ErrorCode::kUnavailable,
             "a refused input is a client error, not a 5xx");
  FUZZ_CHECK(!error.message.empty(), "a refusal says what is wrong");
  FUZZ_CHECK(IsUtf8(error.message) && IsUtf8(error.field), "a refusal can be sent as JSON");
  for (const auto& d : error.details)
    FUZZ_CHECK(IsUtf8(d.field) && IsUtf8(d.message) && !d.message.empty(), "each problem can be sent as JSON");
}

std::vector<std::string> SplitNul(const std::string& input, size_t parts) {
  std::vector<std::string> out(parts);
  size_t i = 0;
  for (char c : input) {
    if (c == '\0' && i + 1 < parts) ++i;
    else out[i] += c;
  }
  return out;
}

bool IsUtf8(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

namespace {
struct Scratch {
  std::filesystem::path dir;
  Scratch() {
    dir = std::filesystem::temp_directory_path() / ("sciweek-fuzz-" + core::RandomToken(8));
    std::filesystem::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};
}  // namespace

const std::string& ScratchDir() {
  static Scratch scratch;
  static const std::string path = scratch.dir.string();
  return path;
}

}  // namespace sciweek::fuzz
