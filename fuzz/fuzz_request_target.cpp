// The request target of every request: path decoding and the query string. Properties:
// the path always starts with '/', and percent-encoding a decoded text decodes back to it.
#include "http/message.hpp"
#include "http/request_target.hpp"
#include "support/fuzz_support.hpp"

namespace {

std::string EncodeAll(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sciweek;
  const std::string target = fuzz::AsString(data, size);

  const std::string path = http::PathOfTarget(target);
  FUZZ_CHECK(!path.empty() && path.front() == '/', "the path starts with '/'");

  for (bool plus : {false, true}) {
    if (auto decoded = http::PercentDecode(target, plus)) {
      FUZZ_CHECK(decoded->size() <= target.size(), "decoding never grows the text");
      FUZZ_CHECK(http::PercentDecode(EncodeAll(*decoded), plus) == decoded, "encode then decode is the identity");
    }
  }

  const auto q = target.find('?');
  const auto query =
      http::ParseQuery(q == std::string::npos ? std::string_view(target) : std::string_view(target).substr(q + 1));
  for (const auto& [key, value] : query) {
    // Every pair comes from one '&'-separated part: a decoded '&' came from %26 only.
    FUZZ_CHECK(key.size() + value.size() <= target.size(), "a pair is no longer than the target");
  }
  return 0;
}
