#include "core/text.hpp"

#include <gtest/gtest.h>

namespace sciweek::core {

TEST(Text, Utf8Checks) {
  EXPECT_TRUE(IsCleanUtf8("海淀区 science"));
  EXPECT_FALSE(IsCleanUtf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(IsCleanUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsCleanUtf8("\xE6\xB5"));      // truncated
  EXPECT_FALSE(
      IsCleanUtf8("a\x01"
                  "b"));
  EXPECT_FALSE(IsCleanUtf8("a\nb"));
  EXPECT_TRUE(IsCleanUtf8("a\nb", true));
  EXPECT_EQ(Utf8Length("热爱科学"), 4u);
  EXPECT_EQ(Trim("\xE3\x80\x80 海淀 \t"), "海淀");
}

TEST(Text, EmailAddresses) {
  EXPECT_TRUE(IsEmailAddress("110101@example.org.cn"));
  EXPECT_TRUE(IsEmailAddress("kjz.office+2023@bj-kw.gov.cn"));
  EXPECT_FALSE(IsEmailAddress(""));
  EXPECT_FALSE(IsEmailAddress("no-at.example.cn"));
  EXPECT_FALSE(IsEmailAddress("a@localhost"));  // one label
  EXPECT_FALSE(IsEmailAddress("a..b@example.cn"));
  EXPECT_FALSE(IsEmailAddress(".a@example.cn"));
  EXPECT_FALSE(IsEmailAddress("a@-example.cn"));
  EXPECT_FALSE(IsEmailAddress("a@example..cn"));
  EXPECT_FALSE(IsEmailAddress("a b@example.cn"));
  EXPECT_FALSE(IsEmailAddress("a@example.cn\r\nBcc: x@evil.cn"));  // header injection
  EXPECT_FALSE(IsEmailAddress("<a@example.cn>"));
  EXPECT_FALSE(IsEmailAddress("a@b@example.cn"));
  EXPECT_FALSE(IsEmailAddress("张三@example.cn"));  // no SMTPUTF8
  EXPECT_FALSE(IsEmailAddress(std::string(65, 'a') + "@example.cn"));
}

}  // namespace sciweek::core
