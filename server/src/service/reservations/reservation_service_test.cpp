// The reservation service's rules through its public interface, on a real database: places
// taken and released with each status, capacity never exceeded, the per-phone limits, the
// party-size bound of the campaign, the waiting list and its offers, the lottery, and which
// refusals write nothing. The HTTP suite (tests/api/reservations_test.cpp) checks the wire;
// these check the rows.
#include "service/reservations/reservation_service.hpp"

#include <gtest/gtest.h>

#include "service/testing/service_fixture.hpp"

namespace sciweek::service {
namespace {

using core::ErrorCode;
using domain::MessageKind;
using domain::ReservationStatus;

class ReservationServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    activity_ = Publish(Plan({3, 3, 3}));
    ASSERT_EQ(activity_.sessions.size(), 3u);
    s1_ = activity_.sessions[0].id;
    s2_ = activity_.sessions[1].id;
    s3_ = activity_.sessions[2].id;
  }

  core::Result<Ticket> Reserve(long long session, const std::string& phone, int party = 1) {
    return reservations_->Reserve(Visitor(kBefore), session, Booking(phone, party));
  }
  core::Result<Ticket> Wait(long long session, const std::string& phone, int party = 1) {
    return reservations_->JoinWaitlist(Visitor(kBefore), session, Booking(phone, party));
  }
  core::Status Cancel(const Ticket& t, core::UnixTime now = 0) {
    return reservations_->Cancel(Visitor(now ? now : kBefore + 60), t.code, t.row.phone);
  }
  // The first problem's field of a validation error.
  static std::string FieldOf(const core::Error& e) { return e.details.empty() ? e.field : e.details.front().field; }

  domain::Activity activity_;
  long long s1_ = 0, s2_ = 0, s3_ = 0;
};

TEST_F(ReservationServiceTest, AFirstComeReservationIsConfirmedWithItsPlacesItsAuditAndItsMessage) {
  auto t = Reserve(s1_, "13800000001", 2);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->row.status, ReservationStatus::kConfirmed);
  EXPECT_EQ(t->session.session.taken, 2) << "the ticket shows the places with its own";
  EXPECT_TRUE(t->can.cancel);
  EXPECT_TRUE(t->can.show_code);
  EXPECT_FALSE(t->can.accept_offer);
  ASSERT_TRUE(domain::ParseTicketCode(t->code));
  EXPECT_EQ(domain::ParseTicketCode(t->code)->ticket_no, t->row.ticket_no);
  EXPECT_EQ(Taken(s1_), 2);
  EXPECT_EQ(Row(t->row.id).status, ReservationStatus::kConfirmed);

  const auto audit = Audited("reservation.created");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].entity_id, std::to_string(s1_));
  EXPECT_EQ(audit[0].after["phone"], "138****0001") << "the audit log never holds the whole number";
  EXPECT_EQ(audit[0].after["status"], "confirmed");

  const auto sent = Outbox(s1_);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].kind, MessageKind::kConfirmed);
  EXPECT_EQ(sent[0].recipient, "13800000001");
  EXPECT_EQ(sent[0].reservation_id, t->row.id);
}

TEST_F(ReservationServiceTest, CapacityIsNeverExceededAndARefusalWritesNothing) {
  ASSERT_TRUE(Reserve(s1_, "13800000001", 2));
  auto full = Reserve(s1_, "13800000002", 2);  // 2 + 2 > 3
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::kSlotFull);
  EXPECT_EQ(Taken(s1_), 2);
  EXPECT_EQ(Rows(s1_).size(), 1u) << "no row for the refused request";
  EXPECT_EQ(Outbox(s1_).size(), 1u) << "no message for it either";
  EXPECT_EQ(Audited("reservation.created").size(), 1u);

  ASSERT_TRUE(Reserve(s1_, "13800000003", 1));  // exactly full
  EXPECT_EQ(Taken(s1_), 3);
  auto one_more = Reserve(s1_, "13800000004", 1);
  ASSERT_FALSE(one_more);
  EXPECT_EQ(one_more.error().code, ErrorCode::kSlotFull);
  EXPECT_EQ(Taken(s1_), 3);
}

