// Places move with statuses: a status change that does not apply (the row changed under us,
// as a concurrent cancel does on PostgreSQL) must not keep the seats it took (issue 14). A
// first-come write checks the phone as it takes, leaves freed places to the line, and writes
// its row and audit entry only when it took.
#include "store/reservation_store.hpp"

#include <gtest/gtest.h>

#include "store/testing/store_fixture.hpp"

#include "store/activity_store.hpp"
#include "store/audit_store.hpp"

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

// A first-come reservation's write, as the service makes it: the row numbered by the id its
// session's load gave, an audit entry naming it, and a rollback when it was not taken.
TakenPlaces TakeAndInsert(Db& db, int n, const std::string& phone, const TakeRules& rules = {}) {
  TakenPlaces out;
  auto r = db.Write<bool>([&](Tx& tx) -> core::Result<bool> {
    ReservationRow row;
    row.id = ReservationStore::LoadSessionHoldingPhone(tx, 1, phone)->next_id;
    row.session_id = 1;
    row.ticket_no = "TAKE" + phone;
    row.name = "访客";
    row.phone = phone;
    row.party_size = n;
    row.day = "2031-05-20";
    AuditEntry entry;
    entry.action = "reservation.created";
    entry.entity_type = "session";
    entry.entity_id = "1";
    entry.after = {{"id", row.id}, {"phone", phone}};
    out = ReservationStore::TakeAndInsert(tx, row, 0, rules, entry, true);
    if (!out.taken) return core::Error::Conflict("refused");
    return true;
  });
  EXPECT_EQ(r.has_value(), out.taken);
  return out;
}
TEST_F(ReservationPlacesTest, ATakeReadsThePhonesChecksAsPrecheckDoes) {
  Add(ReservationStatus::kConfirmed, 1, "13800000004");
  auto took = TakeAndInsert(*db_, 1, "13800000004");
  auto pre = db_->Read<ReservePrecheck>(
      [](Tx& tx) -> core::Result<ReservePrecheck> { return ReservationStore::Precheck(tx, 1, "13800000004", 0, ""); });
  ASSERT_TRUE(pre);
  EXPECT_TRUE(took.checks.phone_live_here);
  EXPECT_EQ(took.checks.phone_recent, 1);
  EXPECT_EQ(took.checks.phone_live_here, pre->phone_live_here);
  EXPECT_EQ(took.checks.phone_recent, pre->phone_recent);
  EXPECT_FALSE(took.checks.line_waiting);
  EXPECT_FALSE(took.taken) << "the phone holds a live reservation here already";
  EXPECT_EQ(Taken(), 0) << "refused: no place stays taken";
  auto other = TakeAndInsert(*db_, 2, "13800000005");
  EXPECT_FALSE(other.checks.phone_live_here);
  EXPECT_EQ(other.checks.phone_recent, 0);
  EXPECT_TRUE(other.taken);
  EXPECT_EQ(Taken(), 2);
}

TEST_F(ReservationPlacesTest, TheRulesRefuseInsideTheTake) {
  // A live reservation of the phone in another session counts towards its daily limit only.
  ASSERT_TRUE(db_->Write<bool>([&](Tx& tx) -> core::Result<bool> {
    tx.sql() << "INSERT INTO sessions (activity_id, starts_at, ends_at, capacity) VALUES (1, 0, 1, 3)";
    tx.sql() << "INSERT INTO reservations (session_id, ticket_no, name, phone, party_size, status, day, high_demand, "
                "created_at, updated_at) VALUES (2, 'ELSEWHERE', '访客', '13800000015', 1, 'confirmed', '2031-05-20', "
                "1, 0, 0)";
    return true;
  }));
  auto limited = TakeAndInsert(*db_, 1, "13800000015", {1, false});
  EXPECT_EQ(limited.checks.phone_recent, 1);
  EXPECT_FALSE(limited.taken) << "one a day";
  auto popular = TakeAndInsert(*db_, 1, "13800000015", {2, true});
  EXPECT_TRUE(popular.checks.phone_high_demand_day);
  EXPECT_FALSE(popular.taken) << "one high-demand session a day";
  EXPECT_EQ(Taken(), 0);
  EXPECT_TRUE(TakeAndInsert(*db_, 1, "13800000015", {2, false}).taken) << "within both rules";
  EXPECT_EQ(Taken(), 1);
}

