#pragma once
// Report — one unit's statistics table for one campaign, and the path it takes:
// draft → submitted → returned → submitted … → approved (read-only; an admin may reopen it).
// Every write bumps `version` (optimistic concurrency: a stale version is refused, so two
// people editing one table never silently overwrite each other).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/campaign.hpp"
#include "domain/form_template.hpp"
#include "domain/rules.hpp"

namespace sciweek::domain {

enum class ReportStatus { kNotStarted, kDraft, kSubmitted, kReturned, kApproved };

std::string_view ReportStatusName(ReportStatus s);   // "not_started", "draft", …
std::string_view ReportStatusLabel(ReportStatus s);  // "未填报", "草稿", "已提交", "已退回", "已通过"
std::optional<ReportStatus> ParseReportStatus(std::string_view name);

// A value as it arrived on the wire, before the form says what it must be.
struct RawValue {
  enum class Kind { kNull, kNumber, kString, kOther } kind = Kind::kNull;
  double number = 0;
  std::string text;
};

// Converts raw values with the form: unknown codes, wrong types, more than two decimal
// places (or any for integer fields), and values out of [min, max] are problems, each
// naming its field code.
Values ConvertValues(const FormTemplate& form, const std::map<std::string, RawValue>& raw,
                     std::vector<core::FieldProblem>& problems);

// Required fields that are empty, as problems (for submission).
std::vector<core::FieldProblem> MissingRequired(const FormTemplate& form, const Values& values);

// When may a unit submit, and is a submission now on time?
enum class FilingWindow { kCampaignNotOpen, kNotStarted, kOnTime, kLate, kLateLocked };
FilingWindow FilingAt(const Campaign& c, std::optional<core::UnixTime> extension, bool late_locked, core::UnixTime now);
// The deadline that applies to one unit: its extension when later than the campaign's.
core::UnixTime EffectiveDeadline(const Campaign& c, std::optional<core::UnixTime> extension);

// May the unit itself edit or submit in this status?
inline bool UnitMayEdit(ReportStatus s) {
  return s == ReportStatus::kNotStarted || s == ReportStatus::kDraft || s == ReportStatus::kReturned;
}

}  // namespace sciweek::domain
