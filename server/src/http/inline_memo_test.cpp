#include "http/inline_memo.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <thread>

namespace sciweek::http {
namespace {

Response Answer(std::uint64_t epoch, std::string body) {
  Response r;
  r.status = 200;
  r.catalog_epoch = epoch;
  r.SetHeader("ETag", "\"e1\"");
  r.SetHeader("Content-Type", "application/json; charset=utf-8");
  r.shared_body = std::make_shared<const std::string>(std::move(body));
  return r;
}

TEST(InlineMemo, AnswersTheSameTargetAndGzipChoiceOnlyAtTheEpochItWasRenderedAt) {
  InlineMemo memo;
  const Response r = Answer(7, "{\"items\":[]}");
  memo.Remember("/api/v1/public/activities?q=a", false, r, "/api/v1/public/activities");

  const auto* a = memo.Find("/api/v1/public/activities?q=a", false, 7);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->status, 200);
  EXPECT_EQ(a->body, r.shared_body) << "the body is shared, not copied";
  EXPECT_EQ(*a->head_lines, "ETag: \"e1\"\r\nContent-Type: application/json; charset=utf-8\r\n");
  EXPECT_EQ(a->route, "/api/v1/public/activities");

  EXPECT_EQ(memo.Find("/api/v1/public/activities?q=a", false, 8), nullptr) << "the catalog changed since";
  EXPECT_EQ(memo.Find("/api/v1/public/activities?q=a", true, 7), nullptr) << "the gzipped answer is another";
  EXPECT_EQ(memo.Find("/api/v1/public/activities?q=b", false, 7), nullptr);
  EXPECT_EQ(memo.Find("/api/v1/public/activities?q=A", false, 7), nullptr) << "targets are compared exactly";

