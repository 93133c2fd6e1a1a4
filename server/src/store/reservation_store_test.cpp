// Places move with statuses: a status change that does not apply (the row changed under us,
// as a concurrent cancel does on PostgreSQL) must not keep the seats it took (issue 14).
#include "store/reservation_store.hpp"

#include <gtest/gtest.h>

#include "store/testing/store_fixture.hpp"

#include "store/activity_store.hpp"

namespace sciweek::store {
namespace {

using domain::ReservationStatus;
using Move = ReservationStore::PlacesMove;

class ReservationPlacesTest : public testing::StoreTest {
 protected:
  void Seed(Tx& tx) override { AddActivityWithSession(tx); }

  ReservationRow Add(ReservationStatus status, int party_size, const std::string& phone) {
    auto row = db_->Write<ReservationRow>([&](Tx& tx) -> core::Result<ReservationRow> {
      ReservationRow r;
      r.session_id = 1;
      r.ticket_no = "TICKET" + phone;
      r.name = "访客";
      r.phone = phone;
      r.party_size = party_size;
      r.status = status;
      r.day = "2031-05-20";
      auto id = ReservationStore::Insert(tx, r);
      if (!id) return core::Error::Internal("insert");
      r.id = *id;
      return r;
    });
    EXPECT_TRUE(row);
    return *row;
  }
  Move MoveToOffered(const ReservationRow& stale) {
    auto m = db_->Write<Move>([&](Tx& tx) -> core::Result<Move> {
      return ReservationStore::MoveTakingPlaces(tx, stale, ReservationStatus::kWaiting, ReservationStatus::kOffered, 10,
                                                100);
    });
    EXPECT_TRUE(m);
    return *m;
  }
  int Taken() {
    auto s = db_->Read<int>([](Tx& tx) -> core::Result<int> {
      auto found = ActivityStore::FindSession(tx, 1);
      return found ? found->taken : -1;
    });
    return s ? *s : -1;
  }
  ReservationStatus StatusOf(long long id) {
    auto r = db_->Read<ReservationStatus>(
        [&](Tx& tx) -> core::Result<ReservationStatus> { return ReservationStore::Find(tx, id)->status; });
    return *r;
  }
};

TEST_F(ReservationPlacesTest, AMoveThatAppliesTakesThePlacesWithIt) {
  auto waiting = Add(ReservationStatus::kWaiting, 2, "13800000001");
  EXPECT_EQ(MoveToOffered(waiting), Move::kMoved);
  EXPECT_EQ(StatusOf(waiting.id), ReservationStatus::kOffered);
  EXPECT_EQ(Taken(), 2);
}

TEST_F(ReservationPlacesTest, AMoveOnARowThatChangedKeepsNoSeats) {
  // Read as waiting, then cancelled by someone else before the move: what the caller holds is stale.
  auto stale = Add(ReservationStatus::kWaiting, 2, "13800000002");
  ASSERT_TRUE(db_->Write<bool>([&](Tx& tx) -> core::Result<bool> {
    return ReservationStore::Transition(tx, stale.id, ReservationStatus::kWaiting, ReservationStatus::kCancelled, 5);
  }));
  EXPECT_EQ(MoveToOffered(stale), Move::kRowChanged);
  EXPECT_EQ(StatusOf(stale.id), ReservationStatus::kCancelled);
  EXPECT_EQ(Taken(), 0) << "the places taken for a move that did not apply went back";
}

TEST_F(ReservationPlacesTest, NoRoomMovesNothing) {
  auto big = Add(ReservationStatus::kWaiting, 4, "13800000003");  // capacity is 3
  EXPECT_EQ(MoveToOffered(big), Move::kNoRoom);
  EXPECT_EQ(StatusOf(big.id), ReservationStatus::kWaiting);
  EXPECT_EQ(Taken(), 0);
}

}  // namespace
}  // namespace sciweek::store
