#pragma once
// Persists each review decision at each level (domain/review.hpp) for reports and
// activities: the history a unit, its district and the city read.
#include <string>
#include <vector>

#include "domain/review.hpp"
#include "store/db.hpp"

namespace sciweek::store {

class ReviewStore {
 public:
  static void Record(Tx& tx, const domain::ReviewDecision& row);
  // Oldest first.
  static std::vector<domain::ReviewDecision> ForSubject(Tx& tx, const std::string& subject, long long subject_id);
};

}  // namespace sciweek::store
