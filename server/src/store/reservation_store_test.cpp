// Places move with statuses: a status change that does not apply (the row changed under us,
// as a concurrent cancel does on PostgreSQL) must not keep the seats it took (issue 14).
#include "store/reservation_store.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <filesystem>

#include "core/crypto.hpp"
#include "store/activity_store.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"

namespace sciweek::store {
namespace {

using domain::ReservationStatus;
using Move = ReservationStore::PlacesMove;

class ReservationPlacesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sciweek-places-test-" + core::RandomToken(6));
    std::filesystem::create_directories(dir_);
    auto db = Db::Open("sqlite:" + (dir_ / "t.db").string(), 2);
    ASSERT_TRUE(db) << db.error().internal;
    db_ = std::move(*db);
    ASSERT_TRUE(Migrate(*db_)) << "migrations";
    auto made = db_->Write<bool>([&](Tx& tx) -> core::Result<bool> {
      tx.sql()
          << "INSERT INTO org_units (code, name, type, created_at, updated_at) VALUES ('d', '区', 'district', 0, 0)";
      tx.sql()
          << "INSERT INTO campaigns (year, edition, name, theme, start_date, end_date, report_deadline, status, "
             "created_at, updated_at) VALUES (2031, 37, '科技周', '主题', '2031-05-20', '2031-05-27', 0, 'open', 0, 0)";
      tx.sql() << "INSERT INTO activities (campaign_year, lead_org, title, category, mode, district_code, starts_at, "
                  "ends_at, status, created_at, created_by, updated_at, updated_by) VALUES (2031, 'd', '活动', 'x', "
                  "'offline', 'd', 0, 1, 'approved', 0, 't', 0, 't')";
      tx.sql() << "INSERT INTO sessions (activity_id, starts_at, ends_at, capacity) VALUES (1, 0, 1, 3)";
      return true;
    });
    ASSERT_TRUE(made) << made.error().internal;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

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

  std::filesystem::path dir_;
  std::unique_ptr<Db> db_;
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
