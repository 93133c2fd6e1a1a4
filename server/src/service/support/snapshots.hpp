#pragma once
// The JSON form of each domain object: written into the audit log as before/after, and the
// same form the HTTP layer sends, so the two never drift apart.
#include <nlohmann/json.hpp>

#include "domain/campaign.hpp"
#include "domain/org_unit.hpp"
#include "domain/user.hpp"

namespace sciweek::service {

nlohmann::json OrgJson(const domain::OrgUnit& u);
nlohmann::json CampaignJson(const domain::Campaign& c);
nlohmann::json UserJson(const domain::User& u);

}  // namespace sciweek::service
