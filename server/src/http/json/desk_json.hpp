#pragma once
// The offline check-in desk's wire format (decision 0022): the ticket list it keeps, the scans
// it sends back, what the server made of them, and the conflicts of a session.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "service/reservations/checkin_service.hpp"

namespace sciweek::http {

nlohmann::json DeskListJson(const service::DeskTicketList& list);

struct DeskSyncInput {
  std::string device;
  std::vector<service::DeskScan> scans;
};
// {"device","scans":[{"id","code","session_id"?,"direction","scanned_at","id_last4"?}]}, at most
// CheckinService::kMaxSyncScans scans; every problem named by its field (scans[3].scanned_at).
core::Result<DeskSyncInput> ParseDeskSyncBody(const std::string& body);
nlohmann::json DeskSyncJson(const std::vector<service::DeskScanOutcome>& results);

nlohmann::json DeskConflictsJson(const std::vector<store::DeskScanRow>& rows);

}  // namespace sciweek::http
