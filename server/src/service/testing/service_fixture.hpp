#pragma once
// What the service tests share (included from *_test.cpp only): a fresh SQLite database with
// the migrations, the services wired as `sciweek serve` wires them (visitor messages on, as
// with an SMS provider; no SMS codes or data key, so no session here asks for them), a
// campaign of 2031 with two districts and their units, the people who act on it, and readers
// of what the services wrote — places taken, outbox rows, audit entries — so a test asserts
// on the rows, not on what the service says it did.
//
// The week is 2031-05-20 to 2031-05-26 (Shanghai); `ctx.now` is a parameter everywhere, so
// each test picks its moment and nothing depends on the clock.
//
// Units:  city (the organizer, files no table)
//         d1 (district) ── u1, u2        d2 (district) ── u3
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/activity.hpp"
#include "domain/activity_change.hpp"
#include "domain/report.hpp"
#include "domain/reservation.hpp"
#include "domain/review.hpp"
#include "domain/user.hpp"
#include "domain/visitor_message.hpp"
#include "service/activities/activity_service.hpp"
#include "service/activities/public_catalog.hpp"
#include "service/campaigns/campaign_service.hpp"
#include "service/reporting/report_service.hpp"
#include "service/reservations/reservation_service.hpp"
#include "service/reservations/ticket_signer.hpp"
#include "service/support/context.hpp"
#include "service/support/file_store.hpp"
#include "service/units/org_service.hpp"
#include "service/visitors/visitor_messages.hpp"
#include "store/activity_store.hpp"
#include "store/audit_store.hpp"
#include "store/campaign_store.hpp"
#include "store/db.hpp"
#include "store/message_store.hpp"
#include "store/migrations.hpp"
#include "store/reservation_store.hpp"

// Failures print the names of statuses and codes, not their bytes.
namespace sciweek::core {
inline void PrintTo(ErrorCode c, std::ostream* os) { *os << CodeName(c); }
}  // namespace sciweek::core
namespace sciweek::domain {
inline void PrintTo(ReservationStatus s, std::ostream* os) { *os << ReservationStatusName(s); }
inline void PrintTo(ReportStatus s, std::ostream* os) { *os << ReportStatusName(s); }
inline void PrintTo(ActivityChangeStatus s, std::ostream* os) { *os << ActivityChangeStatusName(s); }
inline void PrintTo(MessageKind k, std::ostream* os) { *os << MessageKindName(k); }
inline void PrintTo(ReviewLevel l, std::ostream* os) { *os << "level '" << ReviewLevelName(l) << "'"; }
}  // namespace sciweek::domain

namespace sciweek::service {

inline constexpr int kYear = 2031;

inline core::UnixTime At(const char* text) { return *core::ParseDateTime(text); }

inline domain::Principal Person(const std::string& login, domain::Role role, const std::string& org,
                                bool district_reviewer = false) {
  domain::Principal p;
  p.login = login;
  p.name = login;
  p.role = role;
  p.org_code = org;
  p.district_reviewer = district_reviewer;
  return p;
}

class ServiceTest : public ::testing::Test {
 protected:
  // Before the week: plans are filed, tickets booked.
  const core::UnixTime kBefore = At("2031-05-10T09:00:00+08:00");

  const domain::Principal admin_ = Person("admin", domain::Role::kAdmin, "city");
  const domain::Principal city_reviewer_ = Person("city-rev", domain::Role::kReviewer, "city");
  const domain::Principal d1_reviewer_ = Person("d1-rev", domain::Role::kReviewer, "d1", true);
  const domain::Principal d2_reviewer_ = Person("d2-rev", domain::Role::kReviewer, "d2", true);
  const domain::Principal u1_ = Person("u1-rep", domain::Role::kReporter, "u1");
  const domain::Principal u2_ = Person("u2-rep", domain::Role::kReporter, "u2");
  const domain::Principal u1_checkin_ = Person("u1-gate", domain::Role::kCheckin, "u1");

  void SetUp() override {
    const auto& seeded = Seeded();
    ASSERT_TRUE(seeded.error.empty()) << seeded.error;
    dir_ = std::filesystem::temp_directory_path() / ("sciweek-service-test-" + core::RandomToken(6));
    std::filesystem::create_directories(dir_);
    std::filesystem::copy_file(seeded.db, dir_ / "t.db");
    auto db = store::Db::Open("sqlite:" + (dir_ / "t.db").string(), 2);
    ASSERT_TRUE(db) << db.error().internal;
    db_ = std::move(*db);

    VisitorMessageSettings settings;
    settings.sms = true;  // so the outbox rows each rule writes can be read back
    settings.public_base_url = "https://kejizhou.example.org.cn";
    messages_ = std::make_unique<VisitorMessages>(settings);
    files_ = std::make_unique<FileStore>(*db_, (dir_ / "files").string(), FileHome::kDirectory);
    catalog_ = std::make_unique<PublicCatalog>(*db_);
    TicketKeySource keys;
    keys.dir = (dir_ / "keys").string();
    signer_ = std::make_unique<TicketSigner>(keys);
    ASSERT_TRUE(signer_->Load());
    activities_ = std::make_unique<ActivityService>(*db_, *files_, *catalog_, messages_.get());
    reports_ = std::make_unique<ReportService>(*db_);
    reservations_ = MakeReservations({});
  }

