// Ticket codes as a scanner or the check-in desk reads them (TicketSigner::Read: the full
// signed code, or a typed ticket number). The signer holds fixed keys from a
// SCIWEEK_TICKET_KEYS-style source (decision 0007): k2 signs, k1 is retired and past its
// date, so the seeds in corpus/ticket_code are validly signed codes the fuzzer can mutate,
// and one signed by k1 that must never verify again. Properties: a code that verifies is
// exactly the code the signing key issues for that ticket (no second spelling of a ticket
// passes, nothing of a retired key passes), and a typed number normalizes to 16 Crockford
// characters.
//
// Regenerate the seeds: SCIWEEK_FUZZ_PRINT_SEEDS=1 build-fuzz/fuzz/fuzz_ticket_code -runs=0
#include <sodium.h>

#include <cstdio>
#include <cstdlib>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "domain/reservation.hpp"
#include "service/reservations/ticket_signer.hpp"
#include "support/fuzz_support.hpp"

namespace {

using namespace sciweek;

// The base64url secret key of the Ed25519 pair grown from 32 bytes of `fill`. Only ever
// used in this harness.
std::string FixedSecretKey(unsigned char fill) {
  core::InitCrypto();
  unsigned char seed[crypto_sign_SEEDBYTES], pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  std::fill(std::begin(seed), std::end(seed), fill);
  crypto_sign_seed_keypair(pk, sk, seed);
  return core::Base64UrlEncode({reinterpret_cast<char*>(sk), sizeof sk});
}

service::TicketSigner* LoadedSigner(const std::string& env) {
  service::TicketKeySource source;
  source.from_env = true;
  source.env = env;
  auto* s = new service::TicketSigner(source);
  FUZZ_CHECK(static_cast<bool>(s->Load()), "the fixed keys load");
  return s;
}

service::TicketSigner& Signer() {
  // k1 retired at Unix second 1: nothing it signed verifies now.
  static service::TicketSigner* signer =
      LoadedSigner("k2:" + FixedSecretKey(0x2A) + ",k1:" + FixedSecretKey(0x17) + ":1");
  return *signer;
}

// Prints codes for the seed corpus: k2's for a small and a long session id, and k1's.
void PrintSeeds() {
  static auto* retired_signing = LoadedSigner("k1:" + FixedSecretKey(0x17));
  std::printf("valid-7 %s\n", Signer().CodeFor(7, "ABCDEFGHJKMNPQRS").c_str());
  std::printf("valid-long-session %s\n", Signer().CodeFor(123456789012345, "0123456789ABCDEF").c_str());
  std::printf("retired-key %s\n", retired_signing->CodeFor(7, "ABCDEFGHJKMNPQRS").c_str());
  std::fflush(stdout);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* print = std::getenv("SCIWEEK_FUZZ_PRINT_SEEDS"); print && *print == '1') PrintSeeds();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::AsString(data, size);
  auto& signer = Signer();
  const auto scanned = signer.Read(text, core::Now());
  if (!scanned) return 0;
  FUZZ_CHECK(domain::NormalizeTicketNo(scanned->ticket_no) == scanned->ticket_no, "a read ticket number is normal");
  // A legacy T1 code counts only as the ticket number it carries (decision 0007): its
  // session id is read, never verified, so only T2 codes must be exactly what a key issues.
  if (scanned->session_id && text.rfind("T2.", 0) == 0) {
    FUZZ_CHECK(signer.CodeFor(*scanned->session_id, scanned->ticket_no) == text,
               "a verified code is the one the signing key issues for its ticket");
  }
  return 0;
}
