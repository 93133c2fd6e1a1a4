#include "store/report_store.hpp"

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "store/report_tallies.hpp"
#include "store/row_util.hpp"

namespace sciweek::store {

std::string TextMapJson(const TextMap& m) { return nlohmann::json(m).dump(); }

TextMap ParseTextMap(const std::string& text) {
  TextMap out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_object())
    for (auto& [k, v] : j.items())
      if (v.is_string()) out[k] = v.get<std::string>();
  return out;
}

std::string ValuesJson(const domain::Values& v) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [code, val] : v) j[code] = val ? nlohmann::json(*val) : nlohmann::json(nullptr);
  return j.dump();
}

domain::Values ParseValuesJson(const std::string& text) {
  domain::Values out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_object())
    for (auto& [k, v] : j.items()) out[k] = v.is_number_integer() ? std::optional(v.get<long long>()) : std::nullopt;
  return out;
}

namespace {

constexpr const char* kColumns =
    "id, campaign_year, org_code, status, version, submission_no, submitted_at, on_time, explanations, "
    "review_comment, field_comments, updated_at, updated_by, review_level";

domain::Values LoadValues(Tx& tx, long long report_id) {
  domain::Values out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT field_code, value FROM report_values WHERE report_id = :id", soci::use(report_id));
  for (const auto& r : rs) out[GetText(r, 0)] = GetInt(r, 1);
  return out;
}

}  // namespace

std::optional<ReportRow> ReportStore::Find(Tx& tx, int year, const std::string& org_code) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT " << kColumns << " FROM reports WHERE campaign_year = :y AND org_code = :o",
       soci::use(year), soci::use(org_code));
  std::optional<ReportRow> out;
  for (const auto& r : rs) {
    ReportRow row;
    row.id = GetInt(r, 0);
    row.year = static_cast<int>(GetInt(r, 1));
    row.org_code = GetText(r, 2);
    row.status = domain::ParseReportStatus(GetText(r, 3)).value_or(domain::ReportStatus::kDraft);
    row.version = static_cast<int>(GetInt(r, 4));
    row.submission_no = static_cast<int>(GetInt(r, 5));
    if (r.get_indicator(6) != soci::i_null) row.submitted_at = GetInt(r, 6);
    if (r.get_indicator(7) != soci::i_null) row.on_time = GetInt(r, 7) != 0;
    row.explanations = ParseTextMap(GetText(r, 8));
    row.review_comment = GetText(r, 9);
    row.field_comments = ParseTextMap(GetText(r, 10));
    row.updated_at = GetInt(r, 11);
    row.updated_by = GetText(r, 12);
    row.review_level = domain::ParseReviewLevel(GetText(r, 13)).value_or(domain::ReviewLevel::kSingle);
    out = std::move(row);
  }
  if (out) out->values = LoadValues(tx, out->id);
  return out;
}

long long ReportStore::Insert(Tx& tx, const ReportRow& row) {
  const std::string status(domain::ReportStatusName(row.status));
  const std::string expl = TextMapJson(row.explanations), fc = TextMapJson(row.field_comments);
  long long id = 0;
  tx.sql() << "INSERT INTO reports (campaign_year, org_code, status, version, submission_no, explanations, "
              "review_comment, field_comments, updated_at, updated_by) VALUES (:y, :o, :s, :v, :n, :e, :rc, :fc, "
              ":at, :by) RETURNING id",
      soci::use(row.year), soci::use(row.org_code), soci::use(status), soci::use(row.version),
      soci::use(row.submission_no), soci::use(expl), soci::use(row.review_comment), soci::use(fc),
      soci::use(row.updated_at), soci::use(row.updated_by), soci::into(id);
  ReportTallies::Add(tx, id);
  return id;
}

