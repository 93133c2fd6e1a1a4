#include <gtest/gtest.h>

#include "domain/review.hpp"

namespace sciweek::domain {

TEST(Review, FirstLevelFollowsTheSettingAndTheDistrict) {
  EXPECT_EQ(FirstLevel(1, true), ReviewLevel::kSingle);
  EXPECT_EQ(FirstLevel(2, true), ReviewLevel::kDistrict);
  EXPECT_EQ(FirstLevel(2, false), ReviewLevel::kCity) << "no district above: straight to the city";
}

TEST(Review, DistrictApprovalForwardsEverythingElseEnds) {
  EXPECT_FALSE(Decide(ReviewLevel::kDistrict, ReviewAction::kApprove).final);
  EXPECT_EQ(Decide(ReviewLevel::kDistrict, ReviewAction::kApprove).next, ReviewLevel::kCity);
  EXPECT_TRUE(Decide(ReviewLevel::kDistrict, ReviewAction::kReturn).final);
  EXPECT_TRUE(Decide(ReviewLevel::kCity, ReviewAction::kApprove).final);
  EXPECT_TRUE(Decide(ReviewLevel::kCity, ReviewAction::kReturn).final);
  EXPECT_TRUE(Decide(ReviewLevel::kSingle, ReviewAction::kApprove).final);
}

TEST(Review, ChangingTheSettingStrandsNothing) {
  EXPECT_EQ(PendingLevel(ReviewLevel::kDistrict, 1), ReviewLevel::kSingle);
  EXPECT_EQ(PendingLevel(ReviewLevel::kCity, 1), ReviewLevel::kSingle);
  EXPECT_EQ(PendingLevel(ReviewLevel::kSingle, 2), ReviewLevel::kCity);
  EXPECT_EQ(PendingLevel(ReviewLevel::kDistrict, 2), ReviewLevel::kDistrict);
}

TEST(Review, EachLevelHasItsDeciders) {
  const ReviewerStanding city{true, true, false}, district{false, true, true}, parent{false, true, false},
      outsider{false, false, false};
  EXPECT_TRUE(MayDecideAt(ReviewLevel::kSingle, city));
  EXPECT_TRUE(MayDecideAt(ReviewLevel::kSingle, district));
  EXPECT_TRUE(MayDecideAt(ReviewLevel::kSingle, parent));
  EXPECT_FALSE(MayDecideAt(ReviewLevel::kSingle, outsider));
  EXPECT_TRUE(MayDecideAt(ReviewLevel::kDistrict, district));
  EXPECT_FALSE(MayDecideAt(ReviewLevel::kDistrict, city)) << "the city waits for the district";
  EXPECT_FALSE(MayDecideAt(ReviewLevel::kDistrict, parent));
  EXPECT_TRUE(MayDecideAt(ReviewLevel::kCity, city));
  EXPECT_FALSE(MayDecideAt(ReviewLevel::kCity, district));
}

TEST(Review, LevelNamesRoundTrip) {
  for (auto l : {ReviewLevel::kSingle, ReviewLevel::kDistrict, ReviewLevel::kCity})
    EXPECT_EQ(ParseReviewLevel(ReviewLevelName(l)), l);
  EXPECT_FALSE(ParseReviewLevel("province"));
}

}  // namespace sciweek::domain
