#pragma once
// Venue check-in: staff of the lead or a co-organizing unit scan a ticket's QR (or type its
// number). The signature is checked before the database is asked, a ticket counts once
// however often it is scanned, and entry/exit scans keep the venue's current occupancy.
// A desk that lost the network keeps scanning against the session's ticket list and its
// published keys, and sends its scans later (Sync, decision 0022): each applied once, at the
// time it was made, the earliest entry counting, and what should not have got in reported.
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "service/reservations/ticket_signer.hpp"
#include "service/support/context.hpp"
#include "store/db.hpp"
#include "store/desk_scan_store.hpp"
#include "store/reservation_store.hpp"

namespace sciweek::service {

struct CheckinInput {
  std::string code;
  std::optional<long long> session_id;  // the session being admitted; any of the unit's when absent
  bool exit = false;                    // an exit scan
  // Real-name tickets: the last four characters of the card the holder shows, when staff typed
  // them; a ticket whose card ends otherwise is not admitted. Empty: not checked here.
  std::string id_last4;
};

struct CheckinOutcome {
  std::string result;   // ok | already_checked_in | wrong_session | cancelled | not_inside | id_mismatch | unknown
  std::string message;  // Chinese, for the scanner's screen
  std::string name;     // masked
  int party_size = 0;
  long long session_id = 0;
  std::string activity_title;
  std::optional<long long> checked_in_at;  // the first entry
  std::string checked_in_by;
  long long occupancy = 0;       // the session's, after this scan
  std::string id_card_last4;     // a real-name ticket's: staff compare it with the card shown
  long long reservation_id = 0;  // of the ticket found (0 when none); not shown
};

// What an offline desk needs to admit people without the server: the session and every
// ticket of it (status, party, masked name, a real-name card's last four; never a phone).
struct DeskTicketList {
  store::SessionContext session;
  std::vector<store::ReservationRow> tickets;
  core::UnixTime generated_at = 0;
};

// One scan a desk recorded while offline.
struct DeskScan {
  std::string scan_id;  // made by the desk (8–64 of [A-Za-z0-9_-]): sent twice, applied once
  CheckinInput input;
  core::UnixTime scanned_at = 0;
};

// What the server made of it. `conflict`: '' | double_entry (the ticket was in already through
// another scan: other_at/other_by) | not_admissible (the server would have refused it).
struct DeskScanOutcome {
  std::string scan_id;
  CheckinOutcome outcome;
  std::string conflict;
  std::optional<core::UnixTime> other_at;
  std::string other_by;
  bool replayed = false;  // sent before: this is the answer kept then
};

class CheckinService {
 public:
  static constexpr int kMaxSyncScans = 500;
  static constexpr int kConflictListLimit = 500;

  CheckinService(store::Db& db, TicketSigner& signer) : db_(db), signer_(signer) {}
  core::Result<CheckinOutcome> Scan(const Ctx& ctx, const CheckinInput& in);

  core::Result<DeskTicketList> DeskTickets(const Ctx& ctx, long long session_id);
  // Applies a desk's scans in one transaction (all or none: a batch that fails is sent again).
  core::Result<std::vector<DeskScanOutcome>> Sync(const Ctx& ctx, const std::string& device,
                                                  const std::vector<DeskScan>& scans);
  // The session's conflicts, newest first: for the venue and the organizer to follow up.
  core::Result<std::vector<store::DeskScanRow>> Conflicts(const Ctx& ctx, long long session_id);

 private:
  // Admins, check-in staff and unit reporters (of the activity's units, checked per ticket).
  static bool MayStaffTheDesk(const Ctx& ctx);
  // One scan of a ticket whose code was read, made at `at` (now, or when an offline desk made it).
  CheckinOutcome Apply(store::Tx& tx, const Ctx& ctx, const TicketSigner::Scanned& scanned, const CheckinInput& in,
                       core::UnixTime at, bool offline);

  store::Db& db_;
  TicketSigner& signer_;
};

}  // namespace sciweek::service
