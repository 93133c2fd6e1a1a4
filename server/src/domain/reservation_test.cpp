#include "domain/reservation.hpp"

#include <gtest/gtest.h>

namespace sciweek::domain {
namespace {

TEST(Phone, OnlyMainlandMobilesPass) {
  EXPECT_TRUE(IsMainlandMobile("13812345678"));
  EXPECT_TRUE(IsMainlandMobile("19912345678"));
  for (const char* bad : {"12812345678", "10012345678", "1381234567", "138123456789", "1381234567x", "+8613812345"})
    EXPECT_FALSE(IsMainlandMobile(bad)) << bad;
}

TEST(Phone, MasksTheMiddleFourDigits) {
  EXPECT_EQ(MaskPhone("13812341234"), "138****1234");
  EXPECT_EQ(MaskPhone("123"), "***");
  EXPECT_EQ(MaskName("张三"), "张*");
  EXPECT_EQ(MaskName("欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskName("Li"), "L*");
}

TEST(ReservationInput, AnEmailAddressIsOptionalButMustBePlain) {
  ReservationInput in{"张三", "13912345678", 1, ""};
  EXPECT_TRUE(ValidateReservation(in, 5).empty());
  in.email = "visitor@example.com";
  EXPECT_TRUE(ValidateReservation(in, 5).empty());
  for (const char* bad : {"visitor", "a@b", "x@example.com\r\nBcc: y@example.com", "张@example.com"}) {
    in.email = bad;
    auto p = ValidateReservation(in, 5);
    ASSERT_EQ(p.size(), 1u) << bad;
    EXPECT_EQ(p[0].field, "email");
  }
  in.email = std::string(250, 'a') + "@example.com";
  EXPECT_EQ(ValidateReservation(in, 5).at(0).field, "email") << "over 254 characters";
}

TEST(TicketCode, RoundTripsAndRefusesMalformedCodes) {
  const unsigned char bytes[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 255};
  const std::string no = TicketNoFromBytes(bytes);
  ASSERT_EQ(no.size(), 16u);
  TicketCode t{"k12", 42, no, std::string(86, 'A')};
  const std::string code = FormatTicketCode(t);
  EXPECT_EQ(code, "T2.k12.42." + no + "." + std::string(86, 'A'));
  auto parsed = ParseTicketCode(code);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kid, "k12");
  EXPECT_EQ(parsed->session_id, 42);
  EXPECT_EQ(parsed->ticket_no, no);
  // The signature covers everything before its own dot.
  EXPECT_EQ(SignedTicketMessage("k12", 42, no) + "." + t.signature, code);
  EXPECT_FALSE(ParseTicketCode("T2.42." + no + "." + std::string(86, 'A'))) << "no kid";
  EXPECT_FALSE(ParseTicketCode("T2.x1.42." + no + "." + std::string(86, 'A'))) << "not a kid";
  EXPECT_FALSE(ParseTicketCode("T2.k1.042." + no + "." + std::string(86, 'A')));
  EXPECT_FALSE(ParseTicketCode("T2.k1.42." + no + "." + std::string(85, 'A')));
  EXPECT_FALSE(ParseTicketCode("T2.k1.42." + no.substr(1) + "U." + std::string(86, 'A')));  // U is not Crockford
  EXPECT_FALSE(ParseTicketCode("T1.42." + no + "." + std::string(86, 'A'))) << "the old format is not a signed code";
}

TEST(TicketCode, TheOldFormatStillNamesItsTicketNumber) {
  const std::string no = "0123456789ABCDEF";
  auto legacy = ParseLegacyTicketCode("T1.42." + no + "." + std::string(86, 'A'));
  ASSERT_TRUE(legacy);
  EXPECT_EQ(legacy->session_id, 42);
  EXPECT_EQ(legacy->ticket_no, no);
  EXPECT_FALSE(ParseLegacyTicketCode("T1.42." + no + ".short"));
  EXPECT_FALSE(ParseLegacyTicketCode("T2.k1.42." + no + "." + std::string(86, 'A')));
}

TEST(TicketCode, TypedNumbersNormalizeLookAlikes) {
  EXPECT_EQ(NormalizeTicketNo("abcd-efgh-jkmn-pqrs"), "ABCDEFGHJKMNPQRS");
  EXPECT_EQ(NormalizeTicketNo("o1il 0000 0000 0000"), "0111000000000000");
  EXPECT_FALSE(NormalizeTicketNo("ABCD-EFGH-JKMN-PQR"));
  EXPECT_FALSE(NormalizeTicketNo("ABCD-EFGH-JKMN-PQRSU"));
  EXPECT_FALSE(NormalizeTicketNo("ABCD-EFGH-JKMN-PQR!"));
}

TEST(ReservationLife, EveryStatusHasANameAndTheTableIsTheIssuesLife) {
  using S = ReservationStatus;
  using E = ReservationEvent;
  for (auto s : kAllReservationStatuses) EXPECT_EQ(ParseReservationStatus(ReservationStatusName(s)), s);
  EXPECT_EQ(ParseReservationStatus("lost"), std::nullopt);  // nothing ever assigned it
  EXPECT_EQ(StatusAfter(S::kApplied, E::kDrawn), S::kConfirmed);
  EXPECT_EQ(StatusAfter(S::kApplied, E::kNotDrawn), S::kWaiting);
  EXPECT_EQ(StatusAfter(S::kWaiting, E::kPlaceOffered), S::kOffered);
  EXPECT_EQ(StatusAfter(S::kOffered, E::kOfferAccepted), S::kConfirmed);
  EXPECT_EQ(StatusAfter(S::kOffered, E::kOfferLapsed), S::kExpired);
  EXPECT_EQ(StatusAfter(S::kConfirmed, E::kScanned), S::kCheckedIn);
  EXPECT_EQ(StatusAfter(S::kCheckedIn, E::kCancelled), std::nullopt);  // they are inside already
  EXPECT_EQ(StatusAfter(S::kConfirmed, E::kOfferAccepted), std::nullopt);
  EXPECT_EQ(StatusAfter(S::kWaiting, E::kScanned), std::nullopt);
  for (auto s : kAllReservationStatuses) {
    // Cancellable exactly while alive and not yet inside; the over ones never move again.
    EXPECT_EQ(StatusAfter(s, E::kCancelled).has_value(), IsLive(s) && s != S::kCheckedIn) << ReservationStatusName(s);
    if (!IsLive(s)) {
      for (auto e : {E::kDrawn, E::kNotDrawn, E::kPlaceOffered, E::kOfferAccepted, E::kOfferLapsed, E::kScanned})
        EXPECT_EQ(StatusAfter(s, e), std::nullopt) << ReservationStatusName(s);
    }
  }
}

TEST(ReservationLife, WhatTheVisitorMayDoFollowsTheStatusAndTheOffersDeadline) {
  using S = ReservationStatus;
  const core::UnixTime now = 1'700'000'000;
  auto offered = VisitorActions(S::kOffered, now + 60, now);
  EXPECT_TRUE(offered.cancel);
  EXPECT_TRUE(offered.accept_offer);
  EXPECT_FALSE(offered.show_code);  // the places are held, but the gate wants a confirmed ticket
  EXPECT_FALSE(VisitorActions(S::kOffered, now - 1, now).accept_offer);
  auto confirmed = VisitorActions(S::kConfirmed, std::nullopt, now);
  EXPECT_TRUE(confirmed.cancel && confirmed.show_code && !confirmed.accept_offer);
  auto inside = VisitorActions(S::kCheckedIn, std::nullopt, now);
  EXPECT_TRUE(!inside.cancel && inside.show_code);
  for (auto s : {S::kCancelled, S::kExpired}) {
    auto over = VisitorActions(s, std::nullopt, now);
    EXPECT_TRUE(!over.cancel && !over.accept_offer && !over.show_code) << ReservationStatusName(s);
  }
}

TEST(Reservable, FollowsTheSessionsClockAndLottery) {
  Session s;
  s.starts_at = 1000;
  s.ends_at = 2000;
  EXPECT_EQ(CheckReservable(ActivityStatus::kApproved, s, 500).value(), Admission::kFirstCome);
  EXPECT_FALSE(CheckReservable(ActivityStatus::kApproved, s, 2000));
  EXPECT_EQ(CheckReservable(ActivityStatus::kSubmitted, s, 500).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(CheckReservable(ActivityStatus::kCancelled, s, 500).error().code, core::ErrorCode::kConflict);
  s.opens_at = 600;
  EXPECT_FALSE(CheckReservable(ActivityStatus::kApproved, s, 500));
  s.high_demand = true;
  s.lottery_cutoff = 800;
  EXPECT_EQ(CheckReservable(ActivityStatus::kApproved, s, 700).value(), Admission::kLottery);
  EXPECT_FALSE(CheckReservable(ActivityStatus::kApproved, s, 900)) << "between cut-off and draw";
  s.lottery_drawn = true;
  EXPECT_EQ(CheckReservable(ActivityStatus::kApproved, s, 900).value(), Admission::kFirstCome);
}

TEST(SafetyGate, LargeOfflineNeedsAPlanOnlineNeedsOwner) {
  Activity a;
  a.mode = "offline";
  a.sessions = {Session{}, Session{}};
  a.sessions[0].capacity = 300;
  a.sessions[1].capacity = 200;
  EXPECT_EQ(SafetyProblems(a, 500, false).size(), 1u);
  EXPECT_TRUE(SafetyProblems(a, 500, true).empty());
  EXPECT_TRUE(SafetyProblems(a, 501, false).empty());
  a.mode = "hybrid";
  EXPECT_EQ(SafetyProblems(a, 501, false).size(), 2u) << "url and owner";
}

}  // namespace
}  // namespace sciweek::domain