TEST_F(ReservationServiceTest, PartySizeIsBoundedByTheCampaign) {
  // The campaign allows 4 per reservation; the sessions have 3 places: 4 is within the bound
  // (and then simply too many), 5 and 0 are not.
  for (int party : {0, 5}) {
    auto r = Reserve(s1_, "13800000001", party);
    ASSERT_FALSE(r) << party;
    EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed) << party;
    EXPECT_EQ(FieldOf(r.error()), "party_size") << party;
  }
  auto four = Reserve(s1_, "13800000001", 4);
  ASSERT_FALSE(four);
  EXPECT_EQ(four.error().code, ErrorCode::kSlotFull);
  EXPECT_EQ(Taken(s1_), 0);
  EXPECT_TRUE(Rows(s1_).empty());
}

TEST_F(ReservationServiceTest, BadNamesAndPhonesAreRefusedByField) {
  auto no_name = reservations_->Reserve(Visitor(kBefore), s1_, {"  ", "13800000001", 1, "", "", ""});
  ASSERT_FALSE(no_name);
  EXPECT_EQ(FieldOf(no_name.error()), "name");
  auto landline = Reserve(s1_, "01062345678");
  ASSERT_FALSE(landline);
  EXPECT_EQ(FieldOf(landline.error()), "phone");
  EXPECT_TRUE(Rows(s1_).empty());
}

TEST_F(ReservationServiceTest, APhoneHoldsOneLiveReservationPerSession) {
  ASSERT_TRUE(Reserve(s1_, "13800000001"));
  auto again = Reserve(s1_, "13800000001");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "phone");
  auto waiting = Wait(s1_, "13800000001");  // nor one more in the line of the same session
  ASSERT_FALSE(waiting);
  EXPECT_EQ(waiting.error().field, "phone");
  EXPECT_EQ(Taken(s1_), 1);
  EXPECT_TRUE(Reserve(s2_, "13800000001")) << "another session is another matter";
}

TEST_F(ReservationServiceTest, APhonesDailyLimitCountsLiveReservationsOnly) {
  reservations_ = MakeReservations({.per_phone_per_day = 2});
  auto first = Reserve(s1_, "13800000001");
  ASSERT_TRUE(first);
  ASSERT_TRUE(Reserve(s2_, "13800000001"));
  auto third = Reserve(s3_, "13800000001");
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, ErrorCode::kConflict);
  EXPECT_EQ(third.error().field, "phone");
  EXPECT_EQ(Taken(s3_), 0);
  // A cancelled reservation no longer counts.
  ASSERT_TRUE(Cancel(*first));
  EXPECT_TRUE(reservations_->Reserve(Visitor(kBefore + 120), s3_, Booking("13800000001")));
}

TEST_F(ReservationServiceTest, OneHighDemandSessionPerPhonePerDay) {
  auto plan = Plan({5, 5});
  for (auto& s : plan.sessions) s.high_demand = true;  // no lottery cut-off: first come
  const auto hot = Publish(plan);
  ASSERT_EQ(hot.sessions.size(), 2u);
  ASSERT_TRUE(Reserve(hot.sessions[0].id, "13800000001"));
  auto second = Reserve(hot.sessions[1].id, "13800000001");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().field, "phone");
  EXPECT_TRUE(Reserve(s1_, "13800000001")) << "an ordinary session the same day is allowed";
}

TEST_F(ReservationServiceTest, ASessionOfAnUnpublishedActivityCannotBeReserved) {
  auto draft = activities_->Create(As(u1_, kBefore), kYear, Plan({5}), "");
  ASSERT_TRUE(draft);
  const long long draft_session = draft->activity.sessions.at(0).id;
  auto r = Reserve(draft_session, "13800000001");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound) << "a draft's session is not shown to exist";

  ASSERT_TRUE(activities_->Submit(As(u1_, kBefore), draft->activity.id));
  r = Reserve(draft_session, "13800000001");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound) << "nor a plan waiting for review";

  ASSERT_TRUE(activities_->Cancel(As(u1_, kBefore), activity_.id, "场馆检修"));
  r = Reserve(s1_, "13800000001");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict) << "a cancelled activity says so";
  EXPECT_TRUE(Rows(draft_session).empty());
  EXPECT_TRUE(Rows(s1_).empty());
}

