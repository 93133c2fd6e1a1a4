#include "core/text.hpp"

#include <gtest/gtest.h>

namespace sciweek::core {

TEST(Text, Utf8Checks) {
  EXPECT_TRUE(IsCleanUtf8("海淀区 science"));
  EXPECT_FALSE(IsCleanUtf8("\xC0\xAF"));        // overlong '/'
  EXPECT_FALSE(IsCleanUtf8("\xED\xA0\x80"));    // surrogate
  EXPECT_FALSE(IsCleanUtf8("\xE6\xB5"));        // truncated
  EXPECT_FALSE(IsCleanUtf8("a\x01" "b"));
  EXPECT_FALSE(IsCleanUtf8("a\nb"));
  EXPECT_TRUE(IsCleanUtf8("a\nb", true));
  EXPECT_EQ(Utf8Length("热爱科学"), 4u);
  EXPECT_EQ(Trim("\xE3\x80\x80 海淀 \t"), "海淀");
}

}  // namespace sciweek::core