TEST_F(ReservationPlacesTest, AFirstComeWriteInsertsItsRowAndEntryOnlyWhenItTakes) {
  auto entries = [&] {
    auto n = db_->Read<std::vector<AuditEntry>>([](Tx& tx) -> core::Result<std::vector<AuditEntry>> {
      AuditFilter f;
      f.action = "reservation.created";
      return AuditStore::List(tx, f, nullptr);
    });
    return n ? *n : std::vector<AuditEntry>{};
  };
  ASSERT_TRUE(TakeAndInsert(*db_, 2, "13800000012").taken);
  auto rows = db_->Read<std::vector<ReservationRow>>(
      [](Tx& tx) -> core::Result<std::vector<ReservationRow>> { return ReservationStore::ForSession(tx, 1); });
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1U);
  EXPECT_EQ(rows->front().status, ReservationStatus::kConfirmed);
  EXPECT_EQ(rows->front().party_size, 2);
  ASSERT_EQ(entries().size(), 1U);
  EXPECT_EQ(entries().front().after["id"], rows->front().id) << "the entry names the row it wrote";

  EXPECT_FALSE(TakeAndInsert(*db_, 2, "13800000013").taken) << "one place left";
  auto after = db_->Read<std::vector<ReservationRow>>(
      [](Tx& tx) -> core::Result<std::vector<ReservationRow>> { return ReservationStore::ForSession(tx, 1); });
  EXPECT_EQ(after->size(), 1U) << "nothing taken, nothing written";
  EXPECT_EQ(entries().size(), 1U);

  // A row the database numbers itself comes after the ones numbered beforehand.
  auto later = Add(ReservationStatus::kWaiting, 1, "13800000014");
  EXPECT_GT(later.id, rows->front().id);
}

TEST_F(ReservationPlacesTest, ATakeBeyondTheCapacityTakesNothing) {
  EXPECT_TRUE(TakeAndInsert(*db_, 2, "13800000006").taken);
  EXPECT_FALSE(TakeAndInsert(*db_, 2, "13800000007").taken);  // capacity is 3
  EXPECT_EQ(Taken(), 2);
}

TEST_F(ReservationPlacesTest, ATakeLeavesFreedPlacesToTheLine) {
  Add(ReservationStatus::kWaiting, 1, "13800000008");
  auto took = TakeAndInsert(*db_, 1, "13800000009");
  EXPECT_FALSE(took.taken);
  EXPECT_TRUE(took.checks.line_waiting) << "the answer says why, with no other read";
  EXPECT_EQ(Taken(), 0);
}

TEST_F(ReservationPlacesTest, EveryChangeOfThePlacesRaisesTheirVersion) {
  auto version = [&] {
    auto v = db_->Read<long long>([](Tx& tx) -> core::Result<long long> {
      auto s = ActivityStore::FindSession(tx, 1);
      return s ? s->seats_version : -1;
    });
    return v ? *v : -1;
  };
  const long long start = version();
  auto took = TakeAndInsert(*db_, 1, "13800000010");
  ASSERT_TRUE(took.taken);
  EXPECT_EQ(took.seats_version, start + 1) << "the take returns the version it made";
  EXPECT_EQ(took.remaining, 2);
  EXPECT_EQ(version(), start + 1);
  ASSERT_TRUE(db_->Write<bool>([](Tx& tx) -> core::Result<bool> { return ReservationStore::TryTake(tx, 1, 1); }));
  EXPECT_EQ(version(), start + 2);
  ASSERT_TRUE(db_->Write<bool>([](Tx& tx) -> core::Result<bool> {
    ReservationStore::Release(tx, 1, 2);
    return true;
  }));
  EXPECT_EQ(version(), start + 3);
  EXPECT_FALSE(TakeAndInsert(*db_, 4, "13800000011").taken);  // capacity is 3
  EXPECT_EQ(version(), start + 3) << "a take that did not happen changes nothing";
}

}  // namespace
}  // namespace sciweek::store
