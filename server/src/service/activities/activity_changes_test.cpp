// Changing a published activity (service/activities/activity_changes.cpp, decision 0017), on a real
// database: what applies at once and what waits for review, what approval does to sessions
// and tickets (moved, resized, removed; displaced tickets cancelled only with consent, newest
// first; raised capacity offered to the line), what each holder is told (outbox rows), and
// who may decide, withdraw or replace a change. The wire is the API suite's
// (tests/api/activity_changes_test.cpp); these check the rows each rule writes.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "service/activities/activity_service.hpp"
#include "service/testing/service_fixture.hpp"
#include "store/activity_change_store.hpp"

namespace sciweek::service {
namespace {

using core::ErrorCode;
using domain::ActivityChangeStatus;
using domain::MessageKind;
using domain::ReservationStatus;

class ActivityChangesTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    id_ = Publish(Plan({5, 5})).id;
    ASSERT_NE(id_, 0);
  }

  // The published plan as the lead unit would send it back with its edits.
  domain::Activity Current() { return Stored(id_); }
  core::Result<ActivityView> Edit(const domain::Activity& plan, const std::string& reason = "",
                                  bool cancel_reservations = false) {
    return activities_->Update(As(u1_, kBefore), id_, plan, Current().version, {reason, cancel_reservations});
  }
  // Proposes `plan` and returns the waiting change's id (0 when none was made).
  long long Propose(const domain::Activity& plan, const std::string& reason = "暴雨改期",
                    bool cancel_reservations = false) {
    auto r = Edit(plan, reason, cancel_reservations);
    EXPECT_TRUE(r) << r.error().message;
    return r && r->pending_change ? r->pending_change->id : 0;
  }
  core::Result<ActivityView> Decide(long long change, const domain::Principal& who,
                                    domain::ReviewAction action = domain::ReviewAction::kApprove,
                                    const std::string& reason = "") {
    return activities_->DecideChange(As(who, kBefore + 3600), id_, change, action, reason);
  }
  store::ActivityChangeRow Change(long long change_id) {
    return *db_->Read<store::ActivityChangeRow>([&](store::Tx& tx) -> core::Result<store::ActivityChangeRow> {
      return *store::ActivityChangeStore::Find(tx, change_id);
    });
  }
  Ticket Book(long long session, const std::string& phone, int party = 1) {
    auto t = reservations_->Reserve(Visitor(kBefore), session, Booking(phone, party));
    EXPECT_TRUE(t) << t.error().message;
    return t ? *t : Ticket{};
  }
  std::vector<long long> RecipientsOf(long long session, MessageKind kind) {
    std::vector<long long> ids;
    for (const auto& m : OutboxOf(session, kind)) ids.push_back(m.reservation_id.value_or(0));
    return ids;
  }

  long long id_ = 0;
};

TEST_F(ActivityChangesTest, WhatVisitorsReadAppliesAtOnceWithoutReview) {
  const long long s = Current().sessions[0].id;
  Book(s, "13800000001");
  auto plan = Current();
  plan.description = "看星星，也看月亮";
  plan.contact_name = "李老师";
  plan.audience = {"亲子家庭"};
  auto r = Edit(plan);  // no reason needed
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->pending_change);
  const auto stored = Current();
  EXPECT_EQ(stored.description, "看星星，也看月亮");
  EXPECT_EQ(stored.contact_name, "李老师");
  EXPECT_EQ(stored.audience, std::vector<std::string>{"亲子家庭"});
  EXPECT_EQ(stored.version, plan.version + 1);
  ASSERT_EQ(Audited("activity.edited").size(), 1u);
  EXPECT_TRUE(Audited("activity.change_proposed").empty());
  EXPECT_EQ(Outbox(s).size(), 1u) << "only the booking's confirmation: holders are not told of a new description";
}

TEST_F(ActivityChangesTest, AMoveWaitsForReviewWithItsReasonWhileThePublishedPlanStaysLive) {
  const auto before = Current();
  const long long s = before.sessions[0].id;
  Book(s, "13800000001");
  auto plan = before;
  plan.sessions[0].starts_at += 1800;
  plan.sessions[0].ends_at += 1800;
  plan.description = "推迟半小时";

  auto no_reason = Edit(plan, "  ");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().details.at(0).field, "change_reason");
  EXPECT_EQ(Current().description, before.description) << "a refused edit applies nothing, not even the description";

  const long long change = Propose(plan, "暴雨改期");
  ASSERT_NE(change, 0);
  const auto live = Current();
  EXPECT_EQ(live.sessions[0].starts_at, before.sessions[0].starts_at) << "unchanged until approval";
  EXPECT_EQ(live.description, "推迟半小时") << "the harmless part applied at once";
  const auto row = Change(change);
  EXPECT_EQ(row.status, ActivityChangeStatus::kPending);
  EXPECT_EQ(row.reason, "暴雨改期");
  const auto audit = Audited("activity.change_proposed");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].after["moved"], nlohmann::json::array({s}));
  EXPECT_EQ(audit[0].after["reason"], "暴雨改期");
  EXPECT_TRUE(OutboxOf(s, MessageKind::kSessionChanged).empty()) << "nobody is told before approval";
}

