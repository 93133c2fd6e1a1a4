#pragma once
// Signs and verifies ticket codes with the keys of TicketKeySource (files under the data
// directory or SCIWEEK_TICKET_KEYS — never the database). A scanner holding only the public
// keys can check a code offline; forging one needs a secret key. Rotation by another
// process (`sciweek keys rotate`) reaches this one through Refresh().
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/reservation.hpp"
#include "domain/ticket_keys.hpp"
#include "service/reservations/ticket_key_files.hpp"

namespace sciweek::service {

class TicketSigner {
 public:
  explicit TicketSigner(TicketKeySource source) : source_(std::move(source)) {}

  // Reads the keys (making the first one on a fresh data directory); an error means the
  // server must not start (no key, a key file anyone else may read, a malformed one).
  core::Status Load();
  // Reads the keys again; keeps the current set (and logs why) when that fails.
  void Refresh();

  // A new ticket number and its full signed code for a session.
  domain::TicketCode Issue(long long session_id);
  // The code of an existing ticket number, signed with the current key.
  std::string CodeFor(long long session_id, const std::string& ticket_no);
  // The ticket number a scanned or typed text names, when its signature (if a full code)
  // holds with a key still valid at `now`; nullopt for anything forged, tampered, signed by
  // an unknown or retired key, or malformed.
  struct Scanned {
    std::string ticket_no;
    std::optional<long long> session_id;  // from a full code
  };
  std::optional<Scanned> Read(const std::string& text, core::UnixTime now);
  // The public parts of every key valid at `now`, the signing key first.
  std::vector<domain::TicketKey> PublicKeys(core::UnixTime now);

 private:
  std::shared_ptr<const domain::TicketKeyring> Ring();
  TicketKeySource source_;
  std::mutex mu_;
  std::shared_ptr<const domain::TicketKeyring> ring_;
};

}  // namespace sciweek::service
