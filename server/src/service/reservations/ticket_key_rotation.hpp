#pragma once
// `sciweek keys rotate`: a new key signs from now on; the old one keeps verifying the tickets
// it signed until the campaign they are for has ended (decision 0007), or stops at once when
// it is believed stolen (`--retire-now`, which also deletes its secret half).
#include <string>

#include "core/result.hpp"
#include "domain/ticket_keys.hpp"
#include "service/reservations/ticket_key_files.hpp"
#include "store/db.hpp"

namespace sciweek::service {

struct TicketKeyRotation {
  domain::TicketKey fresh;    // signs from now on
  domain::TicketKey retired;  // verifies until retired.verify_until
  // With SCIWEEK_TICKET_KEYS: the variable's new value, for the operator to deploy (nothing
  // is written anywhere). Empty with key files, which are updated in place.
  std::string env_value;
};

core::Result<TicketKeyRotation> RotateTicketKey(store::Db& db, const TicketKeySource& source, bool retire_now,
                                                core::UnixTime now);

}  // namespace sciweek::service