TEST_F(ReservationServiceTest, ASessionThatEndedTakesNoReservation) {
  auto ended = reservations_->Reserve(Visitor(activity_.sessions[0].ends_at), s1_, Booking("13800000001"));
  ASSERT_FALSE(ended);
  EXPECT_EQ(ended.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Taken(s1_), 0);
}

TEST_F(ReservationServiceTest, CancellingFreesThePlacesAndCancellingTwiceIsAConflict) {
  auto t = Reserve(s1_, "13800000001", 3);
  ASSERT_TRUE(t);
  ASSERT_EQ(Taken(s1_), 3);
  ASSERT_TRUE(Cancel(*t));
  EXPECT_EQ(Taken(s1_), 0);
  EXPECT_EQ(Row(t->row.id).status, ReservationStatus::kCancelled);
  EXPECT_EQ(Row(t->row.id).cancel_reason, "预约人已取消");
  auto audit = Audited("reservation.cancelled");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].before["status"], "confirmed");
  EXPECT_EQ(audit[0].after["status"], "cancelled");

  auto twice = Cancel(*t);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Taken(s1_), 0) << "the places are not released twice";
  EXPECT_EQ(Audited("reservation.cancelled").size(), 1u);
  // The places went back: someone else may have them.
  EXPECT_TRUE(Reserve(s1_, "13800000002", 3));
}

TEST_F(ReservationServiceTest, OnlyTheTicketsPhoneCancelsIt) {
  auto t = Reserve(s1_, "13800000001", 2);
  ASSERT_TRUE(t);
  auto wrong = reservations_->Cancel(Visitor(kBefore + 60), t->code, "13800000002");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kNotFound);
  auto forged = reservations_->Cancel(Visitor(kBefore + 60), t->code + "x", "13800000001");
  ASSERT_FALSE(forged);
  EXPECT_EQ(forged.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Taken(s1_), 2);
  EXPECT_EQ(Row(t->row.id).status, ReservationStatus::kConfirmed);
}

TEST_F(ReservationServiceTest, ACheckedInTicketCannotBeCancelled) {
  auto t = Reserve(s1_, "13800000001", 2);
  ASSERT_TRUE(t);
  ASSERT_TRUE(*db_->Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    return store::ReservationStore::CheckIn(tx, t->row.id, activity_.sessions[0].starts_at, "gate");
  }));
  auto r = Cancel(*t, activity_.sessions[0].starts_at + 60);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Taken(s1_), 2);
  EXPECT_EQ(Row(t->row.id).status, ReservationStatus::kCheckedIn);
}

TEST_F(ReservationServiceTest, TheWaitingListOpensOnlyWhenFullAndKeepsItsOrder) {
  auto early = Wait(s1_, "13800000001");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict) << "places left: reserve instead";
  ASSERT_TRUE(Reserve(s1_, "13800000002", 3));
  auto w1 = Wait(s1_, "13800000003", 2);
  auto w2 = Wait(s1_, "13800000004", 1);
  ASSERT_TRUE(w1);
  ASSERT_TRUE(w2);
  EXPECT_EQ(w1->row.status, ReservationStatus::kWaiting);
  EXPECT_EQ(w1->position, 1);
  EXPECT_EQ(w2->position, 2);
  EXPECT_FALSE(w1->can.show_code) << "a waiting ticket opens no gate";
  EXPECT_EQ(Taken(s1_), 3) << "waiting holds no places";
  EXPECT_EQ(OutboxOf(s1_, MessageKind::kConfirmed).size(), 1u) << "nothing is confirmed to those who wait";
}

TEST_F(ReservationServiceTest, PlacesFreedWhileOthersWaitGoToTheLineNotToANewcomer) {
  ASSERT_TRUE(Reserve(s1_, "13800000001", 2));
  auto small = Reserve(s1_, "13800000002", 1);
  ASSERT_TRUE(small);
  auto big = Wait(s1_, "13800000003", 3);  // the head needs the whole session
  ASSERT_TRUE(big);
  ASSERT_TRUE(Cancel(*small));
  EXPECT_EQ(Taken(s1_), 2) << "one place free, too few for the head: it waits (FIFO)";
  EXPECT_EQ(Row(big->row.id).status, ReservationStatus::kWaiting);
  auto newcomer = Reserve(s1_, "13800000004", 1);
  ASSERT_FALSE(newcomer);
  EXPECT_EQ(newcomer.error().code, ErrorCode::kSlotFull) << "the free place belongs to the line";
  EXPECT_TRUE(Wait(s1_, "13800000004", 1)) << "the newcomer may join it";
}

