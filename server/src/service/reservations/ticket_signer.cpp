#include "service/reservations/ticket_signer.hpp"

#include <stdexcept>

#include "core/crypto.hpp"
#include "core/logging.hpp"

namespace sciweek::service {

core::Status TicketSigner::Load() {
  auto ring = LoadTicketKeys(source_, true);
  if (!ring) return ring.error();
  std::lock_guard lock(mu_);
  ring_ = std::make_shared<const domain::TicketKeyring>(std::move(*ring));
  return {};
}

void TicketSigner::Refresh() {
  if (source_.from_env) return;  // the environment does not change under a running process
  auto ring = LoadTicketKeys(source_, false);
  if (!ring) {
    spdlog::error("ticket keys in {} not reloaded, keeping the current ones: {}", source_.Describe(),
                  ring.error().internal.empty() ? ring.error().message : ring.error().internal);
    return;
  }
  std::lock_guard lock(mu_);
  if (ring_ && ring_->signing().kid != ring->signing().kid)
    spdlog::info("tickets are now signed with key {}", ring->signing().kid);
  ring_ = std::make_shared<const domain::TicketKeyring>(std::move(*ring));
}

std::shared_ptr<const domain::TicketKeyring> TicketSigner::Ring() {
  std::lock_guard lock(mu_);
  // Load() runs before the server listens; reaching here without keys is a programming error.
  if (!ring_) throw std::logic_error("ticket keys used before TicketSigner::Load()");
  return ring_;
}

domain::TicketCode TicketSigner::Issue(long long session_id) {
  unsigned char bytes[10];
  core::RandomBytes(bytes, sizeof bytes);
  const std::string no = domain::TicketNoFromBytes(bytes);
  auto ring = Ring();
  const auto& key = ring->signing();
  return {key.kid, session_id, no,
          core::SignDetached(domain::SignedTicketMessage(key.kid, session_id, no), key.secret_key)};
}

std::string TicketSigner::CodeFor(long long session_id, const std::string& ticket_no) {
  auto ring = Ring();
  const auto& key = ring->signing();
  return domain::FormatTicketCode(
      {key.kid, session_id, ticket_no,
       core::SignDetached(domain::SignedTicketMessage(key.kid, session_id, ticket_no), key.secret_key)});
}

std::optional<TicketSigner::Scanned> TicketSigner::Read(const std::string& text, core::UnixTime now) {
  if (auto code = domain::ParseTicketCode(text)) {
    auto ring = Ring();
    const auto* key = ring->Verifier(code->kid, now);
    if (!key || !core::VerifyDetached(domain::SignedTicketMessage(code->kid, code->session_id, code->ticket_no),
                                      code->signature, key->public_key))
      return std::nullopt;
    return Scanned{code->ticket_no, code->session_id};
  }
  // T1: its key was withdrawn from the database, so it counts as the number it carries
  // (what staff could type anyway); its session must still match.
  if (auto legacy = domain::ParseLegacyTicketCode(text)) return Scanned{legacy->ticket_no, legacy->session_id};
  if (auto no = domain::NormalizeTicketNo(text)) return Scanned{*no, std::nullopt};
  return std::nullopt;
}

std::vector<domain::TicketKey> TicketSigner::PublicKeys(core::UnixTime now) {
  auto keys = Ring()->Valid(now);
  for (auto& k : keys) k.secret_key.clear();
  return keys;
}

}  // namespace sciweek::service
