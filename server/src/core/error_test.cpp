// Errors are built by name (issue 14): each constructor sets its code, and only the fields it names.
#include "core/error.hpp"

#include <gtest/gtest.h>

namespace sciweek::core {
namespace {

TEST(ErrorConstructors, EachNamesItsCodeAndOnlyTheFieldsItTakes) {
  const auto full = Error::SlotFull("名额已满");
  EXPECT_EQ(CodeName(full.code), "slot_full");
  EXPECT_EQ(full.message, "名额已满");
  EXPECT_TRUE(full.field.empty() && full.internal.empty() && full.details.empty());
  EXPECT_EQ(full.retry_after_seconds, 0);

  const auto limited = Error::RateLimited("请30秒后再试", 30);
  EXPECT_EQ(CodeName(limited.code), "rate_limited");
  EXPECT_EQ(limited.retry_after_seconds, 30);

  const auto busy = Error::Unavailable("服务器正忙", "file", "no slot");
  EXPECT_EQ(CodeName(busy.code), "unavailable");
  EXPECT_EQ(busy.field, "file");
  EXPECT_EQ(busy.internal, "no slot");

  EXPECT_EQ(CodeName(Error::DeadlinePassed("已截止").code), "deadline_passed");
  EXPECT_EQ(CodeName(Error::MethodNotAllowed("不支持").code), "method_not_allowed");
  EXPECT_EQ(CodeName(Error::UnsupportedMedia("须为 JSON").code), "unsupported_media");
  EXPECT_EQ(CodeName(Error::Unreadable("已损坏", "file").code), "validation_failed");
  const auto failed = Error::Failed("备份失败", "out", "disk full");
  EXPECT_EQ(CodeName(failed.code), "internal");
  EXPECT_EQ(failed.message, "备份失败") << "the user sees what failed, not only 服务器内部错误";
  EXPECT_EQ(failed.internal, "disk full");
}

}  // namespace
}  // namespace sciweek::core
