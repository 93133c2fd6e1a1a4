#pragma once
// The use cases the HTTP layer calls, wired once in app/ and shared by every handler.
#include "service/audit_service.hpp"
#include "service/auth_service.hpp"
#include "service/campaign_service.hpp"
#include "service/org_service.hpp"
#include "service/user_service.hpp"
#include "store/db.hpp"

namespace sciweek::http {

struct HttpConfig {
  std::string web_dir = "web/dist";  // built front end; empty disables static files
  bool secure_cookies = false;      // add Secure to cookies (behind TLS)
  bool trust_proxy = false;         // take the client address from X-Forwarded-For
};

struct Services {
  store::Db& db;
  service::AuthService& auth;
  service::OrgService& orgs;
  service::UserService& users;
  service::CampaignService& campaigns;
  service::AuditService& audit;
  HttpConfig config;
};

}  // namespace sciweek::http