TEST_F(ReservationServiceTest, ACancellationOffersThePlacesToTheHeadOfTheLine) {
  auto holder = Reserve(s1_, "13800000001", 2);
  ASSERT_TRUE(holder);
  ASSERT_TRUE(Reserve(s1_, "13800000002", 1));
  auto w1 = Wait(s1_, "13800000003", 2);
  auto w2 = Wait(s1_, "13800000004", 2);
  ASSERT_TRUE(w1 && w2);
  const core::UnixTime now = kBefore + 600;
  ASSERT_TRUE(Cancel(*holder, now));
  const auto offered = Row(w1->row.id);
  EXPECT_EQ(offered.status, ReservationStatus::kOffered);
  ASSERT_TRUE(offered.offer_expires_at);
  EXPECT_EQ(*offered.offer_expires_at, now + 60 * 60) << "the campaign's offer_minutes";
  EXPECT_EQ(Row(w2->row.id).status, ReservationStatus::kWaiting);
  EXPECT_EQ(Taken(s1_), 3) << "an offer holds its places";
  const auto told = OutboxOf(s1_, MessageKind::kOffered);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].reservation_id, w1->row.id);
  EXPECT_NE(told[0].params.find("deadline"), std::string::npos);
}

TEST_F(ReservationServiceTest, AnOfferIsAcceptedUntilItsDeadlineThenPassesOn) {
  auto holder = Reserve(s1_, "13800000001", 3);
  ASSERT_TRUE(holder);
  auto w1 = Wait(s1_, "13800000002", 2);
  auto w2 = Wait(s1_, "13800000003", 3);
  ASSERT_TRUE(w1 && w2);
  const core::UnixTime now = kBefore + 600, deadline = now + 3600;
  ASSERT_TRUE(Cancel(*holder, now));
  ASSERT_EQ(Row(w1->row.id).status, ReservationStatus::kOffered);

  auto late = reservations_->AcceptOffer(Visitor(deadline + 1), w1->code, w1->row.phone);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Row(w1->row.id).status, ReservationStatus::kOffered) << "refused, not expired by the refusal";

  reservations_->SweepExpiredOffers(deadline + 1);
  EXPECT_EQ(Row(w1->row.id).status, ReservationStatus::kExpired);
  EXPECT_EQ(Row(w2->row.id).status, ReservationStatus::kOffered) << "the next in line has them now";
  EXPECT_EQ(Taken(s1_), 3);
  EXPECT_EQ(OutboxOf(s1_, MessageKind::kOfferExpired).size(), 1u);

  auto accepted = reservations_->AcceptOffer(Visitor(deadline + 60), w2->code, w2->row.phone);
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->row.status, ReservationStatus::kConfirmed);
  EXPECT_TRUE(accepted->can.show_code);
  EXPECT_EQ(Taken(s1_), 3) << "accepting keeps the offer's places, no more";
  EXPECT_EQ(Audited("reservation.offer_accepted").size(), 1u);
  auto again = reservations_->AcceptOffer(Visitor(deadline + 90), w2->code, w2->row.phone);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST_F(ReservationServiceTest, CancellingAnOfferFreesItsPlacesForTheNextInLine) {
  auto holder = Reserve(s1_, "13800000001", 3);
  auto w1 = Wait(s1_, "13800000002", 3);
  auto w2 = Wait(s1_, "13800000003", 3);
  ASSERT_TRUE(holder && w1 && w2);
  ASSERT_TRUE(Cancel(*holder));
  ASSERT_EQ(Row(w1->row.id).status, ReservationStatus::kOffered);
  ASSERT_TRUE(Cancel(*w1));
  EXPECT_EQ(Row(w2->row.id).status, ReservationStatus::kOffered);
  EXPECT_EQ(Taken(s1_), 3);
}

