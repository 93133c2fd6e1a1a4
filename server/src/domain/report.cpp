#include "domain/report.hpp"

#include <cmath>

namespace sciweek::domain {

std::string_view ReportStatusName(ReportStatus s) {
  switch (s) {
    case ReportStatus::kNotStarted: return "not_started";
    case ReportStatus::kDraft: return "draft";
    case ReportStatus::kSubmitted: return "submitted";
    case ReportStatus::kReturned: return "returned";
    case ReportStatus::kApproved: return "approved";
  }
  return "draft";
}

std::string_view ReportStatusLabel(ReportStatus s) {
  switch (s) {
    case ReportStatus::kNotStarted: return "未填报";
    case ReportStatus::kDraft: return "草稿";
    case ReportStatus::kSubmitted: return "已提交";
    case ReportStatus::kReturned: return "已退回";
    case ReportStatus::kApproved: return "已通过";
  }
  return "草稿";
}

std::optional<ReportStatus> ParseReportStatus(std::string_view n) {
  for (auto s : {ReportStatus::kNotStarted, ReportStatus::kDraft, ReportStatus::kSubmitted, ReportStatus::kReturned,
                 ReportStatus::kApproved})
    if (ReportStatusName(s) == n) return s;
  return std::nullopt;
}

Values ConvertValues(const FormTemplate& form, const std::map<std::string, RawValue>& raw,
                     std::vector<core::FieldProblem>& problems) {
  Values out;
  for (const auto& [code, v] : raw) {
    const FormField* f = form.Field(code);
    if (!f) {
      problems.push_back({code, "unknown", "表单中没有指标 " + code, 0});
      continue;
    }
    const bool integer = f->type == FieldType::kInteger;
    std::optional<Hundredths> h;
    switch (v.kind) {
      case RawValue::Kind::kNull: out[code] = std::nullopt; continue;
      case RawValue::Kind::kNumber: h = FromNumber(v.number, integer); break;
      case RawValue::Kind::kString:
        h = ParseDecimal2(v.text);
        if (h && integer && *h % 100 != 0) h.reset();
        break;
      case RawValue::Kind::kOther: break;
    }
    if (!h) {
      problems.push_back({code, "type", f->label + (integer ? "须为整数" : "须为数字，最多两位小数"), 0});
      continue;
    }
    if (f->min && *h < *f->min) {
      problems.push_back(
          {code, "range", f->label + "不能小于 " + (integer ? FormatInteger(*f->min) : FormatDecimal2(*f->min)), 0});
      continue;
    }
    if (f->max && *h > *f->max) {
      problems.push_back(
          {code, "range", f->label + "不能大于 " + (integer ? FormatInteger(*f->max) : FormatDecimal2(*f->max)), 0});
      continue;
    }
    out[code] = h;
  }
  return out;
}

std::vector<core::FieldProblem> MissingRequired(const FormTemplate& form, const Values& values) {
  std::vector<core::FieldProblem> p;
  for (const FormField* f : form.Fields()) {
    auto it = values.find(f->code);
    if (f->required && (it == values.end() || !it->second)) p.push_back({f->code, "required", "请填写" + f->label, 0});
  }
  return p;
}

core::UnixTime EffectiveDeadline(const Campaign& c, std::optional<core::UnixTime> extension) {
  return extension && *extension > c.report_deadline ? *extension : c.report_deadline;
}

FilingWindow FilingAt(const Campaign& c, std::optional<core::UnixTime> extension, bool late_locked,
                      core::UnixTime now) {
  if (c.status != CampaignStatus::kOpen) return FilingWindow::kCampaignNotOpen;
  const auto start = core::ParseDate(c.start_date);
  if (start && now < core::ShanghaiDayStart(*start)) return FilingWindow::kNotStarted;
  if (now <= EffectiveDeadline(c, extension)) return FilingWindow::kOnTime;
  return late_locked ? FilingWindow::kLateLocked : FilingWindow::kLate;
}

}  // namespace sciweek::domain
