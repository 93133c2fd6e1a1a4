#pragma once
// Reservation — a visitor's hold on places in one session: name, mainland mobile phone
// (stored whole, shown masked 138****1234), party size, and an unguessable ticket number.
// Its life is the one table of StatusAfter below (docs/architecture.md §3); the SQL, the
// services, the check-in desk and the web app (through `can`) all derive from it.
// `sessions.taken` counts the places of offered, confirmed and checked-in reservations.
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "domain/activity.hpp"

namespace sciweek::domain {

enum class ReservationStatus { kApplied, kWaiting, kOffered, kConfirmed, kCheckedIn, kCancelled, kExpired };
inline constexpr ReservationStatus kAllReservationStatuses[] = {
    ReservationStatus::kApplied,   ReservationStatus::kWaiting,   ReservationStatus::kOffered,
    ReservationStatus::kConfirmed, ReservationStatus::kCheckedIn, ReservationStatus::kCancelled,
    ReservationStatus::kExpired};
std::optional<ReservationStatus> ParseReservationStatus(std::string_view name);
std::string_view ReservationStatusName(ReservationStatus s);

// What moves a reservation on.
enum class ReservationEvent {
  kDrawn,          // the lottery drew it: applied → confirmed
  kNotDrawn,       // the lottery did not: applied → waiting, in the drawn order
  kPlaceOffered,   // places freed: waiting → offered, held until the offer's deadline
  kOfferAccepted,  // offered → confirmed
  kOfferLapsed,    // the deadline passed: offered → expired
  kScanned,        // at the gate: confirmed → checked_in
  kCancelled,      // by the visitor or staff: applied, waiting, offered, confirmed → cancelled
};
// The life of a reservation in one table: the status `event` leads to from `from`, or nullopt
// when it cannot happen there (a checked-in ticket cannot be cancelled, an expired one revived).
std::optional<ReservationStatus> StatusAfter(ReservationStatus from, ReservationEvent event);

// Whether the reservation holds places in the session (counted in `taken`).
bool HoldsPlaces(ReservationStatus s);
// Whether it is still alive (holds places, or waits for them).
bool IsLive(ReservationStatus s);
// Whether its code lets people through the gate (shown as a QR, accepted by a scan).
bool AdmitsAtGate(ReservationStatus s);

// What a visitor may do with a ticket now: the API sends it as `can`, so no client re-derives it.
struct VisitorCan {
  bool cancel = false;
  bool accept_offer = false;  // an offer whose deadline has not passed
  bool show_code = false;     // the QR that opens the gate
};
VisitorCan VisitorActions(ReservationStatus s, std::optional<core::UnixTime> offer_expires_at, core::UnixTime now);

// Mainland mobile numbers: 11 digits, 1[3-9]…
bool IsMainlandMobile(std::string_view phone);
// "138****1234"; anything that is not 11 characters is masked whole.
std::string MaskPhone(std::string_view phone);
// "张*", "欧阳**": the first character of a name, the rest masked.
std::string MaskName(std::string_view name);

struct ReservationInput {
  std::string name;
  std::string phone;
  int party_size = 1;
  std::string email;       // optional (empty: none)
  std::string phone_code;  // the SMS code, when the session needs a verified phone (empty: none)
  std::string id_card;     // the holder's ID card, when the activity is real-name (domain/id_card.hpp)
};
// Name 1..30 characters, a mainland mobile, party size 1..max_party_size, and an e-mail
// address when one is given (a plain address, at most 254 characters).
std::vector<core::FieldProblem> ValidateReservation(const ReservationInput& in, int max_party_size);

// What a new request may become in this session now: confirmed (first come), applied
// (a lottery still taking applications), or an error (not published, over, not open yet,
// the draw done and nothing left is handled by the capacity update).
enum class Admission { kFirstCome, kLottery };
core::Result<Admission> CheckReservable(ActivityStatus activity_status, const Session& s, core::UnixTime now);

// The ticket code carried by the QR: "T2.<kid>.<session_id>.<ticket_no>.<signature>". The
// signature is Ed25519, by the key named kid, over everything before its own dot
// (SignedTicketMessage), so a scanner holding the public keys (GET /public/ticket-key) can
// verify a code offline. ticket_no alone (16 Crockford base32 characters, 80 random bits)
// is what staff type at the desk. Codes of the first format, "T1.<session_id>.<ticket_no>.
// <signature>", were signed by a key that lived in the database; that key is gone
// (decision 0007), so a T1 code counts only as the ticket number it carries.
struct TicketCode {
  std::string kid;
  long long session_id = 0;
  std::string ticket_no;
  std::string signature;  // base64url, as in the code
};
std::string SignedTicketMessage(std::string_view kid, long long session_id, std::string_view ticket_no);
std::string FormatTicketCode(const TicketCode& t);
// Parses a full T2 code; nullopt when it is not of that shape.
std::optional<TicketCode> ParseTicketCode(std::string_view code);
// The session and ticket number of a T1 code (its signature is not checked: see above).
struct LegacyTicketCode {
  long long session_id = 0;
  std::string ticket_no;
};
std::optional<LegacyTicketCode> ParseLegacyTicketCode(std::string_view code);
// Normalizes a typed ticket number: drops spaces and dashes, upper-cases, maps the Crockford
// look-alikes (O→0, I/L→1); nullopt unless 16 valid characters remain.
std::optional<std::string> NormalizeTicketNo(std::string_view typed);
// 16 Crockford base32 characters of 10 random bytes.
std::string TicketNoFromBytes(const unsigned char (&bytes)[10]);

}  // namespace sciweek::domain
