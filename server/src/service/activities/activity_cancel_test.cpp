// Cancelling a published activity (ActivityService::Cancel) cancels the tickets still to be
// used, with the reason, and tells their holders; a ticket already used at the gate stays
// checked in (domain::StatusAfter: a checked-in ticket cannot be cancelled), so a week's
// attendance survives the cancellation of the sessions that were still to come.
#include <gtest/gtest.h>

#include "service/activities/activity_service.hpp"
#include "service/reservations/checkin_service.hpp"
#include "service/testing/service_fixture.hpp"

namespace sciweek::service {
namespace {

using domain::MessageKind;
using domain::ReservationStatus;

class ActivityCancelTest : public ServiceTest {};

TEST_F(ActivityCancelTest, TicketsStillToComeAreCancelledAndToldWithTheReason) {
  const auto a = Publish(Plan({4, 4}));
  const long long s = a.sessions.at(1).id;
  auto confirmed = reservations_->Reserve(Visitor(kBefore), s, Booking("13800000001", 4));
  auto waiting = reservations_->JoinWaitlist(Visitor(kBefore), s, Booking("13800000002"));
  ASSERT_TRUE(confirmed && waiting);
  ASSERT_TRUE(activities_->Cancel(As(u1_, kBefore + 60), a.id, "场馆漏水"));
  for (long long id : {confirmed->row.id, waiting->row.id}) {
    EXPECT_EQ(Row(id).status, ReservationStatus::kCancelled);
    EXPECT_EQ(Row(id).cancel_reason, "场馆漏水");
  }
  EXPECT_EQ(Taken(s), 0);
  const auto told = OutboxOf(s, MessageKind::kSessionCancelled);
  ASSERT_EQ(told.size(), 2u);
  EXPECT_NE(told[0].params.find("场馆漏水"), std::string::npos);
  ASSERT_EQ(Audited("activity.cancelled").size(), 1u);
  EXPECT_EQ(Audited("activity.cancelled")[0].after["cancel_reason"], "场馆漏水");
}

TEST_F(ActivityCancelTest, CancellingMidWeekKeepsTheCheckInsOfASessionAlreadyHeld) {
  const auto a = Publish(Plan({5, 5}));
  const auto& held = a.sessions.at(0);
  const long long later = a.sessions.at(1).id;
  auto came = reservations_->Reserve(Visitor(kBefore), held.id, Booking("13800000001", 2));
  auto booked = reservations_->Reserve(Visitor(kBefore), later, Booking("13800000002"));
  ASSERT_TRUE(came && booked);
  CheckinService checkins(*db_, *signer_);
  auto scan = checkins.Scan(As(u1_checkin_, held.starts_at), {came->code, held.id, false, ""});
  ASSERT_TRUE(scan);
  ASSERT_EQ(scan->result, "ok");

  // The first session is over; the second is called off.
  ASSERT_TRUE(activities_->Cancel(As(u1_, held.ends_at + 60), a.id, "场馆漏水"));
  EXPECT_EQ(Row(booked->row.id).status, ReservationStatus::kCancelled);
  EXPECT_EQ(Taken(later), 0);
  EXPECT_EQ(Row(came->row.id).status, ReservationStatus::kCheckedIn) << "who came, came";
  EXPECT_EQ(Taken(held.id), 2) << "sessions.taken still counts the checked-in party";
  EXPECT_TRUE(OutboxOf(held.id, MessageKind::kSessionCancelled).empty())
      << "nobody is told that a session they attended was cancelled";
  auto view = activities_->Get(As(admin_, held.ends_at + 120), a.id);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->checked_in[held.id], 2) << "the attendance the unit reports from";
}

}  // namespace
}  // namespace sciweek::service
