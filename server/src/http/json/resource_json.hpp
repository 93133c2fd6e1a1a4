#pragma once
// Request bodies → domain inputs, strictly (see JsonInput). The response side is
// service/snapshots.hpp, shared with the audit log.
#include <string>

#include "core/result.hpp"
#include "domain/campaign.hpp"
#include "domain/org_unit.hpp"
#include "service/user_service.hpp"

namespace sciweek::http {

// code_from_path: set for PUT (the body must not carry a code then).
core::Result<domain::OrgUnit> ParseOrgBody(const std::string& body, const std::string& code_from_path);

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
