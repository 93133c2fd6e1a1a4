// The JSON text written by hand (core/json_string.hpp, and http/json/json_writer.hpp for a
// reservation's answer): any bytes, as a string value, come out exactly as Response::Json's
// nlohmann dump writes them (escapes, and invalid UTF-8 replaced by U+FFFD), and the document
// parses back with that string in it.
#include <nlohmann/json.hpp>

#include "core/json_string.hpp"
#include "http/json/json_writer.hpp"
#include "support/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sciweek;
  const std::string text = fuzz::AsString(data, size);

  std::string written;
  core::AppendJsonString(written, text);
  const std::string dumped = nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  FUZZ_CHECK(written == dumped, "the string is written as nlohmann writes it");

  http::JsonWriter w;
  w.BeginObject().Key(text).String(text).Key("list").BeginArray().String(text).Int(static_cast<long long>(size));
  w.EndArray().EndObject();
  const auto parsed = nlohmann::json::parse(w.Take(), nullptr, false);
  FUZZ_CHECK(!parsed.is_discarded(), "the document parses");
  const auto value = nlohmann::json::parse(written);
  FUZZ_CHECK(parsed.at("list").at(0) == value && parsed.at("list").at(1) == size, "the values read back");
  return 0;
}
