#pragma once
// Activities, sessions, tickets, check-ins → JSON; activity and reservation bodies → inputs.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "domain/reservation.hpp"
#include "service/activities/activity_service.hpp"
#include "service/reservations/checkin_service.hpp"
#include "service/reservations/reservation_service.hpp"

namespace sciweek::http {

nlohmann::json ActivityJson(const service::ActivityView& v);
nlohmann::json SessionJson(const domain::Session& s, long long checked_in_people);
nlohmann::json ActivityFileJson(const store::ActivityFileRow& f);
nlohmann::json CounterJson(const service::SessionCounter& c);
nlohmann::json SuggestionsJson(const service::Suggestions& s);
nlohmann::json CheckinJson(const service::CheckinOutcome& o);
// A visitor's ticket as JSON text (http/json/json_writer.hpp: every reservation answers with
// one): phone and name masked; with_qr adds the QR of the signed code as SVG (the ticket page's
// GET; the reservation's 201 leaves it out to stay small and fast).
std::string TicketJson(const service::Ticket& t, bool with_qr = true);

struct ActivityInput {
  domain::Activity plan;
  std::string lead_org;           // admins only
  int version = 0;                // updates only
  service::ChangeRequest change;  // updates of a published plan only
};
core::Result<ActivityInput> ParseActivityBody(const std::string& body, bool update);
core::Result<domain::ReservationInput> ParseReservationBody(const std::string& body);
core::Result<service::CheckinInput> ParseCheckinBody(const std::string& body);
// {"phone": "…"}: the visitor's proof of holding a ticket, for POST …/accept.
core::Result<std::string> ParseVisitorPhoneBody(const std::string& body);
// The public parts of the ticket keys, for offline scanners.
nlohmann::json TicketKeysJson(const std::vector<domain::TicketKey>& keys);
// {"reason"} of reject and cancel.
core::Result<std::string> ParseReasonBody(const std::string& body);

}  // namespace sciweek::http
