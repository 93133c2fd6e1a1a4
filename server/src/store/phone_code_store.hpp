#pragma once
// One-time SMS codes and the visitor sign-ins they open (migration 0011, decision 0019). Codes
// are kept as keyed digests only; sign-in tokens as SHA-256. Every check is a conditional
// UPDATE, so several servers never let one code be tried more often than allowed or used twice.
#include <optional>
#include <string>

#include "domain/phone_code.hpp"
#include "store/db.hpp"

namespace sciweek::store {

struct PhoneCodeRow {
  long long id = 0;
  std::string phone;
  domain::CodePurpose purpose = domain::CodePurpose::kReserve;
  std::string code_hash;
  std::string ip;
  int attempts = 0;
  long long created_at = 0;
  long long expires_at = 0;
  std::optional<long long> used_at;
};

struct VisitorLoginRow {
  std::string token_hash;
  std::string phone;
  long long created_at = 0;
  long long expires_at = 0;
};

class PhoneCodeStore {
 public:
  static long long Insert(Tx& tx, const PhoneCodeRow& row);
  // Makes simultaneous code requests for this phone, and from this address, take turns until
  // the transaction ends, so History's counts include every code sent before the next one is
  // decided (store/key_lock.hpp). Waits; take it before History.
  static void HoldRequester(Tx& tx, const std::string& phone, const std::string& ip);
  // Counts for domain::CodeRequestWait: the phone's codes of the last hour and day, the
  // address's of the last hour, and the phone's newest.
  static domain::CodeHistory History(Tx& tx, const std::string& phone, const std::string& ip, long long now);
  // The newest code of this phone and purpose that is unused and unexpired.
  static std::optional<PhoneCodeRow> Live(Tx& tx, const std::string& phone, domain::CodePurpose purpose, long long now);
  // Counts one check against the code, if it has checks left: false when it has none.
  [[nodiscard]] static bool CountAttempt(Tx& tx, long long id, int max_attempts);
  // Marks the code used, if it still is unused and unexpired: false otherwise.
  [[nodiscard]] static bool Use(Tx& tx, long long id, long long now);

  static void InsertLogin(Tx& tx, const VisitorLoginRow& row);
  static std::optional<VisitorLoginRow> FindLogin(Tx& tx, const std::string& token_hash, long long now);
  static void DeleteLogin(Tx& tx, const std::string& token_hash);
  // Every code and sign-in of a phone (its data is being erased).
  static void ForgetPhone(Tx& tx, const std::string& phone);

  // Drops codes and sign-ins past `before` (they only feed the counts of the last day).
  static void Sweep(Tx& tx, long long before);
};

}  // namespace sciweek::store
