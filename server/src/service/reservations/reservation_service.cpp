#include "service/reservations/reservation_service.hpp"

#include "core/await.hpp"
#include "core/crypto.hpp"
#include "core/logging.hpp"
#include "core/text.hpp"
#include "domain/id_card.hpp"
#include "service/activities/activity_service.hpp"
#include "service/activities/public_catalog.hpp"
#include "service/audit/audit.hpp"
#include "service/reservations/waiting_list.hpp"
#include "service/visitors/data_key.hpp"
#include "service/visitors/phone_verification.hpp"
#include "store/activity_store.hpp"
#include "store/audit_store.hpp"

namespace sciweek::service {
namespace {

using domain::ReservationStatus;

nlohmann::json AuditView(const store::ReservationRow& r) {
  // Never the whole phone number: the audit log is read by many.
  return {{"id", r.id},
          {"session_id", r.session_id},
          {"ticket_no", r.ticket_no},
          {"name", domain::MaskName(r.name)},
          {"phone", domain::MaskPhone(r.phone)},
          {"party_size", r.party_size},
          {"status", domain::ReservationStatusName(r.status)}};
}

// Every refusal that depends on the phone number reads alike — status, code, message and
// field, decided from one query before anything is written — so an anonymous caller cannot
// tell "this number already holds a place here" from the other per-phone limits.
core::Error PhoneRefused() {
  return core::Error::Conflict(
      "该手机号暂时不能预约此场次：每个手机号每场只能有一份预约、每天只能预约一个热门场次，且24小时内的预约数有上限。"
      "已预约的请凭票码查看",
      "phone");
}

// The one-card-per-session rule of real-name bookings. It says only what the caller already
// knows (the card's number); guesses cost a reservation attempt each, limited per address.
core::Error IdCardRefused() {
  return core::Error::Conflict("该身份证件已有本场次的预约（含抽签报名和候补），每张证件每场只能预约一次", "id_card");
}

// A real-name reservation's card: the digest that finds it again and the last four for the
// gate. The number itself goes no further than this function.
struct HolderCard {
  std::string digest, last4;
};

// A concurrent request with the same phone (or card) won the row.
core::Error TakenByAnother(const HolderCard& card) {
  if (card.digest.empty()) return PhoneRefused();
  return core::Error::Conflict("该手机号或身份证件已有本场次的预约，请凭票码查看", "id_card");
}
core::Result<HolderCard> ReadHolderCard(const DataKey* key, const std::string& typed, core::UnixTime now) {
  if (core::Trim(typed).empty())
    return core::Error::Validation({{"id_card", "required", "本活动实行实名预约，请填写持票人的身份证号码", 0}});
  const auto card = domain::CheckIdCard(typed, now);
  if (card.problem)
    return core::Error::Validation({{"id_card", "invalid", domain::IdCardProblemMessage(*card.problem), 0}});
  if (!key) return core::Error::Unavailable("本服务器未配置数据密钥，暂不能实名预约");
  return HolderCard{key->Digest("id-card", card.number), domain::IdCardLast4(card.number)};
}

}  // namespace

Ticket ReservationService::MakeTicket(store::Tx& tx, const store::ReservationRow& row, core::UnixTime now) {
  Ticket t;
  t.row = row;
  t.can = domain::VisitorActions(row.status, row.offer_expires_at, now);
  if (auto s = store::ReservationStore::LoadSession(tx, row.session_id)) t.session = *s;
  t.code = signer_.CodeFor(row.session_id, row.ticket_no);
  if (row.status == ReservationStatus::kWaiting) t.position = store::ReservationStore::Position(tx, row);
  return t;
}

void ReservationService::TakeAsync(const Ctx& ctx, long long session_id, const domain::ReservationInput& raw, Mode mode,
                                   TicketDone done) {
  // Counting the address in the database and checking a phone code write to it: not on a
  // thread that must never wait.
  if (ctx.to_worker && (per_ip_.MayWait() || (!raw.phone_code.empty() && verification_))) {
    Ctx on_worker = ctx;
    on_worker.to_worker = nullptr;
    return ctx.to_worker([this, on_worker, session_id, raw, mode, done = std::move(done)]() mutable {
      TakeAsync(on_worker, session_id, raw, mode, std::move(done));
    });
  }
  domain::ReservationInput in = raw;
  in.name = core::Trim(in.name);
  // The party-size bound depends on the campaign: check the rest first, that one below.
  auto problems = domain::ValidateReservation(in, 1000);
  if (!problems.empty()) return done(core::Error::Validation(std::move(problems)));
  if (int wait = per_ip_.Hit(ctx.ip, ctx.now))
    return done(core::Error::RateLimited("来自同一网络的预约过于频繁，请" + std::to_string(wait) + "秒后再试", wait));
  // A code sent along is checked (and the check counted) before the reservation's own
  // transaction; it is used in that transaction only if the session needs it.
  std::optional<long long> code_id;
  if (!in.phone_code.empty() && verification_) {
    auto id = verification_->Check(ctx, in.phone, domain::CodePurpose::kReserve, in.phone_code);
    if (!id) return done(id.error());
    code_id = *id;
  }
  // The ticket is signed here, on the thread that took the request: in a batch of one
  // session, jobs run in turn on its leading thread, which need not pay for the signature.
  const auto issued = signer_.Issue(session_id);
  // Reservations are the contended write of the week: those of one session share commits,
  // and no thread waits for theirs (decision 0027). Its first statement is named here, for
  // the reservation before it in a batch to send (decision 0035).
  auto first = store::ReservationStore::SessionReadToCarry(db_, session_id, in.phone);
  db_.WriteGroupedAsync<Ticket>(
      session_id,
      [this, ctx, session_id, in = std::move(in), code_id, mode, issued](store::Tx& tx) {
        return TakeInTx(tx, ctx, session_id, in, code_id, mode, issued);
      },
      [this, session_id, done = std::move(done)](core::Result<Ticket> r) {
        // What its own take left, committed now: no read after the COMMIT.
        if (r && domain::HoldsPlaces(r->row.status))
          catalog_.NotePlaces(session_id, r->session.session.remaining(), r->session.session.seats_version);
        if (r) messages_.Wake();
        done(std::move(r));
      },
      std::move(first), ctx.to_worker);
}

core::Result<Ticket> ReservationService::Take(const Ctx& ctx, long long session_id, const domain::ReservationInput& in,
                                              Mode mode) {
  return core::Await<core::Result<Ticket>>(
      [&](auto deliver) { TakeAsync(ctx, session_id, in, mode, std::move(deliver)); });
}

core::Result<Ticket> ReservationService::TakeInTx(store::Tx& tx, const Ctx& ctx, long long session_id,
                                                  const domain::ReservationInput& in, std::optional<long long> code_id,
                                                  Mode mode, const domain::TicketCode& issued) {
  // The session, and the phone held for this reservation's checks, in one round trip.
  auto loaded = store::ReservationStore::LoadSessionHoldingPhone(tx, session_id, in.phone);
  if (!loaded) return core::Error::NotFound("场次不存在");
  const store::SessionContext* s = &loaded->session;
  if (in.party_size > s->max_party_size)
    return core::Error::Validation(
        {{"party_size", "invalid", "每次预约人数须为1至" + std::to_string(s->max_party_size) + "人", 0}});
  auto admission = domain::CheckReservable(s->activity_status, s->session, ctx.now);
  if (!admission) return admission.error();
  if (!s->reservation_required) return core::Error::Conflict("该活动无需预约，可直接到场参加");
  // A card sent to an activity that asks for none is dropped unread.
  HolderCard card;
  if (s->real_name_required) {
    auto read = ReadHolderCard(data_key_, in.id_card, ctx.now);
    if (!read) return read.error();
    card = std::move(*read);
  }
  if (domain::NeedsPhoneCode(s->phone_verification, s->session.high_demand)) {
    if (!code_id) return PhoneCodeRequired();
    if (auto used = PhoneVerification::Use(tx, *code_id, ctx.now); !used) return used.error();
  }
  // The same phone with a reservation in flight is refused like every other per-phone rule
  // (nothing tells the rules apart); the one in flight decides.
  if (!loaded->held) return PhoneRefused();
  store::ReservationRow row;
  row.id = loaded->next_id;
  row.session_id = session_id;
  row.name = in.name;
  row.phone = in.phone;
  row.party_size = in.party_size;
  row.email = in.email;
  row.id_card_digest = card.digest;
  row.id_card_last4 = card.last4;
  row.day = core::ShanghaiDate(s->session.starts_at);
  row.high_demand = s->session.high_demand;
  row.created_at = row.updated_at = ctx.now;
  row.ticket_no = issued.ticket_no;
  // A first-come reservation is written whole in one step, with the checks on its phone and
  // card inside it (one round trip on PostgreSQL, and the COMMIT with it when nothing follows:
  // the confirmation's messages are the only later write). Anything else is checked first and
  // written after.
  const long long since = ctx.now - 86400;
  const store::TakeRules rules{limits_.per_phone_per_day, s->session.high_demand};
  std::optional<store::TakenPlaces> took;
  if (mode == Mode::kReserve && *admission == domain::Admission::kFirstCome) {
    row.status = ReservationStatus::kConfirmed;
    took = store::ReservationStore::TakeAndInsert(
        tx, row, since, rules,
        AuditEntryFor(ctx, "reservation.created", "session", std::to_string(session_id), nullptr, AuditView(row)),
        !messages_.enabled());
  }
  if (!took || !took->taken) {
    const auto pre =
        took ? took->checks : store::ReservationStore::Precheck(tx, session_id, in.phone, since, row.day, card.digest);
    if (rules.PhoneRefused(pre)) return PhoneRefused();
    if (pre.id_card_live_here) return IdCardRefused();
    if (took && took->conflict) return TakenByAnother(card);
    // Full, or places freed while people wait in line, which are theirs: a newcomer joins the
    // line.
    if (took) return core::Error::SlotFull("该场次名额已满，可加入候补名单");
    if (mode == Mode::kWaitlist) {
      if (*admission != domain::Admission::kFirstCome) return core::Error::Conflict("该场次正在抽签报名，请直接报名");
      if (s->session.remaining() >= in.party_size && !pre.line_waiting)
        return core::Error::Conflict("该场次尚有名额，请直接预约");
      row.status = ReservationStatus::kWaiting;
      row.queue_no = row.id;
    } else {
      row.status = ReservationStatus::kApplied;  // a lottery's application
    }
    if (!store::ReservationStore::Insert(tx, row)) return TakenByAnother(card);
    Audit(tx, ctx, "reservation.created", "session", std::to_string(session_id), nullptr, AuditView(row));
  }
  if (row.status == ReservationStatus::kConfirmed)
    messages_.Enqueue(tx, domain::MessageKind::kConfirmed, row, *s, ctx.now);
  Ticket t;
  t.row = row;
  t.can = domain::VisitorActions(row.status, row.offer_expires_at, ctx.now);
  t.session = *s;
  if (took) {  // the places as this transaction left them
    t.session.session.taken = t.session.session.capacity - took->remaining;
    t.session.session.seats_version = took->seats_version;
  }
  t.code = domain::FormatTicketCode(issued);
  if (row.status == ReservationStatus::kWaiting) t.position = store::ReservationStore::Position(tx, row);
  return t;
}

core::Result<Ticket> ReservationService::Reserve(const Ctx& ctx, long long session_id,
                                                 const domain::ReservationInput& in) {
  return Take(ctx, session_id, in, Mode::kReserve);
}

core::Result<Ticket> ReservationService::JoinWaitlist(const Ctx& ctx, long long session_id,
                                                      const domain::ReservationInput& in) {
  return Take(ctx, session_id, in, Mode::kWaitlist);
}

core::Result<store::ReservationRow> ReservationService::Locate(store::Tx& tx, const Ctx& ctx, const std::string& code,
                                                               const std::string& phone) {
  auto scanned = signer_.Read(code, ctx.now);
  if (!scanned) return core::Error::NotFound("预约不存在");
  auto row = store::ReservationStore::FindByTicketNo(tx, scanned->ticket_no);
  if (!row || (scanned->session_id && *scanned->session_id != row->session_id) ||
      !core::SecretEquals(row->phone, phone))
    return core::Error::NotFound("预约不存在，或手机号不符");
  return *row;
}

core::Result<Ticket> ReservationService::Find(const Ctx& ctx, const std::string& code, const std::string& phone) {
  if (int wait = per_ip_.Hit(ctx.ip, ctx.now))
    return core::Error::RateLimited("查询过于频繁，请" + std::to_string(wait) + "秒后再试", wait);
  return db_.Read<Ticket>([&](store::Tx& tx) -> core::Result<Ticket> {
    auto row = Locate(tx, ctx, code, phone);
    if (!row) return row.error();
    return MakeTicket(tx, *row, ctx.now);
  });
}

core::Result<std::vector<Ticket>> ReservationService::ForPhone(const Ctx& ctx, const std::string& phone) {
  return db_.Read<std::vector<Ticket>>([&](store::Tx& tx) -> core::Result<std::vector<Ticket>> {
    std::vector<Ticket> out;
    for (const auto& row : store::ReservationStore::ForPhone(tx, phone, kMineLimit))
      out.push_back(MakeTicket(tx, row, ctx.now));
    return out;
  });
}

core::Status ReservationService::CancelRow(store::Tx& tx, const Ctx& ctx, const store::ReservationRow& row,
                                           const std::string& reason) {
  const auto next = domain::StatusAfter(row.status, domain::ReservationEvent::kCancelled);
  if (!next) {
    return core::Error::Conflict(row.status == ReservationStatus::kCheckedIn ? "已入场的预约不能取消"
                                                                             : "该预约已取消或已失效");
  }
  if (!store::ReservationStore::Transition(tx, row.id, row.status, *next, ctx.now, reason))
    return core::Error::Conflict("该预约状态已变化，请刷新");
  if (domain::HoldsPlaces(row.status)) {
    store::ReservationStore::Release(tx, row.session_id, row.party_size);
    if (auto s = store::ReservationStore::LoadSession(tx, row.session_id)) {
      s->session.taken -= row.party_size;
      OfferFreedPlaces(tx, *s, ctx.now, messages_);
    }
  }
  auto after = row;
  after.status = *next;
  Audit(tx, ctx, "reservation.cancelled", "session", std::to_string(row.session_id), AuditView(row), AuditView(after));
  return {};
}

core::Status ReservationService::Cancel(const Ctx& ctx, const std::string& code, const std::string& phone) {
  if (int wait = per_ip_.Hit(ctx.ip, ctx.now))
    return core::Error::RateLimited("操作过于频繁，请" + std::to_string(wait) + "秒后再试", wait);
  long long session_id = 0;
  auto r = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto row = Locate(tx, ctx, code, phone);
    if (!row) return row.error();
    if (auto done = CancelRow(tx, ctx, *row, "预约人已取消"); !done) return done.error();
    session_id = row->session_id;
    return true;
  });
  if (!r) return r.error();
  catalog_.NoteTaken(session_id);
  messages_.Wake();  // the places it freed may have been offered to the waiting list
  return {};
}

