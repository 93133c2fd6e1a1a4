// Base64url has one spelling per value: the fuzzer found a ticket whose signature's last
// character differed from the issued one in its unused low bits and still verified.
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
