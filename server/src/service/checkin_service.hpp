#pragma once
// Venue check-in: staff of the lead or a co-organizing unit scan a ticket's QR (or type its
// number). The signature is checked before the database is asked, a ticket counts once
// however often it is scanned, and entry/exit scans keep the venue's current occupancy.
#include <optional>
#include <string>

#include "core/result.hpp"
#include "service/context.hpp"
#include "service/ticket_signer.hpp"
#include "store/db.hpp"

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
  long long occupancy = 0;    // the session's, after this scan
  std::string id_card_last4;  // a real-name ticket's: staff compare it with the card shown
};

class CheckinService {
 public:
  CheckinService(store::Db& db, TicketSigner& signer) : db_(db), signer_(signer) {}
  core::Result<CheckinOutcome> Scan(const Ctx& ctx, const CheckinInput& in);

 private:
  store::Db& db_;
  TicketSigner& signer_;
};

}  // namespace sciweek::service
