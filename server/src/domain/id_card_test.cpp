#include "domain/id_card.hpp"

#include <gtest/gtest.h>

namespace sciweek::domain {
namespace {

// 2026-12-03 12:00 Shanghai.
constexpr core::UnixTime kNow = 1'796'270'400;

std::optional<IdCardProblem> ProblemOf(std::string_view typed) { return CheckIdCard(typed, kNow).problem; }

TEST(IdCardTest, TheStandardsExampleAndOthersPassNormalized) {
  // GB 11643-1999's own example, typed with a lower-case x and in groups.
  const auto c = CheckIdCard("110105 19491231 002x", kNow);
  ASSERT_FALSE(c.problem);
  EXPECT_EQ(c.number, "11010519491231002X");
  EXPECT_FALSE(ProblemOf("440304200001011239"));
  EXPECT_FALSE(ProblemOf("810000199001011230")) << "a Hong Kong residence permit";
  EXPECT_FALSE(ProblemOf("910011199001011233")) << "a foreigner's permanent residence card (2023)";
}

TEST(IdCardTest, EachProblemIsNamedInOrder) {
  EXPECT_EQ(ProblemOf(""), IdCardProblem::kLength);
  EXPECT_EQ(ProblemOf("11010519491231002"), IdCardProblem::kLength);
  EXPECT_EQ(ProblemOf("110105194912310021X"), IdCardProblem::kLength);
  EXPECT_EQ(ProblemOf(std::string(5000, '1')), IdCardProblem::kLength);
  EXPECT_EQ(ProblemOf("11010519491231002Y"), IdCardProblem::kFormat);
  EXPECT_EQ(ProblemOf("1101051949123100X2"), IdCardProblem::kFormat) << "X only last";
  EXPECT_EQ(ProblemOf("１１０１０５１９４９１２３１００２Ｘ"), IdCardProblem::kLength) << "full-width bytes";
  EXPECT_EQ(ProblemOf("990105194912310021"), IdCardProblem::kChecksum) << "9 is the foreigners' card";
  EXPECT_EQ(ProblemOf("000105194912310021"), IdCardProblem::kRegion);
  EXPECT_EQ(ProblemOf("700105194912310021"), IdCardProblem::kRegion);
  EXPECT_EQ(ProblemOf("110105194902300021"), IdCardProblem::kBirth) << "February 30th";
  EXPECT_EQ(ProblemOf("110105189912310021"), IdCardProblem::kBirth) << "before 1900";
  EXPECT_EQ(ProblemOf("110101202612040014"), IdCardProblem::kBirth) << "tomorrow";
  EXPECT_EQ(ProblemOf("110105194912310021"), IdCardProblem::kChecksum);
  for (char wrong : std::string("0123456789")) {
    std::string n = "11010519491231002";
    n.push_back(wrong);
    EXPECT_EQ(ProblemOf(n), IdCardProblem::kChecksum) << n << ": one changed character is always caught";
  }
}

TEST(IdCardTest, ASingleChangedDigitOrSwapOfNeighboursIsCaught) {
  const std::string good = "440304200001011239";
  for (std::size_t i = 0; i < 17; ++i) {
    std::string n = good;
    n[i] = n[i] == '9' ? '0' : static_cast<char>(n[i] + 1);
    const auto p = ProblemOf(n);
    EXPECT_TRUE(p.has_value()) << n;
    if (i + 1 < 17 && good[i] != good[i + 1]) {
      std::string s = good;
      std::swap(s[i], s[i + 1]);
      EXPECT_TRUE(ProblemOf(s).has_value()) << s;
    }
  }
}

TEST(IdCardTest, TodayIsABirthDateTomorrowIsNot) {
  const std::string today = "11010120261203001";
  EXPECT_FALSE(ProblemOf(today + IdCardCheckChar(today)));
  const std::string tomorrow = "11010120261204001";
  EXPECT_EQ(ProblemOf(tomorrow + IdCardCheckChar(tomorrow)), IdCardProblem::kBirth);
}

TEST(IdCardTest, OnlyTheLastFourAreShownAndCheckedAtTheGate) {
  EXPECT_EQ(IdCardLast4("11010519491231002X"), "002X");
  EXPECT_EQ(MaskIdCard("002X"), "**************002X");
  EXPECT_TRUE(IdCardLast4Matches("002X", "002x"));
  EXPECT_TRUE(IdCardLast4Matches("002X", " 00 2X"));
  EXPECT_FALSE(IdCardLast4Matches("002X", "0021"));
  EXPECT_FALSE(IdCardLast4Matches("002X", "02X"));
  EXPECT_FALSE(IdCardLast4Matches("", "")) << "a reservation without a card never matches";
}

TEST(IdCardTest, EveryProblemHasAChineseMessage) {
  for (auto p : {IdCardProblem::kLength, IdCardProblem::kFormat, IdCardProblem::kRegion, IdCardProblem::kBirth,
                 IdCardProblem::kChecksum})
    EXPECT_NE(IdCardProblemMessage(p).find("身份证"), std::string::npos);
}

}  // namespace
}  // namespace sciweek::domain