core::Result<Ticket> ReservationService::AcceptOffer(const Ctx& ctx, const std::string& code,
                                                     const std::string& phone) {
  if (int wait = per_ip_.Hit(ctx.ip, ctx.now))
    return core::Error::RateLimited("操作过于频繁，请" + std::to_string(wait) + "秒后再试", wait);
  auto t = db_.Write<Ticket>([&](store::Tx& tx) -> core::Result<Ticket> {
    auto row = Locate(tx, ctx, code, phone);
    if (!row) return row.error();
    const auto next = domain::StatusAfter(row->status, domain::ReservationEvent::kOfferAccepted);
    if (!next) return core::Error::Conflict("该预约没有待确认的候补名额");
    if (!domain::VisitorActions(row->status, row->offer_expires_at, ctx.now).accept_offer)
      return core::Error::Conflict("候补名额的确认时间已过");
    if (!store::ReservationStore::Transition(tx, row->id, row->status, *next, ctx.now))
      return core::Error::Conflict("该预约状态已变化，请刷新");
    auto after = *row;
    after.status = *next;
    Audit(tx, ctx, "reservation.offer_accepted", "session", std::to_string(row->session_id), AuditView(*row),
          AuditView(after));
    auto ticket = MakeTicket(tx, *store::ReservationStore::Find(tx, row->id), ctx.now);
    messages_.Enqueue(tx, domain::MessageKind::kConfirmed, ticket.row, ticket.session, ctx.now);
    return ticket;
  });
  if (t) messages_.Wake();
  return t;
}

