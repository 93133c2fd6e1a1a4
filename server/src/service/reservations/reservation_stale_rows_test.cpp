// Issue 14: a status move that did not apply — the row changed between the service reading it
// and moving it, as a visitor's cancel does on PostgreSQL — must neither keep seats nor free
// them twice, and must tell nobody. store/reservation_store_test.cpp shows the store's half
// (MoveTakingPlaces gives its places back); these show that each service caller checks the
// answer and goes on correctly.
//
// SQLite serializes writers, so the concurrent writer is played by a trigger inside the
// service's own transaction: it changes the row at the exact moment the service has already
// read it (after the places were taken, or after the first of several rows was moved). Where
// nothing is written between the read and the move, a BEFORE trigger's RAISE(IGNORE) makes
// the conditional UPDATE match no row — what `WHERE status = :from` does after a concurrent
// change.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "service/reservations/reservation_service.hpp"
#include "service/testing/service_fixture.hpp"

namespace sciweek::service {
namespace {

using core::ErrorCode;
using domain::MessageKind;
using domain::ReservationStatus;

class ReservationStaleRowTest : public ServiceTest {
 protected:
  void Sql(const std::string& statement) {
    auto done = db_->Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
      tx.sql() << statement;
      return true;
    });
    ASSERT_TRUE(done) << statement;
  }
  core::Result<Ticket> Reserve(long long session, const std::string& phone, int party) {
    return reservations_->Reserve(Visitor(kBefore), session, Booking(phone, party));
  }
  core::Result<Ticket> Wait(long long session, const std::string& phone, int party) {
    return reservations_->JoinWaitlist(Visitor(kBefore), session, Booking(phone, party));
  }
  // `taken` is what the rows holding places add up to — the invariant every move keeps.
  void ExpectTakenMatchesRows(long long session) {
    int held = 0;
    for (const auto& r : Rows(session))
      if (domain::HoldsPlaces(r.status)) held += r.party_size;
    EXPECT_EQ(Taken(session), held) << "sessions.taken against the rows that hold places";
  }
};

TEST_F(ReservationStaleRowTest, AnOfferToAHeadCancelledMeanwhileGoesToTheNextInLine) {
  const long long s = Publish(Plan({3})).sessions.at(0).id;
  auto holder = Reserve(s, "13800000001", 3);
  auto head = Wait(s, "13800000002", 3);
  auto next = Wait(s, "13800000003", 3);
  ASSERT_TRUE(holder && head && next);
  // The head cancels while its offer is being made: after the places were taken for it.
  Sql("CREATE TRIGGER head_cancels AFTER UPDATE OF taken ON sessions WHEN NEW.taken > OLD.taken AND "
      "(SELECT status FROM reservations WHERE id = " +
      std::to_string(head->row.id) + ") = 'waiting' BEGIN UPDATE reservations SET status = 'cancelled' WHERE id = " +
      std::to_string(head->row.id) + "; END");

  ASSERT_TRUE(reservations_->Cancel(Visitor(kBefore + 60), holder->code, holder->row.phone));
  EXPECT_EQ(Row(head->row.id).status, ReservationStatus::kCancelled);
  EXPECT_EQ(Row(next->row.id).status, ReservationStatus::kOffered) << "the places passed on, not kept";
  EXPECT_EQ(Taken(s), 3);
  ExpectTakenMatchesRows(s);
  const auto offers = OutboxOf(s, MessageKind::kOffered);
  ASSERT_EQ(offers.size(), 1u) << "the cancelled head is offered nothing";
  EXPECT_EQ(offers[0].reservation_id, next->row.id);
}

