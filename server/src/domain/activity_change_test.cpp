#include "domain/activity_change.hpp"

#include <gtest/gtest.h>

namespace sciweek::domain {
namespace {

Session MakeSession(long long id, core::UnixTime start, int capacity) {
  Session s;
  s.id = id;
  s.starts_at = start;
  s.ends_at = start + 3600;
  s.capacity = capacity;
  return s;
}

Activity Plan() {
  Activity a;
  a.id = 7;
  a.title = "天文讲座";
  a.venue = "天文馆";
  a.starts_at = 10000;
  a.ends_at = 50000;
  a.description = "旧简介";
  a.sessions = {MakeSession(1, 10000, 10), MakeSession(2, 20000, 10)};
  return a;
}

TEST(ActivityChangeTest, LiveFieldsAloneMakeNoChangeForReview) {
  const Activity a = Plan();
  Activity b = a;
  b.description = "新简介";
  b.contact_phone = "010-1";
  b.audience = {"公众"};
  EXPECT_TRUE(CompareForChange(a, b).empty());
  Activity c = a;
  CopyLiveFields(b, c);
  EXPECT_EQ(c.description, "新简介");
  EXPECT_EQ(c.audience, std::vector<std::string>{"公众"});
}

TEST(ActivityChangeTest, SessionsAreMatchedByIdIntoMovedResizedRemovedAndAdded) {
  const Activity a = Plan();
  Activity b = a;
  b.venue = "B馆";
  b.sessions = {MakeSession(2, 25000, 4), MakeSession(0, 40000, 8)};
  const auto c = CompareForChange(a, b);
  EXPECT_EQ(c.fields, std::vector<std::string>{"venue"});
  EXPECT_TRUE(c.place_changed);
  EXPECT_EQ(c.moved, std::vector<long long>{2});
  EXPECT_EQ(c.resized, (std::map<long long, int>{{2, 4}}));
  EXPECT_EQ(c.removed, std::vector<long long>{1});
  EXPECT_EQ(c.added, 1);
}

TEST(ActivityChangeTest, BegunSessionsForeignIdsAndCheckedInVisitorsBlockTheirEdits) {
  const Activity a = Plan();
  Activity b = a;
  b.sessions = {MakeSession(2, 26000, 1), MakeSession(99, 30000, 5)};
  // Session 1 (removed) has begun at now = 15000; session 2 has 3 people checked in.
  const auto p = ChangeProblems(a, b, {{2, 3}}, 15000);
  std::vector<std::string> fields;
  fields.reserve(p.size());
  for (const auto& x : p) fields.push_back(x.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"sessions[0].capacity", "sessions[1].id", "sessions"}));
  // Before anything begins and with nobody inside, the same move is fine.
  Activity ok = a;
  ok.sessions = {MakeSession(1, 10000, 10), MakeSession(2, 26000, 10)};
  EXPECT_TRUE(ChangeProblems(a, ok, {}, 0).empty());
  // A session that has begun keeps its time.
  EXPECT_EQ(ChangeProblems(a, ok, {}, 21000).size(), 1u);
}

TEST(ActivityChangeTest, ACutDisplacesOffersThenTheNewestConfirmedAndNeverTheCheckedIn) {
  using S = ReservationStatus;
  const std::vector<HeldPlaces> held = {
      {1, S::kCheckedIn, 2}, {2, S::kConfirmed, 1}, {3, S::kConfirmed, 2}, {4, S::kOffered, 1}, {5, S::kConfirmed, 1}};
  EXPECT_TRUE(DisplacedByCut(held, 7).empty());
  EXPECT_EQ(DisplacedByCut(held, 6), std::vector<long long>{4});
  EXPECT_EQ(DisplacedByCut(held, 4), (std::vector<long long>{4, 5, 3}));
  EXPECT_EQ(DisplacedByCut(held, 2), (std::vector<long long>{4, 5, 3, 2}));
  EXPECT_EQ(DisplacedByCut(held, 0), (std::vector<long long>{4, 5, 3, 2})) << "checked-in visitors stay";
}

}  // namespace
}  // namespace sciweek::domain
