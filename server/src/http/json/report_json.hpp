#pragma once
// Reports, forms, completeness and totals → JSON; report request bodies → inputs.
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "service/reporting/oversight_service.hpp"
#include "service/reporting/report_service.hpp"
#include "service/units/org_document_service.hpp"

namespace sciweek::http {

nlohmann::json ReportJson(const service::ReportView& v);
nlohmann::json HistoryJson(const std::vector<service::HistoryEntry>& h, const domain::FormTemplate& form);
nlohmann::json CompletenessJson(const service::Completeness& c);
// The e-mail delivery recorded on one chase-log row:
// {"status":"off|no_address|pending|sent|failed","status_label","to","attempts","error","sent_at","next_attempt_at"}.
nlohmann::json ReminderEmailJson(const store::ReminderRow& r);
nlohmann::json TotalsJson(const service::Totals& t, const domain::FormTemplate& form);
nlohmann::json MaterialJson(const store::MaterialRow& m);
nlohmann::json MediaReportJson(const store::MediaReportRow& m);
nlohmann::json OrgDocumentJson(const store::OrgDocumentRow& d);
// A figure as the wire shows it: integers as integers, decimals with two places.
nlohmann::json FigureJson(const domain::FormTemplate& form, const std::string& code, domain::Hundredths v);

struct DraftInput {
  std::map<std::string, domain::RawValue> values;
  int version = 0;
};
core::Result<DraftInput> ParseDraftBody(const std::string& body);

struct SubmitInput {
  std::map<std::string, std::string> explanations;
  std::optional<int> version;
};
core::Result<SubmitInput> ParseSubmitBody(const std::string& body);

struct ReviewInput {
  std::string comment;
  std::map<std::string, std::string> fields;
};
// allow_fields: "fields" (per-field reasons) is accepted only for a return.
core::Result<ReviewInput> ParseReviewBody(const std::string& body, bool allow_fields);

}  // namespace sciweek::http
