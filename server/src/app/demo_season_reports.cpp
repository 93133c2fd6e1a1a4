#include "app/demo_season_reports.hpp"

#include <cmath>

#include "app/demo_document.hpp"
#include "service/reporting/material_service.hpp"
#include "service/reporting/oversight_service.hpp"
#include "service/reporting/report_service.hpp"

namespace sciweek::app {
namespace {

constexpr core::UnixTime kDay = 86400, kHour = 3600;

// The units that file, with a size (1..8) their figures grow with, and what they open.
struct Filer {
  const char* org;
  int size;
  int venues, institutes, universities;
};
constexpr Filer kFilers[] = {
    {"110108", 8, 0, 0, 0}, {"tsinghua", 5, 0, 0, 1}, {"iop", 3, 0, 1, 0},    {"skx", 6, 0, 0, 0},
    {"kjg", 7, 1, 0, 0},    {"110102", 4, 0, 0, 0},   {"110105", 6, 0, 0, 0}, {"110112", 5, 0, 0, 0},
    {"110106", 3, 0, 0, 0}, {"110101", 4, 0, 0, 0},
};
// Units that file this year for the first time (no 2023 table to compare with).
constexpr Filer kNewFilers[] = {{"pku", 6, 0, 0, 1}};

// Plausible figures for a unit of this size, times `growth` (this year against 2023's);
// every default rule holds for them.
std::map<std::string, domain::RawValue> Figures(const Filer& f, double growth) {
  auto n = [&](double v) {
    domain::RawValue r;
    r.kind = domain::RawValue::Kind::kNumber;
    r.number = std::round(v * growth);
    return r;
  };
  auto money = [&](double v) {
    domain::RawValue r;
    r.kind = domain::RawValue::Kind::kNumber;
    r.number = std::round(v * growth * 100) / 100;
    return r;
  };
  const int k = f.size;
  return {{"activities_held", n(4 + 3 * k)},
          {"municipal_activities", n(1 + k % 3)},
          {"fund_municipal", money(5.5 * k)},
          {"fund_district", money(3.25 * k)},
          {"fund_enterprise", money(k % 2 ? 1.5 : 0)},
          {"fund_in_kind", money(0.8)},
          {"fund_other", money(0.2)},
          {"staff_fulltime", n(2 + k)},
          {"staff_scientists", n(5 * k)},
          {"staff_volunteers", n(10 * k)},
          {"staff_other", n(k)},
          {"participants_offline", n(1500 * k)},
          {"participants_online", n(8000 * k)},
          {"media_outlets", n(1 + k % 4)},
          {"media_reports", n(3 + k)},
          {"venues_opened", n(f.venues)},
          {"institutes_opened", n(f.institutes)},
          {"universities_opened", n(f.universities)}};
}

const Filer& FilerOf(const std::string& org) {
  for (const auto& f : kFilers)
    if (org == f.org) return f;
  for (const auto& f : kNewFilers)
    if (org == f.org) return f;
  return kFilers[0];
}

class Filing {
 public:
  Filing(store::Db& db, DemoActors& people, service::FileStore& files)
      : people_(people), reports_(db), materials_(db, files), files_(files) {}

  // Saves the unit's figures as a draft at `at`; false when the unit had filed already
  // (the demo adds only what is missing).
  core::Result<bool> Draft(int year, const std::string& org, double growth, core::UnixTime at) {
    const auto unit = people_.As(org, at);
    auto view = reports_.Get(unit, year, org);
    if (!view) return DemoStepFailed(org, view.error());
    if (view->report.status != domain::ReportStatus::kNotStarted) return false;
    auto saved = reports_.SaveDraft(unit, year, org, Figures(FilerOf(org), growth), view->report.version);
    if (!saved) return DemoStepFailed(org, saved.error());
    return true;
  }

  // Two media reports and, with `summary`, the summary report (a PDF), before submitting.
  // Each upload is probed in a child process (~0.3 s), so only a few units send one.
  core::Status Materials(int year, const std::string& org, bool summary, core::UnixTime at) {
    const auto unit = people_.As(org, at);
    if (summary) {
      auto pdf = WriteDemoPdf(files_);
      if (!pdf) return pdf.error();
      if (auto m = materials_.Upload(unit, year, org, "summary", "科技周活动总结报告.pdf", *pdf); !m)
        return DemoStepFailed(org, m.error());
    }
    const std::string date = core::ShanghaiDate(at - 3 * kDay);
    for (const auto& [outlet, title] :
         {std::pair{"北京日报", "科技周活动走进社区"}, {"新华网", "科学家与青少年面对面"}})
      if (auto m = materials_.AddMediaReport(unit, year, org, {outlet, title, "https://news.example.cn/kjz", date}); !m)
        return DemoStepFailed(org, m.error());
    return {};
  }

  // Submits the saved draft at `at`, explaining any warning as a unit would.
  core::Status Submit(int year, const std::string& org, core::UnixTime at) {
    const auto unit = people_.As(org, at);
    auto view = reports_.Get(unit, year, org);
    if (!view) return DemoStepFailed(org, view.error());
    std::map<std::string, std::string> explanations;
    for (const auto& o : view->checks)
      if (!o.passed && o.severity == domain::Severity::kWarning) explanations[o.id] = "今年活动规模扩大，数据已核实";
    if (auto s = reports_.Submit(unit, year, org, explanations, view->report.version); !s)
      return DemoStepFailed(org, s.error());
    return {};
  }

