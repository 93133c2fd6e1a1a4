#pragma once
// Campaign — one year's Science Week (2023 = the 29th): its theme, its dates, the deadline
// for reports, and the organizer's contacts. Status moves draft → open → closed → archived;
// a closed campaign may be reopened while not archived.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/phone_code.hpp"

namespace sciweek::domain {

enum class CampaignStatus { kDraft, kOpen, kClosed, kArchived };

std::optional<CampaignStatus> ParseCampaignStatus(std::string_view name);
std::string_view CampaignStatusName(CampaignStatus status);

struct Contact {
  std::string name;
  std::string phone;
};

struct Campaign {
  int year = 0;
  int edition = 0;
  std::string name;
  std::string theme;
  std::string start_date;  // YYYY-MM-DD
  std::string end_date;    // YYYY-MM-DD
  core::UnixTime report_deadline = 0;
  CampaignStatus status = CampaignStatus::kDraft;
  std::vector<Contact> contacts;
  std::string contact_email;
  std::string mailing_address;
  // Materials a complete report package needs: summary, photo, video, scan.
  std::vector<std::string> required_materials = {"summary"};
  bool late_filing_locked = false;  // refuse submissions after the deadline entirely
  // Activities: an offline plan of at least this many places needs an emergency plan.
  int large_event_threshold = 500;
  int max_party_size = 5;   // people per reservation
  int offer_minutes = 120;  // how long a waiting-list offer stays open
  // Review levels (domain/review.hpp): 1, or 2 (the unit's district, then the city).
  int report_review_levels = 1;
  int activity_review_levels = 1;
  // When a reservation needs a verified phone (an SMS code): off, high-demand sessions, all.
  PhoneVerification phone_verification = PhoneVerification::kOff;
  // Visitors' names and phones are erased this many days after end_date (domain/personal_data).
  int personal_data_days = 90;
};
inline constexpr int kMinPersonalDataDays = 1;
inline constexpr int kMaxPersonalDataDays = 3 * 366;

std::vector<core::FieldProblem> ValidateCampaign(const Campaign& c);

// Whether an admin may move a campaign from one status to another (same status is allowed).
bool CanMoveCampaign(CampaignStatus from, CampaignStatus to);

}  // namespace sciweek::domain