TEST_F(ActivityChangesTest, ApprovalMovesTheSessionKeepsItsTicketsAndTellsEachLiveHolder) {
  const auto before = Current();
  const long long s = before.sessions[0].id, other = before.sessions[1].id;
  const auto a = Book(s, "13800000001", 2);
  const auto b = Book(s, "13800000002");
  const auto gone = Book(s, "13800000003");
  ASSERT_TRUE(reservations_->Cancel(Visitor(kBefore + 10), gone.code, gone.row.phone));
  const auto elsewhere = Book(other, "13800000004");
  auto plan = before;
  plan.sessions[0].starts_at += 1800;
  plan.sessions[0].ends_at += 1800;
  const long long change = Propose(plan, "嘉宾航班延误");

  auto approved = Decide(change, admin_);
  ASSERT_TRUE(approved) << approved.error().message;
  EXPECT_FALSE(approved->pending_change);
  EXPECT_EQ(Current().sessions[0].starts_at, before.sessions[0].starts_at + 1800);
  EXPECT_EQ(Row(a.row.id).status, ReservationStatus::kConfirmed) << "a move keeps the ticket (its id is the session's)";
  EXPECT_EQ(Taken(s), 3);
  EXPECT_EQ(RecipientsOf(s, MessageKind::kSessionChanged), (std::vector<long long>{a.row.id, b.row.id}))
      << "each live holder once, the cancelled one not";
  EXPECT_NE(OutboxOf(s, MessageKind::kSessionChanged)[0].params.find("嘉宾航班延误"), std::string::npos);
  EXPECT_TRUE(OutboxOf(other, MessageKind::kSessionChanged).empty()) << "the other session did not move";
  EXPECT_EQ(Row(elsewhere.row.id).status, ReservationStatus::kConfirmed);

  const auto row = Change(change);
  EXPECT_EQ(row.status, ActivityChangeStatus::kApproved);
  EXPECT_EQ(row.affected.size(), 2u);
  ASSERT_EQ(Audited("activity.change_applied").size(), 1u);
  EXPECT_EQ(Audited("activity.change_applied")[0].after["moved_tickets"], 2);
  EXPECT_EQ(Audited("activity.change_approved").size(), 1u);
}

TEST_F(ActivityChangesTest, ANewVenueIsToldToTheHoldersOfEverySession) {
  const auto before = Current();
  const auto a = Book(before.sessions[0].id, "13800000001");
  const auto b = Book(before.sessions[1].id, "13800000002");
  auto plan = before;
  plan.venue = "天文馆新馆";
  const long long change = Propose(plan, "老馆停电");
  ASSERT_TRUE(Decide(change, admin_));
  EXPECT_EQ(Current().venue, "天文馆新馆");
  EXPECT_EQ(RecipientsOf(before.sessions[0].id, MessageKind::kSessionChanged), std::vector<long long>{a.row.id});
  EXPECT_EQ(RecipientsOf(before.sessions[1].id, MessageKind::kSessionChanged), std::vector<long long>{b.row.id});
}

TEST_F(ActivityChangesTest, RemovingASessionWithTicketsNeedsConsentThenCancelsThemWithTheReason) {
  const auto before = Current();
  const long long s = before.sessions[1].id;
  const auto a = Book(s, "13800000001", 3);
  const auto b = Book(s, "13800000002", 2);
  const auto waiting = reservations_->JoinWaitlist(Visitor(kBefore), s, Booking("13800000003"));
  ASSERT_TRUE(waiting);
  auto plan = before;
  plan.sessions.pop_back();

  auto without = Edit(plan, "讲解员生病");
  ASSERT_FALSE(without);
  EXPECT_EQ(without.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(without.error().details.at(0).field, "cancel_reservations");
  EXPECT_TRUE(Audited("activity.change_proposed").empty()) << "no change without consent";

  const long long change = Propose(plan, "讲解员生病", true);
  ASSERT_NE(change, 0);
  EXPECT_EQ(Audited("activity.change_proposed")[0].after["displaced_tickets"], 3) << "waiting tickets go too";
  EXPECT_EQ(Row(a.row.id).status, ReservationStatus::kConfirmed) << "nothing is cancelled before approval";

  ASSERT_TRUE(Decide(change, admin_));
  for (long long id : {a.row.id, b.row.id, waiting->row.id}) {
    EXPECT_EQ(Row(id).status, ReservationStatus::kCancelled);
    EXPECT_EQ(Row(id).cancel_reason, "讲解员生病");
  }
  EXPECT_EQ(Taken(s), 0) << "their places were freed";
  EXPECT_EQ(RecipientsOf(s, MessageKind::kSessionCancelled),
            (std::vector<long long>{a.row.id, b.row.id, waiting->row.id}));
  EXPECT_EQ(Current().sessions.size(), 1u);
  auto late = reservations_->Reserve(Visitor(kBefore + 7200), s, Booking("13800000009"));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kConflict) << "a removed session takes no reservation";
}

