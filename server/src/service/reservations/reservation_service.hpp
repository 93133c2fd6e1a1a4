#pragma once
// Public reservations: first come (one conditional UPDATE takes the places, so a session is
// never oversold, whatever the concurrency or the number of server processes), waiting
// lists that offer freed places in order, lotteries for high-demand sessions, tickets with
// signed QR codes, cancellation by the visitor.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/reservation.hpp"
#include "service/reservations/ticket_signer.hpp"
#include "service/support/context.hpp"
#include "service/support/rate_limiter.hpp"
#include "service/visitors/visitor_messages.hpp"
#include "store/db.hpp"
#include "store/reservation_store.hpp"

namespace sciweek::service {

class PublicCatalog;
class PhoneVerification;
class DataKey;

struct ReservationLimits {
  int per_ip_per_minute = 120;  // schools and offices share an address; 0 = off
  int per_phone_per_day = 10;   // 0 = off
};

struct Ticket {
  store::ReservationRow row;
  store::SessionContext session;
  std::string code;        // the full signed code (the QR's content)
  long long position = 0;  // in the waiting list
  domain::VisitorCan can;  // what the visitor may do with it now
};

// What a visitor's erasure did: reservations still to come cancelled, rows erased.
struct VisitorErasure {
  long long cancelled = 0;
  long long erased = 0;
};

struct LotteryResult {
  long long applicants = 0, winners = 0, waiting = 0;
};

class ReservationService {
 public:
  // `messages`: where the visitor messages of each change go (none when null); `verification`:
  // the SMS codes a campaign may require (none when null: such sessions cannot be reserved);
  // `data_key`: keys the digests of real-name bookings' ID cards (none when null: real-name
  // activities cannot be reserved).
  ReservationService(store::Db& db, TicketSigner& signer, PublicCatalog& catalog, ReservationLimits limits,
                     const VisitorMessages* messages = nullptr, PhoneVerification* verification = nullptr,
                     const DataKey* data_key = nullptr)
      : db_(db),
        signer_(signer),
        catalog_(catalog),
        limits_(limits),
        per_ip_(limits.per_ip_per_minute, 60, db.dialect() == store::Dialect::kPostgres ? &db : nullptr),
        messages_(messages ? *messages : kNoMessages),
        verification_(verification),
        data_key_(data_key) {}

  core::Result<Ticket> Reserve(const Ctx& ctx, long long session_id, const domain::ReservationInput& in);
  core::Result<Ticket> JoinWaitlist(const Ctx& ctx, long long session_id, const domain::ReservationInput& in);
  // Reserve (kReserve) or JoinWaitlist (kWaitlist) without a thread waiting for the shared
  // commit: `done` gets the answer once the reservation's batch is committed, perhaps on
  // another thread (store::Db::WriteGroupedAsync); a refusal found before the transaction
  // arrives at once, on this one. ctx, and the principal it points to, must live until then.
  enum class Mode { kReserve, kWaitlist };
  using TicketDone = std::function<void(core::Result<Ticket>)>;
  void TakeAsync(const Ctx& ctx, long long session_id, const domain::ReservationInput& in, Mode mode, TicketDone done);
  // `code`: the full signed code or the ticket number; the phone must match.
  core::Result<Ticket> Find(const Ctx& ctx, const std::string& code, const std::string& phone);
  core::Status Cancel(const Ctx& ctx, const std::string& code, const std::string& phone);
  // Every reservation of a phone its owner signed in with (PhoneVerification::SignIn), newest
  // first, at most kMineLimit: "my reservations" on any device.
  static constexpr int kMineLimit = 200;
  core::Result<std::vector<Ticket>> ForPhone(const Ctx& ctx, const std::string& phone);
  // The visitor's right to erasure (an `erase` code): reservations still to come cancelled
  // (places to the waiting list), then every reservation's name, phone and e-mail replaced
  // by tokens, the phone's codes and sign-ins deleted; audited with the phone masked.
  core::Result<VisitorErasure> EraseVisitor(const Ctx& ctx, const std::string& phone, const std::string& code);
  core::Result<Ticket> AcceptOffer(const Ctx& ctx, const std::string& code, const std::string& phone);
  // Expired offers go back to the waiting list's next in line (run about every 30 s).
  void SweepExpiredOffers(core::UnixTime now);
  core::Result<LotteryResult> DrawLottery(const Ctx& ctx, long long session_id);
  std::vector<domain::TicketKey> TicketKeys(core::UnixTime now) { return signer_.PublicKeys(now); }

 private:
  core::Result<Ticket> Take(const Ctx& ctx, long long session_id, const domain::ReservationInput& in, Mode mode);
  // The reservation's transaction: every check on the session, the phone and the line, then
  // the places, the row, its audit and its message. `code_id`: the SMS code already checked;
  // `issued`: its ticket number and signed code, made before the transaction.
  core::Result<Ticket> TakeInTx(store::Tx& tx, const Ctx& ctx, long long session_id, const domain::ReservationInput& in,
                                std::optional<long long> code_id, Mode mode, const domain::TicketCode& issued);
  core::Result<store::ReservationRow> Locate(store::Tx& tx, const Ctx& ctx, const std::string& code,
                                             const std::string& phone);
  Ticket MakeTicket(store::Tx& tx, const store::ReservationRow& row, core::UnixTime now);
  // Cancels one reservation in `tx`: frees its places for the waiting list, audited.
  core::Status CancelRow(store::Tx& tx, const Ctx& ctx, const store::ReservationRow& row, const std::string& reason);
  void ExpireOffers(store::Tx& tx, long long session_id, core::UnixTime now);

  store::Db& db_;
  TicketSigner& signer_;
  PublicCatalog& catalog_;
  ReservationLimits limits_;
  RateLimiter per_ip_;
  static inline const VisitorMessages kNoMessages{};
  const VisitorMessages& messages_;
  PhoneVerification* verification_;
  const DataKey* data_key_;
};

}  // namespace sciweek::service
