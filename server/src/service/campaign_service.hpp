#pragma once
// Campaigns: one per year, set up and moved through draft → open → closed → archived by admins.
#include <vector>

#include "core/result.hpp"
#include "domain/campaign.hpp"
#include "service/context.hpp"
#include "store/db.hpp"

namespace sciweek::service {

class CampaignService {
 public:
  explicit CampaignService(store::Db& db) : db_(db) {}
  core::Result<std::vector<domain::Campaign>> List(const Ctx& ctx);
  core::Result<domain::Campaign> Get(const Ctx& ctx, int year);
  core::Result<domain::Campaign> Create(const Ctx& ctx, domain::Campaign campaign);
  core::Result<domain::Campaign> Update(const Ctx& ctx, const domain::Campaign& campaign);

 private:
  store::Db& db_;
};

}  // namespace sciweek::service
