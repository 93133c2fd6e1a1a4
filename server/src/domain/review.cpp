#include "domain/review.hpp"

namespace sciweek::domain {

std::string_view ReviewLevelName(ReviewLevel level) {
  switch (level) {
    case ReviewLevel::kSingle: return "";
    case ReviewLevel::kDistrict: return "district";
    case ReviewLevel::kCity: return "city";
  }
  return "";
}

std::string_view ReviewLevelLabel(ReviewLevel level) {
  switch (level) {
    case ReviewLevel::kSingle: return "";
    case ReviewLevel::kDistrict: return "区级";
    case ReviewLevel::kCity: return "市级";
  }
  return "";
}

std::optional<ReviewLevel> ParseReviewLevel(std::string_view name) {
  for (auto l : {ReviewLevel::kSingle, ReviewLevel::kDistrict, ReviewLevel::kCity})
    if (ReviewLevelName(l) == name) return l;
  return std::nullopt;
}

ReviewLevel FirstLevel(int levels, bool has_district) {
  if (levels != 2) return ReviewLevel::kSingle;
  return has_district ? ReviewLevel::kDistrict : ReviewLevel::kCity;
}

ReviewLevel PendingLevel(ReviewLevel stored, int levels_now) {
  if (levels_now != 2) return ReviewLevel::kSingle;
  return stored == ReviewLevel::kSingle ? ReviewLevel::kCity : stored;
}

ReviewStep Decide(ReviewLevel at, ReviewAction action) {
  if (at == ReviewLevel::kDistrict && action == ReviewAction::kApprove) return {false, ReviewLevel::kCity};
  return {true, ReviewLevel::kCity};
}

bool MayDecideAt(ReviewLevel level, const ReviewerStanding& who) {
  switch (level) {
    case ReviewLevel::kSingle: return who.reviews;
    case ReviewLevel::kDistrict: return who.reviews && who.district;
    case ReviewLevel::kCity: return who.reviews && who.city;
  }
  return false;
}

}  // namespace sciweek::domain