TEST_F(ActivityChangesTest, ACapacityCutCancelsTheNewestConfirmationsUntilTheRestFits) {
  const long long s = Current().sessions[0].id;
  const auto first = Book(s, "13800000001", 2);
  const auto second = Book(s, "13800000002", 2);
  const auto newest = Book(s, "13800000003", 1);
  auto plan = Current();
  plan.sessions[0].capacity = 3;
  const long long change = Propose(plan, "展厅缩小", true);
  ASSERT_TRUE(Decide(change, admin_));
  EXPECT_EQ(Row(first.row.id).status, ReservationStatus::kConfirmed) << "first come keeps its place";
  EXPECT_EQ(Row(second.row.id).status, ReservationStatus::kCancelled);
  EXPECT_EQ(Row(newest.row.id).status, ReservationStatus::kCancelled);
  EXPECT_EQ(Taken(s), 2);
  EXPECT_EQ(Current().sessions[0].capacity, 3);
  EXPECT_EQ(RecipientsOf(s, MessageKind::kSessionCancelled), (std::vector<long long>{second.row.id, newest.row.id}));
  EXPECT_TRUE(OutboxOf(s, MessageKind::kSessionChanged).empty()) << "those kept were not moved";
}

TEST_F(ActivityChangesTest, TicketsBookedAfterAProposalAreNotCancelledWithoutConsent) {
  const long long s = Current().sessions[0].id;
  auto plan = Current();
  plan.sessions[0].capacity = 2;
  const long long change = Propose(plan, "展厅缩小");  // nothing displaced yet: no consent asked
  ASSERT_NE(change, 0);
  const auto a = Book(s, "13800000001", 2);
  const auto b = Book(s, "13800000002", 2);

  auto r = Decide(change, admin_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Change(change).status, ActivityChangeStatus::kPending) << "the reviewer returns it";
  EXPECT_EQ(Current().sessions[0].capacity, 5);
  EXPECT_EQ(Row(a.row.id).status, ReservationStatus::kConfirmed);
  EXPECT_EQ(Row(b.row.id).status, ReservationStatus::kConfirmed);
  EXPECT_TRUE(OutboxOf(s, MessageKind::kSessionCancelled).empty());
}

TEST_F(ActivityChangesTest, ARaisedCapacityIsOfferedToTheWaitingList) {
  const long long s = Current().sessions[0].id;
  Book(s, "13800000001", 4);
  Book(s, "13800000002", 1);
  auto waiting = reservations_->JoinWaitlist(Visitor(kBefore), s, Booking("13800000003", 3));
  ASSERT_TRUE(waiting);
  auto plan = Current();
  plan.sessions[0].capacity = 8;
  ASSERT_TRUE(Decide(Propose(plan, "增加座位"), admin_));
  EXPECT_EQ(Row(waiting->row.id).status, ReservationStatus::kOffered);
  EXPECT_EQ(Taken(s), 8);
  EXPECT_EQ(RecipientsOf(s, MessageKind::kOffered), std::vector<long long>{waiting->row.id});
}

TEST_F(ActivityChangesTest, AReturnNeedsAReasonAndLeavesThePlan) {
  auto plan = Current();
  plan.sessions[0].capacity = 9;
  const long long change = Propose(plan);
  auto no_reason = Decide(change, admin_, domain::ReviewAction::kReturn, "");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().details.at(0).field, "reason");
  auto returned = Decide(change, admin_, domain::ReviewAction::kReturn, "名额超过场馆容量");
  ASSERT_TRUE(returned) << returned.error().message;
  EXPECT_EQ(Change(change).status, ActivityChangeStatus::kRejected);
  EXPECT_EQ(Change(change).review_reason, "名额超过场馆容量");
  EXPECT_EQ(Current().sessions[0].capacity, 5);
  EXPECT_EQ(Audited("activity.change_returned").size(), 1u);
  auto again = Decide(change, admin_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict) << "a decided change is decided";
}

