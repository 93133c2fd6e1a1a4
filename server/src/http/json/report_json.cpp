#include "http/json/report_json.hpp"

#include "core/text.hpp"
#include "http/json/json_input.hpp"
#include "http/json/review_json.hpp"
#include "http/json/time_json.hpp"
#include "service/campaigns/form_json.hpp"

namespace sciweek::http {
namespace {

std::string_view WindowName(domain::FilingWindow w) {
  switch (w) {
    case domain::FilingWindow::kCampaignNotOpen: return "campaign_not_open";
    case domain::FilingWindow::kNotStarted: return "not_started";
    case domain::FilingWindow::kOnTime: return "on_time";
    case domain::FilingWindow::kLate: return "late";
    case domain::FilingWindow::kLateLocked: return "late_locked";
  }
  return "on_time";
}

nlohmann::json ValuesJson(const domain::FormTemplate& form, const domain::Values& values) {
  nlohmann::json out = nlohmann::json::object();
  for (const domain::FormField* f : form.Fields()) {
    auto it = values.find(f->code);
    out[f->code] = it != values.end() && it->second ? FigureJson(form, f->code, *it->second) : nlohmann::json(nullptr);
  }
  return out;
}

// Reads {"key": "text", …} into a map, each value a string of at most max_bytes.
std::map<std::string, std::string> TextMap(JsonInput& in, const std::string& key, size_t max_bytes) {
  std::map<std::string, std::string> out;
  auto raw = in.Raw(key, false);
  if (!raw) return out;
  if (!raw->is_object()) {
    in.AddProblem(key, "type", key + " 须为对象");
    return out;
  }
  for (auto& [k, v] : raw->items()) {
    if (!v.is_string() || v.get_ref<const std::string&>().size() > max_bytes ||
        !core::IsCleanUtf8(v.get_ref<const std::string&>(), true))
      in.AddProblem(key + "." + k, "type", key + "." + k + " 须为不超过" + std::to_string(max_bytes / 3) + "字的文本");
    else out[k] = v.get<std::string>();
  }
  return out;
}

}  // namespace

nlohmann::json FigureJson(const domain::FormTemplate& form, const std::string& code, domain::Hundredths v) {
  const domain::FormField* f = form.Field(code);
  if (!f || f->type == domain::FieldType::kInteger) {
    if (v % 100 == 0) return v / 100;
  }
  return nlohmann::json::parse(domain::FormatDecimal2(v));  // 12.30 → 12.3 as a JSON number
}

nlohmann::json MaterialJson(const store::MaterialRow& m) {
  return {{"id", m.id},
          {"kind", m.kind},
          {"filename", m.filename},
          {"mime", m.mime},
          {"size", m.size},
          {"sha256", m.sha256},
          {"duration_seconds", m.duration_ms ? nlohmann::json(*m.duration_ms / 1000.0) : nlohmann::json(nullptr)},
          {"uploaded_at", core::FormatShanghai(m.created_at)},
          {"uploaded_by", m.created_by}};
}

nlohmann::json MediaReportJson(const store::MediaReportRow& m) {
  return {{"id", m.id}, {"outlet", m.outlet}, {"title", m.title}, {"url", m.url}, {"date", m.published_on}};
}

nlohmann::json ReportJson(const service::ReportView& v) {
  const auto& r = v.report;
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : v.checks)
    checks.push_back({{"id", c.id},
                      {"severity", domain::SeverityName(c.severity)},
                      {"message", c.message},
                      {"passed", c.passed},
                      {"fields", c.fields}});
  nlohmann::json reminders = nlohmann::json::array();
  for (const auto& m : v.reminders)
    reminders.push_back({{"message", m.message}, {"sent_at", core::FormatShanghai(m.sent_at)}, {"sent_by", m.sent_by}});
  nlohmann::json materials = nlohmann::json::array();
  for (const auto& m : v.materials) materials.push_back(MaterialJson(m));
  nlohmann::json media = nlohmann::json::array();
  for (const auto& m : v.media_reports) media.push_back(MediaReportJson(m));
  return {{"campaign_year", v.campaign.year},
          {"org",
           {{"code", v.org.code},
            {"name", v.org.name},
            {"type", domain::OrgTypeName(v.org.type)},
            {"parent_code", v.org.parent_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.org.parent_code)},
            {"contact_name", v.org.contact_name},
            {"contact_phone", v.org.contact_phone}}},
          {"status", domain::ReportStatusName(r.status)},
          {"status_label", domain::ReportStatusLabel(r.status)},
          {"values", ValuesJson(v.form, r.values)},
          {"version", r.version},
          {"submitted_at", TimeJson(r.submitted_at)},
          {"on_time", r.on_time ? nlohmann::json(*r.on_time) : nlohmann::json(nullptr)},
          {"deadline", core::FormatShanghai(v.deadline)},
          {"extension", TimeJson(v.extension)},
          {"filing", WindowName(v.window)},
          {"explanations", r.explanations},
          {"comments", {{"comment", r.review_comment}, {"fields", r.field_comments}}},
          {"checks", checks},
          {"reminders", reminders},
          {"materials", materials},
          {"media_reports", media},
          {"required_materials", v.campaign.required_materials},
          {"missing", v.missing},
          {"complete", v.complete},
          {"review", ReviewStateJson(v.campaign.report_review_levels, r.status == domain::ReportStatus::kSubmitted,
                                     v.pending_level)},
          {"can", {{"edit", v.may_edit}, {"review", v.may_review}, {"decide", v.may_decide}}},
          {"updated_at", r.updated_at ? nlohmann::json(core::FormatShanghai(r.updated_at)) : nlohmann::json(nullptr)},
          {"updated_by", r.updated_by}};
}