void ReservationService::ExpireOffers(store::Tx& tx, long long session_id, core::UnixTime now) {
  auto s = store::ReservationStore::LoadSession(tx, session_id);
  for (const auto& r : store::ReservationStore::ExpiredOffers(tx, session_id, now))
    if (store::ReservationStore::Transition(tx, r.id, ReservationStatus::kOffered, ReservationStatus::kExpired, now,
                                            "候补名额未在规定时间内确认")) {
      store::ReservationStore::Release(tx, session_id, r.party_size);
      if (s) messages_.Enqueue(tx, domain::MessageKind::kOfferExpired, r, *s, now);
    }
  s = store::ReservationStore::LoadSession(tx, session_id);  // the places just released
  if (s) OfferFreedPlaces(tx, *s, now, messages_);
}

void ReservationService::SweepExpiredOffers(core::UnixTime now) {
  auto sessions = db_.Read<std::vector<long long>>([&](store::Tx& tx) -> core::Result<std::vector<long long>> {
    return store::ReservationStore::SessionsWithExpiredOffers(tx, now);
  });
  if (!sessions) return;
  for (long long id : *sessions) {
    auto done = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
      ExpireOffers(tx, id, now);
      return true;
    });
    if (!done) spdlog::warn("expiring offers of session {} failed: {}", id, done.error().internal);
    catalog_.Invalidate();
  }
  if (!sessions->empty()) messages_.Wake();
}

