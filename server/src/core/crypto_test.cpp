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

TEST(Hex, RoundTripsEveryByteAndRefusesNonHex) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  const std::string hex = sciweek::core::HexEncode(all);
  EXPECT_EQ(hex.size(), 512u);
  EXPECT_EQ(hex.substr(0, 6), "000102");
  EXPECT_EQ(sciweek::core::HexDecode(hex), all);
  EXPECT_EQ(sciweek::core::HexDecode(""), std::string());
  EXPECT_FALSE(sciweek::core::HexDecode("abc"));   // odd length
  EXPECT_FALSE(sciweek::core::HexDecode("0g"));    // not a digit
  EXPECT_FALSE(sciweek::core::HexDecode("00 1"));  // a space in the middle
}
