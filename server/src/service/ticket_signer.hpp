#pragma once
// Signs and verifies ticket codes with the database's Ed25519 key (created by the first
// server that needs it, then shared by every server on the database). A scanner holding
// only the public key can check a code offline; forging one needs the secret key.
#include <mutex>
#include <optional>
#include <string>

#include "domain/reservation.hpp"
#include "store/db.hpp"

namespace sciweek::service {

class TicketSigner {
 public:
  explicit TicketSigner(store::Db& db) : db_(db) {}

  // A new ticket number and its full signed code for a session.
  domain::TicketCode Issue(long long session_id);
  // The signed code of an existing ticket number.
  std::string CodeFor(long long session_id, const std::string& ticket_no);
  // The ticket number a scanned or typed text names, when its signature (if a full code)
  // holds; nullopt for anything forged, tampered or malformed.
  struct Scanned {
    std::string ticket_no;
    std::optional<long long> session_id;  // from a full code
  };
  std::optional<Scanned> Read(const std::string& text);
  std::string PublicKey();

 private:
  void Load();
  store::Db& db_;
  std::mutex mu_;
  std::string public_key_, secret_key_;
};

}  // namespace sciweek::service
