#pragma once
// Persists each review decision at each level (domain/review.hpp) for reports and
// activities: the history a unit, its district and the city read.
#include <map>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace sciweek::store {

struct ReviewDecisionRow {
  std::string subject;  // "report" or "activity"
  long long subject_id = 0;
  int submission_no = 0;  // the report's submission; 0 for activities
  std::string level;      // domain::ReviewLevelName
  std::string action;     // "forwarded", "approved", "returned"
  std::string comment;
  std::map<std::string, std::string> field_comments;
  long long decided_at = 0;
  std::string decided_by;
};

class ReviewStore {
 public:
  static void Record(Tx& tx, const ReviewDecisionRow& row);
  // Oldest first.
  static std::vector<ReviewDecisionRow> ForSubject(Tx& tx, const std::string& subject, long long subject_id);
};

}  // namespace sciweek::store