class LotteryTest : public ReservationServiceTest {
 protected:
  void SetUp() override {
    ReservationServiceTest::SetUp();
    if (HasFatalFailure()) return;
    auto plan = Plan({3});
    plan.sessions[0].high_demand = true;
    plan.sessions[0].lottery_cutoff = kCutoff;
    const auto a = Publish(plan);
    ASSERT_EQ(a.sessions.size(), 1u);
    lottery_ = a.sessions[0].id;
  }
  const core::UnixTime kCutoff = At("2031-05-15T20:00:00+08:00");
  long long lottery_ = 0;
};

TEST_F(LotteryTest, ApplicationsHoldNoPlacesUntilTheDraw) {
  auto t = Reserve(lottery_, "13800000001", 2);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->row.status, ReservationStatus::kApplied);
  EXPECT_FALSE(t->can.show_code);
  EXPECT_EQ(Taken(lottery_), 0);
  EXPECT_TRUE(OutboxOf(lottery_, MessageKind::kConfirmed).empty());
  auto wait = Wait(lottery_, "13800000002");
  ASSERT_FALSE(wait);
  EXPECT_EQ(wait.error().code, ErrorCode::kConflict) << "no waiting list while applications are taken";
  auto after = reservations_->Reserve(Visitor(kCutoff), lottery_, Booking("13800000003"));
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, ErrorCode::kConflict) << "applications close at the cut-off";
}

TEST_F(LotteryTest, TheDrawFillsThePlacesAndLinesUpTheRestAndHappensOnce) {
  std::vector<long long> ids;
  for (const char* phone : {"13800000001", "13800000002", "13800000003", "13800000004", "13800000005"}) {
    auto t = Reserve(lottery_, phone, 1);
    ASSERT_TRUE(t);
    ids.push_back(t->row.id);
  }
  auto early = reservations_->DrawLottery(As(u1_, kCutoff - 1), lottery_);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);

  auto drawn = reservations_->DrawLottery(As(u1_, kCutoff), lottery_);
  ASSERT_TRUE(drawn) << drawn.error().message;
  EXPECT_EQ(drawn->applicants, 5);
  EXPECT_EQ(drawn->winners, 3);
  EXPECT_EQ(drawn->waiting, 2);
  EXPECT_EQ(Taken(lottery_), 3);
  int confirmed = 0;
  std::vector<long long> queue;
  for (long long id : ids) {
    const auto r = Row(id);
    if (r.status == ReservationStatus::kConfirmed) ++confirmed;
    else if (r.status == ReservationStatus::kWaiting) queue.push_back(r.queue_no);
  }
  EXPECT_EQ(confirmed, 3);
  std::sort(queue.begin(), queue.end());
  EXPECT_EQ(queue, (std::vector<long long>{1, 2})) << "those not drawn wait in the drawn order";
  EXPECT_EQ(OutboxOf(lottery_, MessageKind::kLotteryWon).size(), 3u);
  EXPECT_EQ(OutboxOf(lottery_, MessageKind::kLotteryLost).size(), 2u);
  EXPECT_EQ(Audited("session.lottery_drawn").size(), 1u);

  auto twice = reservations_->DrawLottery(As(u1_, kCutoff + 60), lottery_);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Taken(lottery_), 3);
}

TEST_F(LotteryTest, OnlyTheLeadUnitOrAnAdminDraws) {
  ASSERT_TRUE(Reserve(lottery_, "13800000001"));
  auto anonymous = reservations_->DrawLottery(Visitor(kCutoff), lottery_);
  ASSERT_FALSE(anonymous);
  EXPECT_EQ(anonymous.error().code, ErrorCode::kUnauthenticated);
  auto other_unit = reservations_->DrawLottery(As(u2_, kCutoff), lottery_);
  ASSERT_FALSE(other_unit);
  EXPECT_EQ(other_unit.error().code, ErrorCode::kNotFound) << "another unit's plan is not shown to exist";
  auto reviewer = reservations_->DrawLottery(As(city_reviewer_, kCutoff), lottery_);
  ASSERT_FALSE(reviewer);
  EXPECT_EQ(reviewer.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(Taken(lottery_), 0);
  EXPECT_TRUE(reservations_->DrawLottery(As(admin_, kCutoff), lottery_));
}

}  // namespace
}  // namespace sciweek::service