  void TearDown() override {
    reservations_.reset();
    activities_.reset();
    reports_.reset();
    signer_.reset();
    catalog_.reset();
    files_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  // The per-address limit is off: every test request comes from one address.
  std::unique_ptr<ReservationService> MakeReservations(ReservationLimits limits) {
    limits.per_ip_per_minute = 0;
    return std::make_unique<ReservationService>(*db_, *signer_, *catalog_, limits, messages_.get());
  }

  static Ctx As(const domain::Principal& p, core::UnixTime now) {
    Ctx ctx;
    ctx.principal = &p;
    ctx.request_id = "test";
    ctx.ip = "192.0.2.1";
    ctx.now = now;
    return ctx;
  }
  static Ctx Visitor(core::UnixTime now) {
    Ctx ctx;
    ctx.request_id = "test";
    ctx.ip = "192.0.2.1";
    ctx.now = now;
    return ctx;
  }
  static domain::ReservationInput Booking(const std::string& phone, int party_size = 1) {
    return {"张三", phone, party_size, "", "", ""};
  }

  // An offline plan of u1 in d1 with sessions of `capacities` on the week's second day,
  // 10:00 and then hourly (each 50 minutes long).
  static domain::Activity Plan(const std::vector<int>& capacities) {
    domain::Activity a;
    a.title = "观星之夜";
    a.category = "科普基地活动";
    a.mode = "offline";
    a.district_code = "d1";
    a.venue = "天文馆";
    a.address = "西直门外大街138号";
    a.description = "看星星";
    a.starts_at = At("2031-05-21T09:00:00+08:00");
    a.ends_at = At("2031-05-21T22:00:00+08:00");
    for (size_t i = 0; i < capacities.size(); ++i) {
      domain::Session s;
      s.starts_at = At("2031-05-21T10:00:00+08:00") + static_cast<long long>(i) * 3600;
      s.ends_at = s.starts_at + 50 * 60;
      s.capacity = capacities[i];
      a.sessions.push_back(s);
    }
    return a;
  }

  // Filed by u1's reporter, approved by the admin (one review level): live on the calendar.
  domain::Activity Publish(const domain::Activity& plan) {
    auto created = activities_->Create(As(u1_, kBefore), kYear, plan, "");
    EXPECT_TRUE(created) << created.error().message;
    if (!created) return {};
    const long long id = created->activity.id;
    auto submitted = activities_->Submit(As(u1_, kBefore), id);
    EXPECT_TRUE(submitted) << submitted.error().message;
    auto approved = activities_->Approve(As(admin_, kBefore), id);
    EXPECT_TRUE(approved) << approved.error().message;
    return approved ? approved->activity : domain::Activity{};
  }

  // The campaign's review levels (1 or 2) for reports and for activities.
  void SetReviewLevels(int reports, int activities) {
    auto c = *db_->Read<domain::Campaign>(
        [&](store::Tx& tx) -> core::Result<domain::Campaign> { return *store::CampaignStore::Find(tx, kYear); });
    c.report_review_levels = reports;
    c.activity_review_levels = activities;
    auto updated = CampaignService(*db_).Update(As(admin_, kBefore), c);
    ASSERT_TRUE(updated) << updated.error().message;
  }

  // Reads of what the services wrote.
  // Places held in the session (a removed one too).
  int Taken(long long session_id) {
    return *db_->Read<int>([&](store::Tx& tx) -> core::Result<int> {
      auto s = store::ReservationStore::LoadSession(tx, session_id);
      return s ? s->session.taken : -1;
    });
  }
  store::ReservationRow Row(long long reservation_id) {
    return *db_->Read<store::ReservationRow>([&](store::Tx& tx) -> core::Result<store::ReservationRow> {
      auto r = store::ReservationStore::Find(tx, reservation_id);
      if (!r) return core::Error::NotFound();
      return *r;
    });
  }
  // Every reservation of the session, by id.
  std::vector<store::ReservationRow> Rows(long long session_id) {
    return *db_->Read<std::vector<store::ReservationRow>>(
        [&](store::Tx& tx) -> core::Result<std::vector<store::ReservationRow>> {
          return store::ReservationStore::ForSession(tx, session_id);
        });
  }
  domain::Activity Stored(long long activity_id) {
    return *db_->Read<domain::Activity>([&](store::Tx& tx) -> core::Result<domain::Activity> {
      auto a = store::ActivityStore::Find(tx, activity_id);
      if (!a) return core::Error::NotFound();
      return *a;
    });
  }
  // The session's outbox, oldest first.
  std::vector<store::MessageRow> Outbox(long long session_id) {
    auto rows =
        *db_->Read<std::vector<store::MessageRow>>([&](store::Tx& tx) -> core::Result<std::vector<store::MessageRow>> {
          return store::MessageStore::ForSession(tx, session_id, 1000, 0);
        });
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return rows;
  }
  std::vector<store::MessageRow> OutboxOf(long long session_id, domain::MessageKind kind) {
    std::vector<store::MessageRow> out;
    for (auto& m : Outbox(session_id))
      if (m.kind == kind) out.push_back(std::move(m));
    return out;
  }
  // Audit entries of one action, oldest first.
  std::vector<store::AuditEntry> Audited(const std::string& action) {
    auto rows =
        *db_->Read<std::vector<store::AuditEntry>>([&](store::Tx& tx) -> core::Result<std::vector<store::AuditEntry>> {
          store::AuditFilter f;
          f.action = action;
          f.limit = 1000;
          long long total = 0;
          return store::AuditStore::List(tx, f, &total);
        });
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return rows;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<VisitorMessages> messages_;
  std::unique_ptr<FileStore> files_;
  std::unique_ptr<PublicCatalog> catalog_;
  std::unique_ptr<TicketSigner> signer_;
  std::unique_ptr<ActivityService> activities_;
  std::unique_ptr<ReportService> reports_;
  std::unique_ptr<ReservationService> reservations_;

 private:
  // Migrating and seeding cost some twenty committed (synced) transactions: they run once per
  // process, into a database each test starts from a copy of.
  struct SeededDb {
    std::filesystem::path dir, db;
    std::string error;  // why it could not be made
    SeededDb() {
      dir = std::filesystem::temp_directory_path() / ("sciweek-service-seed-" + core::RandomToken(6));
      db = dir / "seeded.db";
      std::filesystem::create_directories(dir);
      auto opened = store::Db::Open("sqlite:" + (dir / "build.db").string(), 1);
      if (!opened) {
        error = opened.error().internal;
        return;
      }
      if (!store::Migrate(**opened)) error = "migrations";
      if (error.empty()) error = SeedOrgsAndCampaign(**opened);
      // One file, no WAL beside it: what a plain copy carries whole.
      if (error.empty())
        if (auto copied = (*opened)->BackupTo(db.string()); !copied) error = copied.error().internal;
    }
    ~SeededDb() { std::filesystem::remove_all(dir); }
  };
  static const SeededDb& Seeded() {
    static const SeededDb seeded;
    return seeded;
  }

  // The units and the open campaign every test starts with; an empty string when done.
  static std::string SeedOrgsAndCampaign(store::Db& db) {
    const auto admin_person = Person("admin", domain::Role::kAdmin, "city");
    const Ctx admin = As(admin_person, At("2031-05-10T09:00:00+08:00"));
    OrgService orgs(db);
    auto unit = [](const char* code, const char* name, domain::OrgType type, const char* parent, bool reports) {
      domain::OrgUnit u;
      u.code = code;
      u.name = name;
      u.type = type;
      u.parent_code = parent;
      u.reports_expected = reports;
      return u;
    };
    for (const auto& u : {unit("city", "市科协", domain::OrgType::kOther, "", false),
                          unit("d1", "海淀区", domain::OrgType::kDistrict, "", true),
                          unit("d2", "朝阳区", domain::OrgType::kDistrict, "", true),
                          unit("u1", "天文馆", domain::OrgType::kScienceBase, "d1", true),
                          unit("u2", "科技馆", domain::OrgType::kScienceBase, "d1", true),
                          unit("u3", "植物园", domain::OrgType::kScienceBase, "d2", true)}) {
      if (auto made = orgs.Create(admin, u); !made) return u.code + ": " + made.error().message;
    }
    CampaignService campaigns(db);
    domain::Campaign c;
    c.year = kYear;
    c.edition = 37;
    c.name = "2031年科技周";
    c.theme = "科技创造未来";
    c.start_date = "2031-05-20";
    c.end_date = "2031-05-26";
    c.report_deadline = At("2031-06-10T18:00:00+08:00");
    c.max_party_size = 4;
    c.offer_minutes = 60;
    if (auto made = campaigns.Create(admin, c); !made) return made.error().message;
    c.status = domain::CampaignStatus::kOpen;
    if (auto opened = campaigns.Update(admin, c); !opened) return opened.error().message;
    return {};
  }
};

}  // namespace sciweek::service
