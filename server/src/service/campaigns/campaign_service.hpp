#pragma once
// Campaigns: one per year, set up and moved through draft → open → closed → archived by admins.
#include <vector>

#include "core/result.hpp"
#include "domain/campaign.hpp"
#include "service/support/context.hpp"
#include "store/db.hpp"

namespace sciweek::service {

class CampaignService {
 public:
  // `sms`: whether this server sends SMS; without it no campaign may require SMS codes.
  explicit CampaignService(store::Db& db, bool sms = false) : db_(db), sms_(sms) {}
  core::Result<std::vector<domain::Campaign>> List(const Ctx& ctx);
  core::Result<domain::Campaign> Get(const Ctx& ctx, int year);
  core::Result<domain::Campaign> Create(const Ctx& ctx, domain::Campaign campaign);
  core::Result<domain::Campaign> Update(const Ctx& ctx, const domain::Campaign& campaign);

 private:
  // The campaign's own rules, and what this server can do for them.
  std::vector<core::FieldProblem> Problems(const domain::Campaign& c) const;

  store::Db& db_;
  bool sms_;
};

}  // namespace sciweek::service
