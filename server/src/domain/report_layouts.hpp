#pragma once
// Report layouts — the statistics exports as domain::Workbooks: the organizer's summary
// (one row per unit under the attachment's two-level header, subtotals by unit type, a
// grand total) with the completeness list, one unit's table in the attachment's own
// layout, and the flat sheet behind the CSV export. Pure: the caller streams the units in
// (already sorted) and export/ renders the result; nothing here does I/O.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "domain/campaign.hpp"
#include "domain/decimal.hpp"
#include "domain/form_template.hpp"
#include "domain/workbook.hpp"

namespace sciweek::domain {

// A unit's figures by field code; nullopt (or absent) means "not filled", never 0.
using Values = std::map<std::string, std::optional<Hundredths>>;

// One unit's row of the summary, as the service read it.
struct UnitFigures {
  std::string code;
  std::string name;
  std::string type_label;     // 科研院所; consecutive units with the same label form a group
  std::string district_name;  // the district the unit belongs to (所属区)
  std::string status_label;   // 已审核, 已提交 …
  Values values;
  std::string district_code;  // the district it rolls up to (itself for a district), "" for none
};

// One expected unit of the completeness (chase) list.
struct CompletenessRow {
  std::string code;
  std::string name;
  std::string type_label;
  std::string parent_name;
  std::string status_label;  // 未填报, 草稿, 已提交 …
  std::optional<core::UnixTime> submitted_at;
  std::optional<bool> on_time;  // empty when not submitted
  std::string contact_name;
  std::string contact_phone;
  int reminders = 0;  // 催报次数
};

// A completeness cursor over rows already in memory (tests, small lists).
std::function<bool(CompletenessRow&)> CompletenessFrom(std::vector<CompletenessRow> rows);

// "2023年北京科技周活动开展情况统计表": the campaign's year before the template's title.
std::string ReportTitle(const Campaign& campaign, const FormTemplate& form);

// A field's column header: its label with the unit, "举办活动次数（次）".
std::string FieldHeader(const FormField& field);

// The organizer's workbook: sheet 汇总 (units in the order `next_unit` yields them — the
// caller sorts by type — with a 小计 row whenever the type changes; then, per district, its
// area's 小计 (辖区合计: the district and every unit under it) and its own figures (本单位),
// units under no district together; and a 合计 row at the end, each unit counted once) and sheet 填报情况 (the
// completeness list). `next_unit` is read lazily while the file is written, so it may stream from the database.
Workbook SummaryWorkbook(const Campaign& campaign, const FormTemplate& form,
                         std::function<bool(UnitFigures&)> next_unit,
                         std::function<bool(CompletenessRow&)> completeness);

// The completeness (chase) list alone, for completeness.xlsx: the same sheet as above.
Workbook CompletenessWorkbook(const Campaign& campaign, const FormTemplate& form,
                              std::function<bool(CompletenessRow&)> rows);

// One unit's filled table as the notice's attachment lays it out (类别 | 项目 | 数量), with
// the title, the 盖章 line naming the unit, and a line for the date and the seal.
Workbook UnitWorkbook(const Campaign& campaign, const FormTemplate& form, const std::string& unit_name,
                      const Values& values);

// The flat sheet of the CSV export: one header row and one row per unit, no subtotals.
Sheet CsvSheet(const FormTemplate& form, std::function<bool(UnitFigures&)> next_unit);

}  // namespace sciweek::domain
