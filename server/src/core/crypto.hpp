#pragma once
// Random tokens and digests (libsodium). Session tokens are stored only as digests, so a
// leaked database does not leak live sessions.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

// libsodium's state, declared as its header does, so this header needs not include it.
struct crypto_hash_sha256_state;

namespace sciweek::core {

// Calls sodium_init once; safe to call from any thread, any number of times.
void InitCrypto();

// `bytes` random bytes as URL-safe base64 without padding.
std::string RandomToken(size_t bytes = 32);

// Standard base64 (RFC 4648, with padding, no line breaks), e.g. for MIME bodies.
std::string Base64(std::string_view data);

// Lower-case hex SHA-256 of data.
std::string Sha256Hex(std::string_view data);
// The same over a stream fed in pieces (uploads of hundreds of MB never sit in memory).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(const void* data, size_t size);
  std::string Hex();  // once, at the end

 private:
  std::unique_ptr<crypto_hash_sha256_state> state_;
};

// Lower-case hex keyed BLAKE2b-256 of data (libsodium's crypto_generichash): a digest only
// the key's holder can compute, for secrets too small to survive a plain hash (a 6-digit
// code, an ID-card number). `key`: 16 to 64 raw bytes.
std::string KeyedHashHex(std::string_view key, std::string_view data);

// Constant-time equality for secrets (CSRF tokens).
bool SecretEquals(std::string_view a, std::string_view b);

// Fills `size` bytes with cryptographically secure random bytes.
void RandomBytes(unsigned char* out, size_t size);
// A uniformly random integer in [0, upper) (upper > 0), for lottery draws.
unsigned RandomBelow(unsigned upper);

// URL-safe base64 without padding, and back (nullopt when malformed).
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Lower-case hex of bytes, and back (nullopt when not an even run of hex digits): how bytes
// cross a text-only boundary, such as a PostgreSQL bytea parameter.
std::string HexEncode(std::string_view bytes);
std::optional<std::string> HexDecode(std::string_view hex);

// Ed25519 signatures (tickets a scanner verifies offline with the public key alone).
struct SigningKeyPair {
  std::string public_key;  // base64url, 32 bytes
  std::string secret_key;  // base64url, 64 bytes
};
SigningKeyPair NewSigningKeyPair();
// Base64url detached signature of message; empty when the secret key is malformed.
std::string SignDetached(std::string_view message, std::string_view secret_key_b64);
// The public key inside an Ed25519 secret key (base64url both); nullopt when malformed.
std::optional<std::string> PublicKeyOf(std::string_view secret_key_b64);
bool VerifyDetached(std::string_view message, std::string_view signature_b64, std::string_view public_key_b64);

}  // namespace sciweek::core
