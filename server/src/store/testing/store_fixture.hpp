#pragma once
// A store test's database: a migrated SQLite file in a temporary folder of its own, removed
// after the test, holding the rows store tests hang theirs on (unit 'd', campaign 2031).
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <filesystem>
#include <memory>

#include "core/crypto.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"

namespace sciweek::store::testing {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sciweek-store-test-" + core::RandomToken(6));
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
      Seed(tx);
      return true;
    });
    ASSERT_TRUE(made) << made.error().internal;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  // The test's own rows, written in the same transaction after the unit and the campaign.
  virtual void Seed(Tx& tx) {}

  // Activity 1 of unit 'd', approved, with session 1 of 3 places.
  static void AddActivityWithSession(Tx& tx) {
    tx.sql() << "INSERT INTO activities (campaign_year, lead_org, title, category, mode, district_code, starts_at, "
                "ends_at, status, created_at, created_by, updated_at, updated_by) VALUES (2031, 'd', '活动', 'x', "
                "'offline', 'd', 0, 1, 'approved', 0, 't', 0, 't')";
    tx.sql() << "INSERT INTO sessions (activity_id, starts_at, ends_at, capacity) VALUES (1, 0, 1, 3)";
  }

  std::filesystem::path dir_;
  std::unique_ptr<Db> db_;
};

}  // namespace sciweek::store::testing