  // A newer rendering of the same target takes the place of the old one.
  memo.Remember("/api/v1/public/activities?q=a", false, Answer(8, "{\"items\":[1]}"), "/api/v1/public/activities");
  ASSERT_NE(memo.Find("/api/v1/public/activities?q=a", false, 8), nullptr);
  EXPECT_EQ(*memo.Find("/api/v1/public/activities?q=a", false, 8)->body, "{\"items\":[1]}");
  EXPECT_EQ(memo.Find("/api/v1/public/activities?q=a", false, 7), nullptr);
}

TEST(InlineMemo, RemembersOnlyMarkedAnswersOfEligibleRequestsAndShortTargets) {
  InlineMemo memo;
  memo.Remember("/x", false, Answer(0, "{}"), "/x");
  EXPECT_EQ(memo.Find("/x", false, 0), nullptr) << "an answer without a catalog epoch depends on more";
  const std::string long_target = "/x?q=" + std::string(InlineMemo::kTargetBytes, 'a');
  memo.Remember(long_target, false, Answer(3, "{}"), "/x");
  EXPECT_EQ(memo.Find(long_target, false, 3), nullptr);
  EXPECT_EQ(memo.ThreadBytes(), 0u);

  EXPECT_TRUE(InlineMemo::Eligible("", ""));
  EXPECT_FALSE(InlineMemo::Eligible("sid=1", "")) << "a signed-in visitor goes the whole way";
  EXPECT_FALSE(InlineMemo::Eligible("", "\"e1\"")) << "a revalidation may answer 304";
}

TEST(InlineMemo, HeaderValuesWithLineBreaksCannotStartAHeaderOfTheirOwn) {
  InlineMemo memo;
  Response r = Answer(2, "{}");
  r.SetHeader("ETag", "\"a\"\r\nSet-Cookie: x=1");
  memo.Remember("/x", false, r, "/x");
  ASSERT_NE(memo.Find("/x", false, 2), nullptr);
  EXPECT_EQ(memo.Find("/x", false, 2)->head_lines->find("\r\nSet-Cookie"), std::string::npos);
}

TEST(InlineMemo, ATableStaysWithinItsBytesAndEntriesWhateverTargetsAreAsked) {
  InlineMemo memo;
  const std::string big(100'000, 'x');
  size_t most = 0;
  for (int i = 0; i < 300; ++i) {
    memo.Remember("/big?q=" + std::to_string(i), i % 2 == 0, Answer(1, big), "/big");
    most = std::max(most, memo.ThreadBytes());
    ASSERT_NE(memo.Find("/big?q=" + std::to_string(i), i % 2 == 0, 1), nullptr) << "the newest is kept";
  }
  EXPECT_LE(most, InlineMemo::kTableBytes);
  EXPECT_GT(most, InlineMemo::kTableBytes / 2) << "filled before it started again";
  for (int i = 0; i < 3 * static_cast<int>(InlineMemo::kTableEntries); ++i) {
    memo.Remember("/small?q=" + std::to_string(i), false, Answer(1, "{}"), "/small");
    ASSERT_NE(memo.Find("/small?q=" + std::to_string(i), false, 1), nullptr);
  }
  size_t held = 0;
  for (int i = 0; i < 3 * static_cast<int>(InlineMemo::kTableEntries); ++i)
    held += memo.Find("/small?q=" + std::to_string(i), false, 1) != nullptr;
  EXPECT_LE(held, InlineMemo::kTableEntries);
}

TEST(InlineMemo, ALargeBodyIsAlsoKeptInASealedFileOfTheSameBytesUpToTheTablesFileCap) {
  InlineMemo memo;
  memo.Remember("/small", false, Answer(1, std::string(InlineMemo::kSendfileFrom - 1, 's')), "/x");
  EXPECT_EQ(memo.Find("/small", false, 1)->file, nullptr) << "a small body is sent from memory";

  std::string big(InlineMemo::kSendfileFrom + 12345, 'b');
  big[7] = '\0';  // any byte
  memo.Remember("/big", false, Answer(1, big), "/x");
  const auto* a = memo.Find("/big", false, 1);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(a->file, nullptr);
  ASSERT_EQ(a->file->size(), big.size());
  std::string read(big.size(), '?');
  ASSERT_EQ(::pread(a->file->fd(), read.data(), read.size(), 0), static_cast<ssize_t>(big.size()));
  EXPECT_EQ(read, big);
  EXPECT_LT(::pwrite(a->file->fd(), "x", 1, 0), 0) << "sealed: nothing changes what every connection sends";
  EXPECT_EQ(memo.ThreadFiles(), 1u);

  for (size_t i = 0; i < 2 * InlineMemo::kTableFiles; ++i)
    memo.Remember("/big?i=" + std::to_string(i), false, Answer(1, big), "/x");
  EXPECT_LE(memo.ThreadFiles(), InlineMemo::kTableFiles) << "each file is a descriptor";
  const auto* last = memo.Find("/big?i=" + std::to_string(2 * InlineMemo::kTableFiles - 1), false, 1);
  ASSERT_NE(last, nullptr) << "past the cap the answer is still kept, its body sent from memory";
}

TEST(InlineMemo, AnAnswerIsFoundOnlyByItsMemoOnTheThreadThatRememberedIt) {
  InlineMemo one, two;
  one.Remember("/x", false, Answer(5, "one"), "/x");
  ASSERT_NE(one.Find("/x", false, 5), nullptr);
  std::thread other([&] { EXPECT_EQ(one.Find("/x", false, 5), nullptr) << "another thread"; });
  other.join();
  ASSERT_NE(one.Find("/x", false, 5), nullptr) << "the other thread left this one's table alone";
  EXPECT_EQ(two.Find("/x", false, 5), nullptr) << "another memo on the same thread";
  // A thread serves one memo (one server's); one that moves to another starts again.
  two.Remember("/x", false, Answer(5, "two"), "/x");
  EXPECT_EQ(*two.Find("/x", false, 5)->body, "two");
  EXPECT_EQ(one.Find("/x", false, 5), nullptr);
}

}  // namespace
}  // namespace sciweek::http
