#include "core/csv.hpp"

#include <gtest/gtest.h>

namespace sciweek::core {

TEST(Csv, ReadsBomCrlfQuotesAndKeepsLines) {
  auto r = ParseCsv(
      "\xEF\xBB\xBF"
      "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",z\r\n\r\nlast,row");
  ASSERT_FALSE(r.error);
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(r.records[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.records[1].fields, (std::vector<std::string>{"x,1", "say \"hi\""}));
  EXPECT_EQ(r.records[2].fields[0], "multi\nline");
  EXPECT_EQ(r.records[2].line, 3);
  EXPECT_EQ(r.records[3].line, 6);  // the blank line is skipped but counted
}

TEST(Csv, ReportsAnUnclosedQuoteWithItsLine) {
  auto r = ParseCsv("a,b\n\"open,c\n");
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->find("第2行"), std::string::npos);
}

}  // namespace sciweek::core