core::Result<LotteryResult> ReservationService::DrawLottery(const Ctx& ctx, long long session_id) {
  if (!ctx.principal && !ctx.console) return core::Error::Unauthenticated();
  auto r = db_.Write<LotteryResult>([&](store::Tx& tx) -> core::Result<LotteryResult> {
    auto s = store::ReservationStore::LoadSession(tx, session_id);
    auto a = s ? store::ActivityStore::Find(tx, s->activity_id) : std::nullopt;
    if (!a || !activity_access::MaySee(tx, ctx, *a)) return core::Error::NotFound("场次不存在");
    if (!activity_access::MayEdit(ctx, *a)) return core::Error::Forbidden("只有主办单位的填报员可以抽签");
    if (!s->session.high_demand || !s->session.lottery_cutoff) return core::Error::Conflict("该场次不是抽签场次");
    if (s->session.lottery_drawn) return core::Error::Conflict("该场次已经抽过签");
    if (ctx.now < *s->session.lottery_cutoff) return core::Error::Conflict("抽签报名尚未截止");
    // Claimed before the applicants are read: of simultaneous draws (two organizers, two
    // nodes) one runs, the others are told it is drawn.
    if (!store::ActivityStore::ClaimDraw(tx, session_id)) return core::Error::Conflict("该场次已经抽过签");
    auto applicants = store::ReservationStore::ByStatus(tx, session_id, ReservationStatus::kApplied);
    // Fisher–Yates with libsodium's uniform random numbers: every order equally likely.
    for (size_t i = applicants.size(); i > 1; --i)
      std::swap(applicants[i - 1], applicants[core::RandomBelow(static_cast<unsigned>(i))]);
    LotteryResult out;
    out.applicants = static_cast<long long>(applicants.size());
    long long position = 0;
    using Move = store::ReservationStore::PlacesMove;
    for (const auto& app : applicants) {
      const auto drawn = store::ReservationStore::MoveTakingPlaces(tx, app, ReservationStatus::kApplied,
                                                                   ReservationStatus::kConfirmed, ctx.now);
      if (drawn == Move::kMoved) {
        ++out.winners;
        messages_.Enqueue(tx, domain::MessageKind::kLotteryWon, app, *s, ctx.now);
      } else if (drawn == Move::kNoRoom && store::ReservationStore::Transition(tx, app.id, ReservationStatus::kApplied,
                                                                               ReservationStatus::kWaiting, ctx.now)) {
        // Those not drawn wait in the drawn order for places freed later.
        store::ReservationStore::SetQueueNo(tx, app.id, ++position);
        ++out.waiting;
        messages_.Enqueue(tx, domain::MessageKind::kLotteryLost, app, *s, ctx.now);
      }
      // Otherwise the application was withdrawn meanwhile: it neither wins nor waits.
    }
    Audit(tx, ctx, "session.lottery_drawn", "session", std::to_string(session_id), nullptr,
          {{"applicants", out.applicants}, {"winners", out.winners}, {"waiting", out.waiting}});
    return out;
  });
  if (r) {
    catalog_.Invalidate();
    messages_.Wake();
  }
  return r;
}

}  // namespace sciweek::service