TEST_F(ReservationStaleRowTest, AnApplicationWithdrawnDuringTheDrawNeitherWinsNorKeepsPlaces) {
  auto plan = Plan({10});
  const core::UnixTime cutoff = At("2031-05-15T20:00:00+08:00");
  plan.sessions[0].high_demand = true;
  plan.sessions[0].lottery_cutoff = cutoff;
  const long long s = Publish(plan).sessions.at(0).id;
  auto gone = Reserve(s, "13800000001", 2);
  auto y = Reserve(s, "13800000002", 3);
  auto z = Reserve(s, "13800000003", 1);
  ASSERT_TRUE(gone && y && z);
  // Whichever applicant the shuffle draws first, the withdrawal lands once the draw has read
  // the applicants: `gone` is stale in the service's list from then on.
  Sql("CREATE TRIGGER withdrawn AFTER UPDATE OF taken ON sessions WHEN NEW.taken > OLD.taken AND "
      "(SELECT status FROM reservations WHERE id = " +
      std::to_string(gone->row.id) + ") = 'applied' BEGIN UPDATE reservations SET status = 'cancelled' WHERE id = " +
      std::to_string(gone->row.id) + "; END");

  auto drawn = reservations_->DrawLottery(As(u1_, cutoff), s);
  ASSERT_TRUE(drawn) << drawn.error().message;
  EXPECT_EQ(drawn->applicants, 3);
  EXPECT_EQ(drawn->winners, 2);
  EXPECT_EQ(drawn->waiting, 0);
  EXPECT_EQ(Row(gone->row.id).status, ReservationStatus::kCancelled);
  EXPECT_EQ(Taken(s), 4) << "3 + 1: the withdrawn application's 2 places went back";
  ExpectTakenMatchesRows(s);
  for (const auto& m : Outbox(s)) EXPECT_NE(m.reservation_id, gone->row.id) << "told nothing";
}

TEST_F(ReservationStaleRowTest, AnOfferCancelledWhileTheSweepExpiresItIsReleasedOnce) {
  const long long s = Publish(Plan({4})).sessions.at(0).id;
  auto holder = Reserve(s, "13800000001", 4);
  auto o1 = Wait(s, "13800000002", 2);
  auto o2 = Wait(s, "13800000003", 2);
  ASSERT_TRUE(holder && o1 && o2);
  const core::UnixTime now = kBefore + 60;
  ASSERT_TRUE(reservations_->Cancel(Visitor(now), holder->code, holder->row.phone));
  ASSERT_EQ(Row(o2->row.id).status, ReservationStatus::kOffered);
  // The sweep read both lapsed offers; as it expires the first, the second's visitor cancels
  // it (and frees its places, as ReservationService::Cancel does).
  Sql("CREATE TRIGGER o2_cancels AFTER UPDATE OF status ON reservations WHEN NEW.id = " + std::to_string(o1->row.id) +
      " AND NEW.status = 'expired' BEGIN UPDATE reservations SET status = 'cancelled' WHERE id = " +
      std::to_string(o2->row.id) + "; UPDATE sessions SET taken = taken - 2 WHERE id = " + std::to_string(s) + "; END");

  reservations_->SweepExpiredOffers(now + 3600 + 1);
  EXPECT_EQ(Row(o1->row.id).status, ReservationStatus::kExpired);
  EXPECT_EQ(Row(o2->row.id).status, ReservationStatus::kCancelled);
  EXPECT_EQ(Taken(s), 0) << "the cancelled offer's places are not released a second time";
  ExpectTakenMatchesRows(s);
  const auto expired = OutboxOf(s, MessageKind::kOfferExpired);
  ASSERT_EQ(expired.size(), 1u) << "only the offer that did expire is announced";
  EXPECT_EQ(expired[0].reservation_id, o1->row.id);
}

TEST_F(ReservationStaleRowTest, ACancelWhoseMoveDidNotApplyFreesNothing) {
  const long long s = Publish(Plan({3})).sessions.at(0).id;
  auto t = Reserve(s, "13800000001", 2);
  ASSERT_TRUE(t);
  Sql("CREATE TRIGGER lost_race BEFORE UPDATE OF status ON reservations WHEN OLD.id = " + std::to_string(t->row.id) +
      " AND NEW.status = 'cancelled' BEGIN SELECT RAISE(IGNORE); END");

  auto r = reservations_->Cancel(Visitor(kBefore + 60), t->code, t->row.phone);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Row(t->row.id).status, ReservationStatus::kConfirmed);
  EXPECT_EQ(Taken(s), 2) << "a ticket still confirmed keeps its places";
  ExpectTakenMatchesRows(s);
  EXPECT_TRUE(Audited("reservation.cancelled").empty());
}

}  // namespace
}  // namespace sciweek::service
