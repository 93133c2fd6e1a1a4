// Base64url has one spelling per value: libsodium ignores the unused low bits of the last
// character, so without the check two spellings of one signature or key would decode.
#include "core/crypto.hpp"

#include <gtest/gtest.h>

namespace sciweek::core {
namespace {

TEST(Base64Url, DecodesOnlyTheCanonicalSpelling) {
  const std::string value = "\x01\x02";  // 16 bits: three characters, two bits unused
  const std::string text = Base64UrlEncode(value);
  ASSERT_EQ(text, "AQI");
  EXPECT_EQ(Base64UrlDecode(text), value);
  EXPECT_FALSE(Base64UrlDecode("AQJ").has_value());  // the same bytes with an unused bit set
  EXPECT_FALSE(Base64UrlDecode("AQI=").has_value());
}

}  // namespace
}  // namespace sciweek::core
