// Ticket codes as a scanner or the check-in desk reads them (TicketSigner::Read: the full
// signed code, or a typed ticket number). The database holds a fixed key pair so the seeds
// in corpus/ticket_code are validly signed codes the fuzzer can mutate. Properties: a code
// that verifies is exactly the code the key issues for that ticket (no second spelling of
// a ticket passes), and a typed number normalizes to 16 Crockford characters.
#include <sodium.h>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "domain/reservation.hpp"
#include "service/ticket_signer.hpp"
#include "store/reservation_store.hpp"
#include "support/fuzz_support.hpp"
#include "support/temp_db.hpp"

namespace {

using namespace sciweek;

// Seed of the fixed Ed25519 key: 32 bytes of 0x2A. Only ever used in this harness.
service::TicketSigner& Signer() {
  static service::TicketSigner* signer = [] {
    core::InitCrypto();
    unsigned char seed[crypto_sign_SEEDBYTES], pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    std::fill(std::begin(seed), std::end(seed), 0x2A);
    crypto_sign_seed_keypair(pk, sk, seed);
    const std::string pub = core::Base64UrlEncode({reinterpret_cast<char*>(pk), sizeof pk});
    const std::string sec = core::Base64UrlEncode({reinterpret_cast<char*>(sk), sizeof sk});
    auto stored = fuzz::TempDb().Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
      store::ReservationStore::SigningKey(tx, pub, sec, core::Now());
      return true;
    });
    FUZZ_CHECK(stored, "the fixed signing key is stored");
    auto* s = new service::TicketSigner(fuzz::TempDb());
    FUZZ_CHECK(s->PublicKey() == pub, "the signer uses the fixed key");
    return s;
  }();
  return *signer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::AsString(data, size);
  auto& signer = Signer();
  const auto scanned = signer.Read(text);
  if (!scanned) return 0;
  FUZZ_CHECK(domain::NormalizeTicketNo(scanned->ticket_no) == scanned->ticket_no, "a read ticket number is normal");
  if (scanned->session_id) {
    FUZZ_CHECK(signer.CodeFor(*scanned->session_id, scanned->ticket_no) == text,
               "a verified code is the one the key issues for its ticket");
  }
  return 0;
}