nlohmann::json HistoryJson(const std::vector<service::HistoryEntry>& h, const domain::FormTemplate& form) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : h) {
    const auto& s = e.submission;
    nlohmann::json changes = nlohmann::json::array();
    for (const auto& c : e.changes) {
      const domain::FormField* f = form.Field(c.field);
      changes.push_back({{"field", c.field},
                         {"label", f ? f->label : c.field},
                         {"before", c.before ? FigureJson(form, c.field, *c.before) : nlohmann::json(nullptr)},
                         {"after", c.after ? FigureJson(form, c.field, *c.after) : nlohmann::json(nullptr)}});
    }
    items.push_back({{"version", s.submission_no},
                     {"values", ValuesJson(form, s.values)},
                     {"explanations", s.explanations},
                     {"submitted_at", core::FormatShanghai(s.submitted_at)},
                     {"submitted_by", s.submitted_by},
                     {"on_time", s.on_time},
                     {"review", s.review_action.empty() ? nlohmann::json(nullptr)
                                                        : nlohmann::json{{"action", s.review_action},
                                                                         {"comment", s.review_comment},
                                                                         {"fields", s.field_comments},
                                                                         {"at", TimeJson(s.reviewed_at)},
                                                                         {"by", s.reviewed_by}}},
                     {"decisions", ReviewDecisionsJson(e.decisions)},
                     {"changes", changes}});
  }
  return {{"items", items}, {"total", items.size()}};
}

nlohmann::json ReminderEmailJson(const store::ReminderRow& r) {
  static const std::map<std::string, std::string> kLabels = {
      {"off", "未启用邮件提醒"}, {"no_address", "单位未填写电子邮箱"},
      {"pending", "待发送"},     {"sending", "发送中"},
      {"sent", "已发送"},        {"failed", "发送失败"}};
  auto label = kLabels.find(r.email_status);
  auto text_or_null = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  auto time_or_null = [](long long t) { return t ? nlohmann::json(core::FormatShanghai(t)) : nlohmann::json(nullptr); };
  return {{"status", r.email_status},
          {"status_label", label == kLabels.end() ? r.email_status : label->second},
          {"to", text_or_null(r.email_to)},
          {"attempts", r.email_attempts},
          {"error", text_or_null(r.email_error)},
          {"sent_at", time_or_null(r.email_sent_at)},
          {"next_attempt_at", r.email_status == "pending" ? time_or_null(r.email_next_at) : nlohmann::json(nullptr)}};
}

nlohmann::json CompletenessJson(const service::Completeness& c) {
  nlohmann::json units = nlohmann::json::array();
  for (const auto& u : c.units) {
    const auto& r = u.row;
    units.push_back(
        {{"code", r.code},
         {"name", r.name},
         {"type", r.type},
         {"parent_code", r.parent_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.parent_code)},
         {"parent_name", r.parent_name},
         {"status", domain::ReportStatusName(r.status)},
         {"status_label", domain::ReportStatusLabel(r.status)},
         {"submitted_at", TimeJson(r.submitted_at)},
         {"on_time", r.on_time ? nlohmann::json(*r.on_time) : nlohmann::json(nullptr)},
         {"contact_name", r.contact_name},
         {"contact_phone", r.contact_phone},
         {"contact_email", r.contact_email},
         {"reminders", r.reminders},
         {"last_reminder_at", TimeJson(r.last_reminder_at)},
         {"missing_materials", u.missing_materials},
         {"complete", u.complete},
         {"review", ReviewStateJson(c.review_levels, r.status == domain::ReportStatus::kSubmitted, u.pending_level)}});
  }
  return {{"year", c.year},
          {"deadline", core::FormatShanghai(c.deadline)},
          {"review_levels", c.review_levels},
          {"counts", c.counts},
          {"units", units}};
}

