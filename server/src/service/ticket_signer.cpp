#include "service/ticket_signer.hpp"

#include <stdexcept>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "store/reservation_store.hpp"

namespace sciweek::service {

void TicketSigner::Load() {
  std::lock_guard lock(mu_);
  if (!secret_key_.empty()) return;
  const auto fresh = core::NewSigningKeyPair();
  auto key = db_.Write<std::pair<std::string, std::string>>([&](store::Tx& tx) -> core::Result<std::pair<std::string, std::string>> {
    return store::ReservationStore::SigningKey(tx, fresh.public_key, fresh.secret_key, core::Now());
  });
  if (!key || key->second.empty()) throw std::runtime_error("cannot load the ticket signing key");
  public_key_ = key->first;
  secret_key_ = key->second;
}

domain::TicketCode TicketSigner::Issue(long long session_id) {
  unsigned char bytes[10];
  core::RandomBytes(bytes, sizeof bytes);
  domain::TicketCode t{session_id, domain::TicketNoFromBytes(bytes), {}};
  Load();
  t.signature = core::SignDetached(domain::SignedTicketMessage(session_id, t.ticket_no), secret_key_);
  return t;
}

std::string TicketSigner::CodeFor(long long session_id, const std::string& ticket_no) {
  Load();
  return domain::FormatTicketCode(
      {session_id, ticket_no, core::SignDetached(domain::SignedTicketMessage(session_id, ticket_no), secret_key_)});
}

std::optional<TicketSigner::Scanned> TicketSigner::Read(const std::string& text) {
  if (auto code = domain::ParseTicketCode(text)) {
    Load();
    if (!core::VerifyDetached(domain::SignedTicketMessage(code->session_id, code->ticket_no), code->signature,
                              public_key_))
      return std::nullopt;
    return Scanned{code->ticket_no, code->session_id};
  }
  if (auto no = domain::NormalizeTicketNo(text)) return Scanned{*no, std::nullopt};
  return std::nullopt;
}

std::string TicketSigner::PublicKey() {
  Load();
  return public_key_;
}

}  // namespace sciweek::service
