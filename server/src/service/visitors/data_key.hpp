#pragma once
// The data key (decision 0019): 32 random bytes that key the digests of what must be compared
// but never read back — one-time SMS codes now, ID-card numbers of real-name bookings and the
// tokens expired personal data is replaced with later. Like the ticket keys it is never in the
// database, so a copy of the database cannot test guesses of a 6-digit code:
// SCIWEEK_DATA_KEY (base64url of 32 bytes) when set, else <data-dir>/keys/data.key (mode
// 0600), made once by the first process that needs it. Back it up with the ticket keys: without
// it, codes in flight fail (harmless) and real-name checks at the gate cannot be made.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sciweek::service {

class DataKey {
 public:
  // A digest of `data` for one use (`purpose`, e.g. "phone-code"): the same data gives
  // different digests for different purposes.
  std::string Digest(std::string_view purpose, std::string_view data) const;

  // SCIWEEK_DATA_KEY, else the key file of data_dir (created when `create` and missing).
  static core::Result<DataKey> Load(const std::string& data_dir, bool create);
  // A key held in memory only (unit tests).
  static DataKey ForTesting(std::string raw);

 private:
  std::string raw_;  // 32 bytes
};

std::string DataKeyPath(const std::string& data_dir);

}  // namespace sciweek::service
