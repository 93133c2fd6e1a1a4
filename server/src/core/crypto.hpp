#pragma once
// Random tokens and digests (libsodium). Session tokens are stored only as digests, so a
// leaked database does not leak live sessions.
#include <string>
#include <string_view>

namespace sciweek::core {

// Calls sodium_init once; safe to call from any thread, any number of times.
void InitCrypto();

// `bytes` random bytes as URL-safe base64 without padding.
std::string RandomToken(size_t bytes = 32);

// Standard base64 (RFC 4648, with padding, no line breaks), e.g. for MIME bodies.
std::string Base64(std::string_view data);

// Lower-case hex SHA-256 of data.
std::string Sha256Hex(std::string_view data);

// Constant-time equality for secrets (CSRF tokens).
bool SecretEquals(std::string_view a, std::string_view b);

}  // namespace sciweek::core
