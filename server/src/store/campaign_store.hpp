#pragma once
// Persists campaigns; contacts are kept as a JSON array column.
#include <optional>
#include <vector>

#include "domain/campaign.hpp"
#include "store/db.hpp"

namespace sciweek::store {

class CampaignStore {
 public:
  static std::optional<domain::Campaign> Find(Tx& tx, int year);
  static std::vector<domain::Campaign> List(Tx& tx);  // newest first
  static void Insert(Tx& tx, const domain::Campaign& c, long long now);
  static void Update(Tx& tx, const domain::Campaign& c, long long now);
};

}  // namespace sciweek::store
