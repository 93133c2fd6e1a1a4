#pragma once
// Shared by the harnesses: a failed property aborts (libFuzzer records the input as a
// crash), bodies fed to a JSON parser must come back as a value or a proper 4xx, and a
// scratch folder per process for harnesses that need files.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace sciweek::fuzz {

// A property every input must keep; unlike assert it stays on in release builds.
#define FUZZ_CHECK(cond, what)                                                                 \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::fprintf(stderr, "fuzz property violated at %s:%d: %s\n", __FILE__, __LINE__, what); \
      std::abort();                                                                            \
    }                                                                                          \
  } while (0)

inline std::string AsString(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Splits one input into `parts` fields at NUL bytes (the last field keeps any further NULs);
// missing fields are empty.
std::vector<std::string> SplitNul(const std::string& input, size_t parts);

// Splits off the first byte as a selector (which parser, which flag) and returns the rest.
inline unsigned char TakeSelector(std::string& input) {
  if (input.empty()) return 0;
  const auto c = static_cast<unsigned char>(input[0]);
  input.erase(0, 1);
  return c;
}

// A refusal the way a client must get it: a client error (never internal or unavailable,
// which would answer 5xx), with a message, and every text in it valid UTF-8 so the JSON
// error body can be written. Aborts otherwise.
void CheckRefusal(const core::Error& error);

template <typename T>
void CheckParsed(const core::Result<T>& r) {
  if (!r) CheckRefusal(r.error());
}

// Whether text can go into a JSON answer (nlohmann refuses to dump invalid UTF-8).
bool IsUtf8(const std::string& text);

// A fresh folder under the temp directory for this process, removed at exit.
const std::string& ScratchDir();

}  // namespace sciweek::fuzz