TEST_F(ActivityChangesTest, ANewProposalReplacesTheWaitingOneAndTheLeadUnitMayWithdrawIt) {
  auto plan = Current();
  plan.sessions[0].capacity = 6;
  const long long first = Propose(plan);
  plan.sessions[0].capacity = 7;
  const long long second = Propose(plan);
  ASSERT_NE(first, second);
  EXPECT_EQ(Change(first).status, ActivityChangeStatus::kWithdrawn);
  EXPECT_EQ(Change(second).status, ActivityChangeStatus::kPending);

  auto by_reviewer = activities_->WithdrawChange(As(city_reviewer_, kBefore), id_, second);
  ASSERT_FALSE(by_reviewer);
  EXPECT_EQ(by_reviewer.error().code, ErrorCode::kForbidden);
  auto by_sibling = activities_->WithdrawChange(As(u2_, kBefore), id_, second);
  ASSERT_FALSE(by_sibling);
  EXPECT_EQ(by_sibling.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(activities_->WithdrawChange(As(u1_, kBefore), id_, second));
  EXPECT_EQ(Change(second).status, ActivityChangeStatus::kWithdrawn);
  auto approve_withdrawn = Decide(second, admin_);
  ASSERT_FALSE(approve_withdrawn);
  EXPECT_EQ(approve_withdrawn.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Current().sessions[0].capacity, 5);
}

TEST_F(ActivityChangesTest, OnlyReviewersOfTheLeadUnitDecideAtTheLevelTheChangeWaitsAt) {
  auto plan = Current();
  plan.sessions[0].capacity = 6;
  long long change = Propose(plan);
  auto by_lead = Decide(change, u1_);
  ASSERT_FALSE(by_lead);
  EXPECT_EQ(by_lead.error().code, ErrorCode::kForbidden) << "a unit never approves its own change";
  auto by_other_district = Decide(change, d2_reviewer_);
  ASSERT_FALSE(by_other_district);
  EXPECT_EQ(by_other_district.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Change(change).status, ActivityChangeStatus::kPending);

  SetReviewLevels(1, 2);
  plan.sessions[0].capacity = 7;
  change = Propose(plan);
  EXPECT_EQ(Change(change).review_level, domain::ReviewLevel::kDistrict);
  auto city_first = Decide(change, city_reviewer_);
  ASSERT_FALSE(city_first);
  EXPECT_EQ(city_first.error().code, ErrorCode::kConflict) << "it waits at the district";
  ASSERT_TRUE(Decide(change, d1_reviewer_));
  EXPECT_EQ(Change(change).status, ActivityChangeStatus::kPending);
  EXPECT_EQ(Change(change).review_level, domain::ReviewLevel::kCity);
  EXPECT_EQ(Current().sessions[0].capacity, 5) << "forwarded, not applied";
  ASSERT_TRUE(Decide(change, city_reviewer_));
  EXPECT_EQ(Current().sessions[0].capacity, 7);
  EXPECT_EQ(Audited("activity.change_forwarded").size(), 1u);
}

TEST_F(ActivityChangesTest, ATicketCancelledWhileTheChangeAppliesIsNotFreedTwice) {
  const long long s = Current().sessions[1].id;
  const auto t = Book(s, "13800000001", 2);
  auto plan = Current();
  plan.sessions.pop_back();
  const long long change = Propose(plan, "讲解员生病", true);
  // The visitor cancels (and frees the places) between the approval reading the displaced
  // tickets and cancelling them: right after their message was queued. SQLite serializes
  // writers, so a trigger plays the visitor inside the approval's transaction.
  auto made = db_->Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    tx.sql() << "CREATE TRIGGER visitor_cancels AFTER INSERT ON visitor_messages WHEN NEW.kind = "
                "'session_cancelled' BEGIN UPDATE reservations SET status = 'cancelled' WHERE id = NEW.reservation_id; "
                "UPDATE sessions SET taken = taken - 2 WHERE id = NEW.session_id; END";
    return true;
  });
  ASSERT_TRUE(made);

  auto r = Decide(change, admin_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict) << "the reviewer tries again on fresh rows";
  EXPECT_EQ(Change(change).status, ActivityChangeStatus::kPending);
  EXPECT_EQ(Current().sessions.size(), 2u);
  EXPECT_EQ(Taken(s), 2) << "nothing released twice (nor at all: the approval rolled back)";
  EXPECT_EQ(Row(t.row.id).status, ReservationStatus::kConfirmed);
  EXPECT_TRUE(Audited("activity.change_applied").empty());
}

}  // namespace
}  // namespace sciweek::service
