#include "http/content_disposition.hpp"

#include <gtest/gtest.h>

namespace sciweek::http {

TEST(ContentDisposition, EncodesChineseNamesPerRfc5987) {
  EXPECT_EQ(ContentDisposition("总结报告.pdf"),
            "attachment; filename=\"_.pdf\"; filename*=UTF-8''%E6%80%BB%E7%BB%93%E6%8A%A5%E5%91%8A.pdf");
  EXPECT_EQ(ContentDisposition("a \"b\".xlsx", true),
            "inline; filename=\"a _b_.xlsx\"; filename*=UTF-8''a%20%22b%22.xlsx");
}

}  // namespace sciweek::http
