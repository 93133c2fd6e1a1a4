#pragma once
// Persists reports: the live row (status, version, review state), its figures (one row per
// field, in hundredths) and every submitted version with the review it received.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/org_unit.hpp"
#include "domain/report.hpp"
#include "domain/review.hpp"
#include "store/db.hpp"

namespace sciweek::store {

using TextMap = std::map<std::string, std::string>;

struct ReportRow {
  long long id = 0;
  int year = 0;
  std::string org_code;
  domain::ReportStatus status = domain::ReportStatus::kNotStarted;
  int version = 0;
  int submission_no = 0;
  std::optional<long long> submitted_at;
  std::optional<bool> on_time;
  TextMap explanations;  // rule id → the unit's explanation of a soft-rule failure
  std::string review_comment;
  TextMap field_comments;                                           // field code → the reviewer's reason
  domain::ReviewLevel review_level = domain::ReviewLevel::kSingle;  // where a submitted report waits
  domain::Values values;
  long long updated_at = 0;
  std::string updated_by;
};

struct SubmissionRow {
  int submission_no = 0;
  domain::Values values;
  TextMap explanations;
  long long submitted_at = 0;
  std::string submitted_by;
  bool on_time = true;
  std::string review_action;  // "", "returned", "approved", "reopened"
  std::string review_comment;
  TextMap field_comments;
  std::optional<long long> reviewed_at;
  std::string reviewed_by;
};

class ReportStore {
 public:
  static std::optional<ReportRow> Find(Tx& tx, int year, const std::string& org_code);
  static long long Insert(Tx& tx, const ReportRow& row);
  // Writes the row only if its stored version is still `expected_version`; false when another
  // writer got there first (the caller answers 409 and changes nothing).
  [[nodiscard]] static bool UpdateIfVersion(Tx& tx, const ReportRow& row, int expected_version);
  static void ReplaceValues(Tx& tx, long long report_id, const domain::Values& values);

  static void InsertSubmission(Tx& tx, long long report_id, const SubmissionRow& s);
  static void ReviewSubmission(Tx& tx, long long report_id, int submission_no, const std::string& action,
                               const std::string& comment, const TextMap& field_comments, long long at,
                               const std::string& by);
  static std::vector<SubmissionRow> Submissions(Tx& tx, long long report_id);

  // The unit's figures in a campaign when submitted or approved (for year-over-year rules).
  static std::optional<std::map<std::string, domain::Hundredths>> FiledValues(Tx& tx, int year,
                                                                              const std::string& org_code);
  // Per field, the median among filed reports of units of one type in a campaign.
  static std::optional<std::map<std::string, domain::Hundredths>> PeerMedian(Tx& tx, int year, domain::OrgType type,
                                                                             const std::string& except_org);
  static long long CountForCampaign(Tx& tx, int year);
};

// JSON text ↔ string maps, for the explanation and comment columns.
std::string TextMapJson(const TextMap& m);
TextMap ParseTextMap(const std::string& json);
std::string ValuesJson(const domain::Values& v);
domain::Values ParseValuesJson(const std::string& json);

}  // namespace sciweek::store
