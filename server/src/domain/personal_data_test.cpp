#include "domain/personal_data.hpp"

#include <gtest/gtest.h>

namespace sciweek::domain {
namespace {

TEST(PersonalDataTest, TheErasureDateIsTheEndDatePlusTheDaysKept) {
  Campaign c;
  c.end_date = "2023-05-31";
  EXPECT_EQ(ErasureDate(c), "2023-08-29") << "90 days by default";
  c.personal_data_days = 1;
  EXPECT_EQ(ErasureDate(c), "2023-06-01");
  c.end_date = "2024-12-31";
  c.personal_data_days = 60;
  EXPECT_EQ(ErasureDate(c), "2025-03-01") << "across a year end";
  EXPECT_FALSE(PersonalDataExpired(c, "2025-02-28"));
  EXPECT_TRUE(PersonalDataExpired(c, "2025-03-01"));
  c.end_date = "not a date";
  EXPECT_EQ(ErasureDate(c), "");
  EXPECT_FALSE(PersonalDataExpired(c, "2099-01-01")) << "an unreadable date erases nothing";
}

TEST(PersonalDataTest, ErasedContactsAreRecognised) {
  EXPECT_TRUE(IsErasedContact("erased:42"));
  EXPECT_FALSE(IsErasedContact("13800001234"));
  EXPECT_FALSE(IsErasedContact("x-erased:1"));
}

}  // namespace
}  // namespace sciweek::domain