nlohmann::json TotalsJson(const service::Totals& t, const domain::FormTemplate& form) {
  auto sums = [&](const std::map<std::string, domain::Hundredths>& m) {
    nlohmann::json out = nlohmann::json::object();
    for (const domain::FormField* f : form.Fields()) {
      auto it = m.find(f->code);
      out[f->code] = FigureJson(form, f->code, it == m.end() ? 0 : it->second);
    }
    return out;
  };
  // 本单位 beside an area: {"units":1,"totals"} when the unit's report counts, else 0 units.
  auto own = [&](const std::optional<std::map<std::string, domain::Hundredths>>& m) {
    return nlohmann::json{{"units", m ? 1 : 0},
                          {"totals", sums(m.value_or(std::map<std::string, domain::Hundredths>{}))}};
  };
  auto groups = [&](const std::vector<store::TotalsGroupRow>& rows) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& g : rows) {
      nlohmann::json j = {{"key", g.key}, {"name", g.name}, {"units", g.units}, {"totals", sums(g.sums)}};
      // A district group's totals are its area (辖区合计); its own report is shown apart.
      if (t.group_by == "district" && !g.key.empty()) j["own"] = own(g.own_sums);
      out.push_back(std::move(j));
    }
    return out;
  };
  // Which week the figures are of: 第N届, its name and dates.
  auto campaign = [](const domain::Campaign& c) {
    return nlohmann::json{{"year", c.year},
                          {"edition", c.edition},
                          {"name", c.name},
                          {"start_date", c.start_date},
                          {"end_date", c.end_date}};
  };
  auto year = [&](const service::YearTotals& y) {
    auto j = campaign(y.campaign);
    j.update({{"units", y.units}, {"totals", sums(y.totals)}, {"groups", groups(y.groups)}});
    return j;
  };
  nlohmann::json out = {{"status", t.status},
                        {"group_by", t.group_by},
                        {"scope", t.scope.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.scope)},
                        {"campaign", campaign(t.current.campaign)},
                        {"units", t.current.units},
                        {"totals", sums(t.current.totals)},
                        {"groups", groups(t.current.groups)},
                        {"own", t.scope.empty() ? nlohmann::json(nullptr) : own(t.current.own)},
                        {"previous", nullptr},
                        {"comparisons", nlohmann::json::array()}};
  for (const auto& c : t.comparisons) out["comparisons"].push_back(year(c));
  if (t.compare_previous && !t.comparisons.empty()) {
    const auto& p = t.comparisons.front();
    out["previous"] = {{"year", p.campaign.year}, {"units", p.units}, {"totals", sums(p.totals)}};
  }
  return out;
}

core::Result<DraftInput> ParseDraftBody(const std::string& body) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  DraftInput d;
  d.version = static_cast<int>(in->Int("version", true, 0, 1'000'000'000).value_or(0));
  if (auto values = in->Raw("values", true)) {
    if (!values->is_object()) {
      in->AddProblem("values", "type", "values 须为对象");
    } else {
      for (auto& [code, v] : values->items()) {
        domain::RawValue raw;
        if (v.is_null()) raw.kind = domain::RawValue::Kind::kNull;
        else if (v.is_number()) {
          raw.kind = domain::RawValue::Kind::kNumber;
          raw.number = v.get<double>();
          if (v.is_number_integer()) {  // exact, however large
            raw.kind = domain::RawValue::Kind::kString;
            raw.text = v.dump();
          }
        } else if (v.is_string()) {
          raw.kind = domain::RawValue::Kind::kString;
          raw.text = v.get<std::string>();
        } else {
          raw.kind = domain::RawValue::Kind::kOther;
        }
        d.values[code] = std::move(raw);
      }
    }
  }
  if (auto st = in->Finish(); !st) return st.error();
  return d;
}

core::Result<SubmitInput> ParseSubmitBody(const std::string& body) {
  SubmitInput s;
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return s;  // no body: nothing to explain
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  s.explanations = TextMap(*in, "explanations", 1500);
  if (auto v = in->Int("version", false, 0, 1'000'000'000)) s.version = static_cast<int>(*v);
  if (auto st = in->Finish(); !st) return st.error();
  return s;
}

core::Result<ReviewInput> ParseReviewBody(const std::string& body, bool allow_fields) {
  ReviewInput r;
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return r;
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  r.comment = in->String("comment", false, 3000).value_or("");
  if (allow_fields) r.fields = TextMap(*in, "fields", 1500);
  if (auto st = in->Finish(); !st) return st.error();
  return r;
}

nlohmann::json OrgDocumentJson(const store::OrgDocumentRow& d) {
  return {{"id", d.id},
          {"kind", d.kind},
          {"filename", d.filename},
          {"size", d.size},
          {"sha256", d.sha256},
          {"mime", d.mime},
          {"created_at", core::FormatShanghai(d.created_at)},
          {"created_by", d.created_by}};
}

}  // namespace sciweek::http
