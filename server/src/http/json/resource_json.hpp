#pragma once
// Request bodies → domain inputs, strictly (see JsonInput). The response side is
// service/support/snapshots.hpp, shared with the audit log.
#include <string>

#include "core/result.hpp"
#include "domain/campaign.hpp"
#include "domain/org_unit.hpp"
#include "service/accounts/user_service.hpp"

namespace sciweek::http {

// current: the stored unit for PUT (the body must not change its code; a body without
// contact_email keeps the stored address, so clients that predate it do not erase it).
core::Result<domain::OrgUnit> ParseOrgBody(const std::string& body, const domain::OrgUnit* current);

// year_from_path: set for PUT; for POST the body's year is required.
// current: the stored campaign for PUT (fields the body omits keep their values), null for POST.
core::Result<domain::Campaign> ParseCampaignBody(const std::string& body, const domain::Campaign* current);

struct NewUser {
  domain::User user;
  std::string password;
};
core::Result<NewUser> ParseNewUserBody(const std::string& body);
core::Result<service::UserChange> ParseUserChangeBody(const std::string& body);

}  // namespace sciweek::http
