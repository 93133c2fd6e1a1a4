#pragma once
// The use cases the HTTP layer calls, wired once in app/ and shared by every handler.
#include "service/accounts/auth_service.hpp"
#include "service/accounts/user_service.hpp"
#include "service/activities/activity_service.hpp"
#include "service/activities/public_catalog.hpp"
#include "service/audit/audit_service.hpp"
#include "service/campaigns/campaign_service.hpp"
#include "service/reporting/export_service.hpp"
#include "service/reporting/material_service.hpp"
#include "service/reporting/oversight_service.hpp"
#include "service/reporting/report_import.hpp"
#include "service/reporting/report_service.hpp"
#include "service/reservations/checkin_service.hpp"
#include "service/reservations/reservation_service.hpp"
#include "service/support/health_service.hpp"
#include "service/units/org_document_service.hpp"
#include "service/units/org_service.hpp"
#include "service/visitors/phone_verification.hpp"
#include "service/visitors/visitor_message_service.hpp"

namespace sciweek::http {

struct HttpConfig {
  std::string web_dir = "web/dist";        // built front end; empty disables static files
  bool secure_cookies = false;             // add Secure to cookies (behind TLS)
  bool trust_proxy = false;                // take the client address from X-Forwarded-For
  std::string metrics_token;               // Bearer token that may read /metrics (empty: admins only)
  size_t max_upload_bytes = 500ull << 20;  // materials (videos): 500 MB by default
  std::string data_dir = "data";           // uploads live in <data_dir>/files
};

struct Services {
  service::HealthService& health;
  service::AuthService& auth;
  service::OrgService& orgs;
  service::UserService& users;
  service::CampaignService& campaigns;
  service::AuditService& audit;
  service::ReportService& reports;
  service::OversightService& oversight;
  service::MaterialService& materials;
  service::ExportService& exports;
  service::ActivityService& activities;
  service::ReservationService& reservations;
  service::CheckinService& checkins;
  service::PublicCatalog& catalog;
  service::OrgDocumentService& documents;
  service::VisitorMessageService& messages;
  service::ReportImportService& report_import;
  service::PhoneVerification& verification;
  HttpConfig config;
};

}  // namespace sciweek::http
