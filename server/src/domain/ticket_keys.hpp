#pragma once
// The keys that sign tickets (decision 0007). They live outside the database — one file per
// key under <data-dir>/keys, or the environment variable SCIWEEK_TICKET_KEYS — so a copy of
// the database cannot make a ticket. One key signs (the unretired key with the highest
// number); retired keys still verify the tickets they signed until `verify_until`, then
// nothing they signed is accepted. This file is the pure part: names, texts, choice.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace sciweek::domain {

// Key ids are "k1", "k2", … (numbered by rotation; short, and safe in a ticket code).
bool IsTicketKeyId(std::string_view kid);
long long TicketKeyNumber(std::string_view kid);  // 0 when not a key id
std::string TicketKeyIdFor(long long number);

struct TicketKey {
  std::string kid;
  std::string public_key;  // base64url, 32 bytes
  std::string secret_key;  // base64url, 64 bytes; empty once withdrawn (verify only)
  core::UnixTime created_at = 0;
  std::optional<core::UnixTime> verify_until;  // set when retired
  bool retired() const { return verify_until.has_value(); }
  bool VerifiesAt(core::UnixTime now) const { return !verify_until || now <= *verify_until; }
};

// The text of a key file ("sciweek-ticket-key v1" then "name: value" lines); the public key
// is derived from the secret one when both are present, and must agree with it.
std::string FormatTicketKeyFile(const TicketKey& key);
core::Result<TicketKey> ParseTicketKeyFile(std::string_view text);

// SCIWEEK_TICKET_KEYS: entries "kid:secret_key[:verify_until]" separated by commas
// (verify_until in Unix seconds marks a retired key), e.g. "k2:AbC…,k1:XyZ…:1716998400".
core::Result<std::vector<TicketKey>> ParseTicketKeysEnv(std::string_view text);
std::string FormatTicketKeysEnv(const std::vector<TicketKey>& keys);

// A set of keys checked for sense: distinct ids, one that signs.
class TicketKeyring {
 public:
  static core::Result<TicketKeyring> From(std::vector<TicketKey> keys);
  const TicketKey& signing() const { return keys_[signing_]; }
  // The key that verifies a code of `kid` at `now`; nullptr when unknown or past its date.
  const TicketKey* Verifier(std::string_view kid, core::UnixTime now) const;
  // Every key that still verifies at `now`, signing key first.
  std::vector<TicketKey> Valid(core::UnixTime now) const;
  const std::vector<TicketKey>& all() const { return keys_; }

 private:
  std::vector<TicketKey> keys_;
  size_t signing_ = 0;
};

}  // namespace sciweek::domain
