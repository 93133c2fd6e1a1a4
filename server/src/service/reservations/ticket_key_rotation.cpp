#include "service/reservations/ticket_key_rotation.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "store/reservation_store.hpp"

namespace sciweek::service {
namespace {

constexpr core::UnixTime kDay = 86400;
// Tickets issued while other processes pick up the new key (they re-read keys every few
// seconds) stay good even when no live ticket exists at the moment of rotating.
constexpr core::UnixTime kLeastGrace = 3600;

// The end of the day (Shanghai) of the latest campaign with a live ticket, or of the latest
// session with one, whichever is later, plus a day for late scans and clock skew.
core::UnixTime VerifyUntil(store::Db& db, core::UnixTime now) {
  auto h = db.Read<store::LiveTicketHorizon>(
      [](store::Tx& tx) -> core::Result<store::LiveTicketHorizon> { return store::ReservationStore::LiveTickets(tx); });
  core::UnixTime until = now + kLeastGrace;
  if (h && h->last_session_end) until = std::max<core::UnixTime>(until, *h->last_session_end + kDay);
  if (h && !h->last_campaign_end_date.empty())
    if (auto days = core::ParseDate(h->last_campaign_end_date))
      until = std::max<core::UnixTime>(until, (*days + 2) * kDay - core::kShanghaiOffsetSeconds);
  return until;
}

}  // namespace

core::Result<TicketKeyRotation> RotateTicketKey(store::Db& db, const TicketKeySource& source, bool retire_now,
                                                core::UnixTime now) {
  auto ring = LoadTicketKeys(source, false);
  if (!ring) return ring.error();
  TicketKeyRotation out;
  long long highest = 0;
  for (const auto& k : ring->all()) highest = std::max(highest, domain::TicketKeyNumber(k.kid));
  const auto pair = core::NewSigningKeyPair();
  out.fresh = {domain::TicketKeyIdFor(highest + 1), pair.public_key, pair.secret_key, now, std::nullopt};
  const core::UnixTime until = retire_now ? now - 1 : VerifyUntil(db, now);
  // Every key that still signs retires (normally one; two if an earlier rotation stopped
  // half-way); keys already retired keep their dates.
  std::vector<domain::TicketKey> keys{out.fresh}, changed;
  for (auto k : ring->all()) {
    if (!k.retired()) {
      k.verify_until = until;
      if (retire_now) k.secret_key.clear();  // a stolen key is deleted, not kept
      if (changed.empty()) out.retired = k;  // the newest of them is the one that signed
      changed.push_back(k);
    }
    if (k.VerifiesAt(now)) keys.push_back(k);
  }
  if (source.from_env) {
    out.env_value = domain::FormatTicketKeysEnv(keys);
    return out;
  }
  // The new key first: until the old one is marked, both are unretired and the newer signs.
  if (auto s = CreateTicketKeyFile(source.dir, out.fresh); !s) return s.error();
  for (const auto& k : changed)
    if (auto s = ReplaceTicketKeyFile(source.dir, k); !s) return s.error();
  return out;
}

}  // namespace sciweek::service
