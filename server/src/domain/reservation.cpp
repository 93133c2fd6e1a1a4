#include "domain/reservation.hpp"

#include <cctype>

#include "core/text.hpp"
#include "domain/ticket_keys.hpp"

namespace sciweek::domain {
namespace {

constexpr std::string_view kStatusNames[] = {"applied",    "waiting",   "offered", "confirmed",
                                             "checked_in", "cancelled", "expired"};
static_assert(std::size(kStatusNames) == std::size(kAllReservationStatuses));

struct Move {
  ReservationStatus from;
  ReservationEvent event;
  ReservationStatus to;
};
using S = ReservationStatus;
using E = ReservationEvent;
constexpr Move kMoves[] = {
    {S::kApplied, E::kDrawn, S::kConfirmed},      {S::kApplied, E::kNotDrawn, S::kWaiting},
    {S::kWaiting, E::kPlaceOffered, S::kOffered}, {S::kOffered, E::kOfferAccepted, S::kConfirmed},
    {S::kOffered, E::kOfferLapsed, S::kExpired},  {S::kConfirmed, E::kScanned, S::kCheckedIn},
    {S::kApplied, E::kCancelled, S::kCancelled},  {S::kWaiting, E::kCancelled, S::kCancelled},
    {S::kOffered, E::kCancelled, S::kCancelled},  {S::kConfirmed, E::kCancelled, S::kCancelled},
};
constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::string_view kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool AllOf(std::string_view s, std::string_view alphabet) {
  for (char c : s)
    if (alphabet.find(c) == std::string_view::npos) return false;
  return !s.empty();
}

}  // namespace

std::optional<ReservationStatus> ParseReservationStatus(std::string_view name) {
  for (size_t i = 0; i < std::size(kStatusNames); ++i)
    if (kStatusNames[i] == name) return static_cast<ReservationStatus>(i);
  return std::nullopt;
}

std::string_view ReservationStatusName(ReservationStatus s) { return kStatusNames[static_cast<size_t>(s)]; }

std::optional<ReservationStatus> StatusAfter(ReservationStatus from, ReservationEvent event) {
  for (const auto& m : kMoves)
    if (m.from == from && m.event == event) return m.to;
  return std::nullopt;
}

bool HoldsPlaces(ReservationStatus s) {
  return s == ReservationStatus::kOffered || s == ReservationStatus::kConfirmed || s == ReservationStatus::kCheckedIn;
}

bool IsLive(ReservationStatus s) {
  return HoldsPlaces(s) || s == ReservationStatus::kApplied || s == ReservationStatus::kWaiting;
}

bool AdmitsAtGate(ReservationStatus s) {
  return s == ReservationStatus::kConfirmed || s == ReservationStatus::kCheckedIn;
}

VisitorCan VisitorActions(ReservationStatus s, std::optional<core::UnixTime> offer_expires_at, core::UnixTime now) {
  VisitorCan can;
  can.cancel = StatusAfter(s, ReservationEvent::kCancelled).has_value();
  can.accept_offer =
      StatusAfter(s, ReservationEvent::kOfferAccepted).has_value() && (!offer_expires_at || now <= *offer_expires_at);
  can.show_code = AdmitsAtGate(s);
  return can;
}

bool IsMainlandMobile(std::string_view phone) {
  if (phone.size() != 11 || phone[0] != '1' || phone[1] < '3' || phone[1] > '9') return false;
  for (char c : phone)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string MaskPhone(std::string_view phone) { return core::MaskPhone(phone); }

std::string MaskName(std::string_view name) {
  const size_t n = core::Utf8Length(name);
  if (n == 0) return "";
  // Length in bytes of the first UTF-8 code point.
  const unsigned char c = static_cast<unsigned char>(name[0]);
  const size_t first = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return std::string(name.substr(0, first)) + std::string(n > 1 ? n - 1 : 1, '*');
}

std::vector<core::FieldProblem> ValidateReservation(const ReservationInput& in, int max_party_size) {
  std::vector<core::FieldProblem> p;
  const std::string name = core::Trim(in.name);
  if (name.empty() || !core::IsCleanUtf8(name) || core::Utf8Length(name) > 30)
    p.push_back({"name", "invalid", "姓名须为1至30个字符", 0});
  if (!IsMainlandMobile(in.phone))
    p.push_back({"phone", "invalid", "请填写11位中国大陆手机号码（1开头，第二位为3至9）", 0});
  if (in.party_size < 1 || in.party_size > max_party_size)
    p.push_back({"party_size", "invalid", "每次预约人数须为1至" + std::to_string(max_party_size) + "人", 0});
  if (!in.email.empty() && (in.email.size() > 254 || !core::IsEmailAddress(in.email)))
    p.push_back({"email", "invalid", "邮箱地址格式不正确（如 name@example.com；可不填）", 0});
  return p;
}

core::Result<Admission> CheckReservable(ActivityStatus activity_status, const Session& s, core::UnixTime now) {
  if (activity_status == ActivityStatus::kCancelled) return core::Error::Conflict("该活动已取消");
  if (activity_status != ActivityStatus::kApproved) return core::Error::NotFound("场次不存在");
  if (s.removed_at) return core::Error::Conflict("该场次已取消");
  if (now >= s.ends_at) return core::Error::Conflict("该场次已结束");
  if (s.opens_at && now < *s.opens_at)
    return core::Error::Conflict("该场次尚未开放预约，开放时间：" + core::FormatShanghai(*s.opens_at).substr(0, 16));
  if (s.TakesApplications()) {
    if (now < *s.lottery_cutoff) return Admission::kLottery;
    return core::Error::Conflict("抽签报名已截止，请等待抽签结果");
  }
  return Admission::kFirstCome;
}

namespace {

bool IsSessionId(std::string_view sid) {
  return !sid.empty() && sid.size() <= 15 && AllOf(sid, "0123456789") && sid[0] != '0';
}

// "<session>.<ticket_no>.<signature>" split at its two dots; false when not of that shape.
bool SplitSignedTail(std::string_view tail, long long& session_id, std::string& ticket_no, std::string& signature) {
  const size_t a = tail.find('.');
  if (a == std::string_view::npos) return false;
  const size_t b = tail.find('.', a + 1);
  if (b == std::string_view::npos) return false;
  const std::string_view sid = tail.substr(0, a), no = tail.substr(a + 1, b - a - 1), sig = tail.substr(b + 1);
  if (!IsSessionId(sid)) return false;
  if (no.size() != 16 || !AllOf(no, kCrockford)) return false;
  if (sig.size() != 86 || !AllOf(sig, kBase64Url)) return false;
  session_id = std::stoll(std::string(sid));
  ticket_no = no;
  signature = sig;
  return true;
}

}  // namespace

std::string SignedTicketMessage(std::string_view kid, long long session_id, std::string_view ticket_no) {
  return "T2." + std::string(kid) + "." + std::to_string(session_id) + "." + std::string(ticket_no);
}

std::string FormatTicketCode(const TicketCode& t) {
  return SignedTicketMessage(t.kid, t.session_id, t.ticket_no) + "." + t.signature;
}

std::optional<TicketCode> ParseTicketCode(std::string_view code) {
  if (code.size() > 200 || code.substr(0, 3) != "T2.") return std::nullopt;
  code.remove_prefix(3);
  const size_t dot = code.find('.');
  if (dot == std::string_view::npos || !IsTicketKeyId(code.substr(0, dot))) return std::nullopt;
  TicketCode t;
  t.kid = code.substr(0, dot);
  if (!SplitSignedTail(code.substr(dot + 1), t.session_id, t.ticket_no, t.signature)) return std::nullopt;
  return t;
}

std::optional<LegacyTicketCode> ParseLegacyTicketCode(std::string_view code) {
  if (code.size() > 200 || code.substr(0, 3) != "T1.") return std::nullopt;
  LegacyTicketCode t;
  std::string signature;
  if (!SplitSignedTail(code.substr(3), t.session_id, t.ticket_no, signature)) return std::nullopt;
  return t;
}

std::optional<std::string> NormalizeTicketNo(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    if (kCrockford.find(c) == std::string_view::npos) return std::nullopt;
    out += c;
    if (out.size() > 16) return std::nullopt;
  }
  if (out.size() != 16) return std::nullopt;
  return out;
}

std::string TicketNoFromBytes(const unsigned char (&bytes)[10]) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += kCrockford[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;  // 80 bits = 16 characters exactly
}

}  // namespace sciweek::domain
