#include "http/json/review_json.hpp"

#include "core/time.hpp"

namespace sciweek::http {

nlohmann::json ReviewDecisionJson(const domain::ReviewDecision& d) {
  const auto level = domain::ParseReviewLevel(d.level).value_or(domain::ReviewLevel::kSingle);
  return {{"level", d.level.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.level)},
          {"level_label", domain::ReviewLevelLabel(level)},
          {"action", d.action},
          {"comment", d.comment},
          {"fields", d.field_comments},
          {"at", core::FormatShanghai(d.decided_at)},
          {"by", d.decided_by}};
}

nlohmann::json ReviewDecisionsJson(const std::vector<domain::ReviewDecision>& ds) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : ds) out.push_back(ReviewDecisionJson(d));
  return out;
}

nlohmann::json ReviewStateJson(int levels, bool waiting, domain::ReviewLevel pending) {
  const bool named = waiting && pending != domain::ReviewLevel::kSingle;
  return {{"levels", levels},
          {"level", named ? nlohmann::json(domain::ReviewLevelName(pending)) : nlohmann::json(nullptr)},
          {"level_label", named ? domain::ReviewLevelLabel(pending) : ""}};
}

}  // namespace sciweek::http
