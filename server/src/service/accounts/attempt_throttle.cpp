#include "service/accounts/attempt_throttle.hpp"

#include "store/auth_store.hpp"

namespace sciweek::service {
namespace {

core::Error Throttled(int seconds, const std::string& message_prefix) {
  const std::string wait = seconds < 60 ? std::to_string(seconds) + "秒" : std::to_string((seconds + 59) / 60) + "分钟";
  return core::Error::RateLimited(message_prefix + "请" + wait + "后再试", seconds);
}

// Retries of one compare-and-set: each failed one means another attempt was counted, so a
// request that loses this often is one of a flood and waits like the rest.
constexpr int kMaxSwaps = 64;

}  // namespace

core::Status ReserveAttempt(store::Db& db, const std::vector<ThrottledKey>& keys, core::UnixTime now,
                            const std::string& message_prefix) {
  // Keys are always reserved in the same order (address before subject), so two
  // transactions never wait on each other's rows crosswise.
  auto r = db.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    for (const auto& k : keys) {
      bool reserved = false;
      for (int i = 0; i < kMaxSwaps && !reserved; ++i) {
        const domain::ThrottleState stored = store::AuthStore::LoadThrottle(tx, k.key);
        const domain::ThrottleDecision d = domain::Reserve(k.policy, stored, now);
        // An error rolls the transaction back: the keys reserved before this one too.
        if (d.retry_after > 0) return Throttled(d.retry_after, message_prefix);
        reserved = store::AuthStore::SwapThrottle(tx, k.key, stored, d.next);
      }
      if (!reserved) return Throttled(1, message_prefix);
    }
    return true;
  });
  if (!r) return r.error();
  return {};
}

}  // namespace sciweek::service
