#include "core/json_string.hpp"

#include <gtest/gtest.h>

#include <random>

#include <nlohmann/json.hpp>

namespace sciweek::core {
namespace {

// What Response::Json writes for the string `s`: the behaviour JsonWriter must match.
std::string AsNlohmannDumps(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Written(const std::string& s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

TEST(JsonString, EscapesAsResponseJsonDoes) {
  const std::string cases[] = {
      "",
      "plain ascii / slash",
      "科技周 热爱科学 崇尚科学",
      "quote \" backslash \\ tab \t newline \n return \r",
      std::string("nul \0 and \x01 \x1f \x7f", sizeof "nul \0 and \x01 \x1f \x7f" - 1),
      "\b\f",
      "emoji \xF0\x9F\x94\xAC",
      "\xC3",              // cut off at the end
      "\xE4\xB8",          // cut off at the end, two bytes in
      "\xE4\xB8\x61",      // cut short by an ASCII byte ("a"), which stays
      "\xE4\xE4\xB8\xAD",  // a lead cut short by the next lead, whose character stays
      "\x80\xBF",          // continuation bytes alone
      "\xC0\xAF",          // overlong
      "\xE0\x80\xAF",      // overlong, three bytes
      "\xED\xA0\x80",      // a surrogate
      "\xF4\x90\x80\x80",  // past U+10FFFF
      "\xF5\x80\x80\x80",  // never a lead byte
      "\xFF\xFE",
  };
  for (const auto& s : cases) EXPECT_EQ(Written(s), AsNlohmannDumps(s)) << "input bytes: " << s.size();
}

TEST(JsonString, MatchesResponseJsonOnRandomBytes) {
  // Random strings weighted towards the bytes where UTF-8 handling differs.
  std::mt19937 rng(20261205);
  const unsigned char interesting[] = {0x00, 0x1F, '"',  '\\', 'a',  0x7F, 0x80, 0x9F, 0xA0, 0xBF,
                                       0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const int len = static_cast<int>(rng() % 12);
    for (int k = 0; k < len; ++k)
      s += static_cast<char>(rng() % 2 ? interesting[rng() % sizeof interesting] : rng() % 256);
    ASSERT_EQ(Written(s), AsNlohmannDumps(s)) << "case " << n;
  }
}

TEST(JsonString, QuoteIsTheAppendedLiteral) {
  EXPECT_EQ(JsonQuote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(JsonQuote(""), "\"\"");
}

}  // namespace
}  // namespace sciweek::core
