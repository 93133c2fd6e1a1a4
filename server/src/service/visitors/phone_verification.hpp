#pragma once
// Verified phones (issue 11 §2, decision 0019): a one-time code sent by SMS through the outbox,
// checked with every attempt counted before the comparison, used once in the transaction of
// the action it allows (a reservation, a sign-in, an erasure). A sign-in gives the visitor a
// token for "my reservations" on any device. Codes are stored as digests keyed by the data
// key, sign-in tokens as SHA-256; both live in the database, so any server may answer.
#include <string>

#include "core/result.hpp"
#include "domain/phone_code.hpp"
#include "service/support/context.hpp"
#include "service/visitors/data_key.hpp"
#include "service/visitors/visitor_messages.hpp"
#include "store/db.hpp"

namespace sciweek::service {

struct CodeSent {
  long long expires_in = 0;  // seconds the code is good for
  long long resend_in = 0;   // seconds before another may be asked
};

struct VisitorLogin {
  std::string token;  // sent once; the server keeps its SHA-256
  core::UnixTime expires_at = 0;
  std::string phone;  // whole: the visitor proved it is theirs
};

class PhoneVerification {
 public:
  static constexpr long long kLoginSeconds = 2 * 3600;

  PhoneVerification(store::Db& db, const DataKey& key, const VisitorMessages& messages, domain::CodePolicy policy = {})
      : db_(db), key_(key), messages_(messages), policy_(policy) {}

  const domain::CodePolicy& policy() const { return policy_; }

  // Sends a new code to `phone` for `purpose`: 503 when the server sends no SMS, 429 (with the
  // wait) over the resend interval or a phone's or an address's limits.
  core::Result<CodeSent> Request(const Ctx& ctx, const std::string& phone, domain::CodePurpose purpose);

  // Checks `code` against the phone's newest live code of that purpose. The check is counted
  // (and committed) before the comparison, whatever its answer, so guesses stop at the limit
  // on every server. The code's id on success: Use it in the action's own transaction.
  core::Result<long long> Check(const Ctx& ctx, const std::string& phone, domain::CodePurpose purpose,
                                const std::string& code);
  // Marks a checked code used; a 422 naming `phone_code` when it was used meanwhile or lapsed.
  static core::Status Use(store::Tx& tx, long long code_id, core::UnixTime now);

  // phone + a `manage` code → a sign-in for kLoginSeconds.
  core::Result<VisitorLogin> SignIn(const Ctx& ctx, const std::string& phone, const std::string& code);
  // The phone a sign-in token belongs to; 401 when it is unknown or has expired.
  core::Result<std::string> PhoneOf(const Ctx& ctx, const std::string& token);
  core::Status SignOut(const Ctx& ctx, const std::string& token);

  // Drops codes and sign-ins older than a day (run by the server's upkeep).
  void Sweep(core::UnixTime now);

 private:
  std::string CodeDigest(const std::string& phone, domain::CodePurpose purpose, const std::string& code) const;

  store::Db& db_;
  const DataKey& key_;
  const VisitorMessages& messages_;
  domain::CodePolicy policy_;
};

// The 422 of a reservation that needs a verified phone and came without a code.
core::Error PhoneCodeRequired();

}  // namespace sciweek::service