  // Approves at the level the table waits at: `who` is the city's reviewer, or a district's
  // (whose approval forwards the table to the city).
  core::Status Approve(int year, const std::string& org, core::UnixTime at, const std::string& who = "reviewer") {
    if (auto s = reports_.Approve(people_.As(who, at), year, org, "数据完整，予以通过"); !s)
      return DemoStepFailed(org, s.error());
    return {};
  }

  core::Status Return(int year, const std::string& org, core::UnixTime at, const std::string& who = "reviewer") {
    auto s = reports_.Return(people_.As(who, at), year, org, "请核实后重新提交",
                             {{"participants_offline", "线下参与人数与活动签到记录相差较大，请核实"},
                              {"fund_district", "区级财政经费请与财政批复文件一致"}});
    if (!s) return DemoStepFailed(org, s.error());
    return {};
  }

  core::Status Extend(int year, const std::string& org, core::UnixTime until, core::UnixTime at) {
    if (auto s = reports_.SetExtension(people_.As("admin", at), year, org, until); !s)
      return DemoStepFailed(org, s.error());
    return {};
  }

 private:
  DemoActors& people_;
  service::ReportService reports_;
  service::MaterialService materials_;
  service::FileStore& files_;
};

}  // namespace

core::UnixTime SeasonDeadline(const SeasonWeek& week) { return SeasonDayStart(week.end_date) + 9 * kDay + 18 * kHour; }

core::Result<int> PlayReportingPhase(store::Db& db, DemoActors& people, service::FileStore& files,
                                     const SeasonWeek& week) {
  Filing filing(db, people, files);
  int filed = 0;
  // 2023: last year's reference, every unit approved, filed within that year's deadline.
  const core::UnixTime ref = *core::ParseDateTime("2023-06-05T10:00:00+08:00");
  for (const auto& f : kFilers) {
    auto drafted = filing.Draft(2023, f.org, 1.0, ref - kDay);
    if (!drafted) return drafted.error();
    if (!*drafted) continue;
    if (auto s = filing.Submit(2023, f.org, ref); !s) return s.error();
    if (auto s = filing.Approve(2023, f.org, ref + 2 * kDay); !s) return s.error();
    ++filed;
  }

  const int y = week.year;
  const core::UnixTime after = SeasonDayStart(week.end_date) + kDay + 10 * kHour;  // the morning after the week
  const core::UnixTime deadline = SeasonDeadline(week);
  // Filed on time with their media reports, two with the summary too (complete packages).
  // Two review levels this year: 海淀区's reviewer forwards 清华 (the city approves it) and
  // returns 物理所; 北京大学 still waits at 海淀区 and 中国科技馆 at 朝阳区; the city approves
  // 海淀区 and 市科协 (no district above them), returns 朝阳区's table, and 西城区's waits at
  // the city.
  for (const std::string org : {"110108", "tsinghua", "iop", "pku", "skx", "kjg", "110102", "110105"}) {
    auto drafted = filing.Draft(y, org, 1.2, after);
    if (!drafted) return drafted.error();
    if (!*drafted) continue;
    const bool summary = org == "110108" || org == "kjg";
    if (auto s = filing.Materials(y, org, summary, after + kHour); !s) return s.error();
    if (auto s = filing.Submit(y, org, after + 2 * kDay); !s) return s.error();
    ++filed;
  }
  const std::string district = "haidian-reviewer";
  if (auto s = filing.Approve(y, "tsinghua", after + 2 * kDay + 5 * kHour, district); !s) return s.error();
  if (auto s = filing.Return(y, "iop", after + 2 * kDay + 6 * kHour, district); !s) return s.error();
  for (const char* org : {"110108", "tsinghua", "skx"})
    if (auto s = filing.Approve(y, org, after + 3 * kDay); !s) return s.error();
  if (auto s = filing.Return(y, "110105", after + 3 * kDay); !s) return s.error();
  // 东城区 keeps a draft; the chase two days before the deadline goes to every unit still
  // owing its table (not started, draft, returned).
  if (auto d = filing.Draft(y, "110101", 1.1, after + 4 * kDay); !d) return d.error();
  else filed += *d ? 1 : 0;
  service::OversightService oversight(db);
  if (auto r = oversight.SendReminders(people.As("reviewer", deadline - 2 * kDay), y,
                                       "截止时间临近，请尽快提交科技周活动开展情况统计表", {});
      !r)
    return DemoStepFailed("chase", r.error());
  // 丰台区 asked for more time and files within its extension; 通州区 files after the deadline.
  if (auto s = filing.Extend(y, "110106", deadline + 5 * kDay, deadline - kDay); !s) return s.error();
  for (const auto& [org, at] : {std::pair{"110106", deadline + 2 * kDay}, {"110112", deadline + kDay}}) {
    auto drafted = filing.Draft(y, org, 1.2, at - kHour);
    if (!drafted) return drafted.error();
    if (!*drafted) continue;
    if (auto s = filing.Submit(y, org, at); !s) return s.error();
    ++filed;
  }
  if (auto r = oversight.SendReminders(people.As("reviewer", deadline + 3 * kDay), y, "", {"110101", "110105"}); !r)
    return DemoStepFailed("chase", r.error());
  return filed;
}

}  // namespace sciweek::app
