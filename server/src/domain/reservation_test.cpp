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