bool ReportStore::UpdateIfVersion(Tx& tx, const ReportRow& row, int expected_version) {
  const std::string status(domain::ReportStatusName(row.status));
  const std::string expl = TextMapJson(row.explanations), fc = TextMapJson(row.field_comments);
  const std::string level(domain::ReviewLevelName(row.review_level));
  long long submitted_at = row.submitted_at.value_or(0);
  int on_time = row.on_time.value_or(false) ? 1 : 0;
  soci::indicator sa_ind = row.submitted_at ? soci::i_ok : soci::i_null;
  soci::indicator ot_ind = row.on_time ? soci::i_ok : soci::i_null;
  std::string old_status;
  tx.sql() << "SELECT status FROM reports WHERE id = :id", soci::use(row.id), soci::into(old_status);
  soci::statement st =
      (tx.sql().prepare
           << "UPDATE reports SET status = :s, version = :v, submission_no = :n, submitted_at = :sa, "
              "on_time = :ot, explanations = :e, review_comment = :rc, field_comments = :fc, "
              "updated_at = :at, updated_by = :by, review_level = :lv WHERE id = :id AND version = :expected",
       soci::use(status), soci::use(row.version), soci::use(row.submission_no), soci::use(submitted_at, sa_ind),
       soci::use(on_time, ot_ind), soci::use(expl), soci::use(row.review_comment), soci::use(fc),
       soci::use(row.updated_at), soci::use(row.updated_by), soci::use(level), soci::use(row.id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1) return false;
  // After the UPDATE holds the report's row: tally writers lock the report before the tallies.
  if (old_status != status) ReportTallies::MoveStatus(tx, row.id, old_status);
  return true;
}

void ReportStore::ReplaceValues(Tx& tx, long long report_id, const domain::Values& values) {
  ReportTallies::Remove(tx, report_id);
  tx.sql() << "DELETE FROM report_values WHERE report_id = :id", soci::use(report_id);
  for (const auto& [code, v] : values) {
    if (!v) continue;
    const long long value = *v;
    tx.sql() << "INSERT INTO report_values (report_id, field_code, value) VALUES (:id, :c, :v)", soci::use(report_id),
        soci::use(code), soci::use(value);
  }
  ReportTallies::Add(tx, report_id);
}

void ReportStore::InsertSubmission(Tx& tx, long long report_id, const SubmissionRow& s) {
  const std::string values = ValuesJson(s.values), expl = TextMapJson(s.explanations);
  const int on_time = s.on_time ? 1 : 0;
  tx.sql() << "INSERT INTO report_submissions (report_id, submission_no, values_json, explanations, submitted_at, "
              "submitted_by, on_time) VALUES (:r, :n, :v, :e, :at, :by, :ot)",
      soci::use(report_id), soci::use(s.submission_no), soci::use(values), soci::use(expl), soci::use(s.submitted_at),
      soci::use(s.submitted_by), soci::use(on_time);
}

void ReportStore::ReviewSubmission(Tx& tx, long long report_id, int submission_no, const std::string& action,
                                   const std::string& comment, const TextMap& field_comments, long long at,
                                   const std::string& by) {
  const std::string fc = TextMapJson(field_comments);
  tx.sql() << "UPDATE report_submissions SET review_action = :a, review_comment = :c, field_comments = :fc, "
              "reviewed_at = :at, reviewed_by = :by WHERE report_id = :r AND submission_no = :n",
      soci::use(action), soci::use(comment), soci::use(fc), soci::use(at), soci::use(by), soci::use(report_id),
      soci::use(submission_no);
}

std::vector<SubmissionRow> ReportStore::Submissions(Tx& tx, long long report_id) {
  std::vector<SubmissionRow> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT submission_no, values_json, explanations, submitted_at, submitted_by, on_time, "
                           "review_action, review_comment, field_comments, reviewed_at, reviewed_by "
                           "FROM report_submissions WHERE report_id = :r ORDER BY submission_no",
       soci::use(report_id));
  for (const auto& r : rs) {
    SubmissionRow s;
    s.submission_no = static_cast<int>(GetInt(r, 0));
    s.values = ParseValuesJson(GetText(r, 1));
    s.explanations = ParseTextMap(GetText(r, 2));
    s.submitted_at = GetInt(r, 3);
    s.submitted_by = GetText(r, 4);
    s.on_time = GetInt(r, 5) != 0;
    s.review_action = GetText(r, 6);
    s.review_comment = GetText(r, 7);
    s.field_comments = ParseTextMap(GetText(r, 8));
    if (r.get_indicator(9) != soci::i_null) s.reviewed_at = GetInt(r, 9);
    s.reviewed_by = GetText(r, 10);
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<std::map<std::string, domain::Hundredths>> ReportStore::FiledValues(Tx& tx, int year,
                                                                                  const std::string& org_code) {
  auto row = Find(tx, year, org_code);
  if (!row || (row->status != domain::ReportStatus::kSubmitted && row->status != domain::ReportStatus::kApproved))
    return std::nullopt;
  std::map<std::string, domain::Hundredths> out;
  for (const auto& [k, v] : row->values)
    if (v) out[k] = *v;
  return out;
}

std::optional<std::map<std::string, domain::Hundredths>> ReportStore::PeerMedian(Tx& tx, int year, domain::OrgType type,
                                                                                 const std::string& except_org) {
  const std::string t(domain::OrgTypeName(type));
  std::map<std::string, std::vector<long long>> by_field;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT v.field_code, v.value FROM report_values v JOIN reports r ON r.id = v.report_id "
                           "JOIN org_units o ON o.code = r.org_code WHERE r.campaign_year = :y AND o.type = :t "
                           "AND r.org_code <> :o AND r.status IN ('submitted', 'approved')",
       soci::use(year), soci::use(t), soci::use(except_org));
  for (const auto& r : rs) by_field[GetText(r, 0)].push_back(GetInt(r, 1));
  // Fewer than three peers say nothing about what is usual.
  if (by_field.empty() || std::all_of(by_field.begin(), by_field.end(), [](auto& p) { return p.second.size() < 3; }))
    return std::nullopt;
  std::map<std::string, domain::Hundredths> out;
  for (auto& [code, vals] : by_field) {
    std::nth_element(vals.begin(), vals.begin() + vals.size() / 2, vals.end());
    out[code] = vals[vals.size() / 2];
  }
  return out;
}

long long ReportStore::CountForCampaign(Tx& tx, int year) {
  long long n = 0;
  tx.sql() << "SELECT COUNT(*) FROM reports WHERE campaign_year = :y AND status NOT IN ('draft', 'not_started')",
      soci::use(year), soci::into(n);
  return n;
}

}  // namespace sciweek::store
