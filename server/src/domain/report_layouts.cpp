#include "domain/report_layouts.hpp"

#include <cstdio>
#include <map>
#include <memory>
#include <utility>

namespace sciweek::domain {
namespace {

// The identifying columns in front of the figures on the summary sheet.
const std::vector<std::string> kUnitColumns = {"序号", "单位代码", "单位名称", "单位类型", "所属区", "状态"};
constexpr int kNameColumn = 2;  // where 小计/合计 labels go: the widest text column

using Sums = std::vector<std::optional<Hundredths>>;

CellStyle NumberStyle(const FormField& f, bool total) {
  if (f.type == FieldType::kDecimal2) return total ? CellStyle::kTotalDecimal2 : CellStyle::kDecimal2;
  return total ? CellStyle::kTotalInteger : CellStyle::kInteger;
}

Cell FigureCell(const FormField& f, const std::optional<Hundredths>& v, bool total) {
  // An unfilled figure stays an empty cell: a 0 would claim the unit reported zero.
  return v ? Cell::Number(*v, NumberStyle(f, total)) : Cell::Empty(NumberStyle(f, total));
}

std::optional<Hundredths> Lookup(const Values& values, const std::string& code) {
  auto it = values.find(code);
  return it == values.end() ? std::nullopt : it->second;
}

void AddInto(Sums& sums, const std::vector<FormField>& fields, const Values& values) {
  for (size_t i = 0; i < fields.size(); ++i)
    if (auto v = Lookup(values, fields[i].code)) sums[i] = sums[i].value_or(0) + *v;
}

std::vector<FormField> FlatFields(const FormTemplate& form) {
  std::vector<FormField> out;
  for (const FormField* f : form.Fields()) out.push_back(*f);
  return out;
}

Row TitleRow(std::string title) { return {Cell::Text(std::move(title), CellStyle::kTitle)}; }

std::string MinuteText(core::UnixTime t) {
  // Shanghai wall-clock minutes: spreadsheets read "2023-06-12 18:00" better than ISO 8601.
  const int day_seconds = core::ShanghaiSecondOfDay(t);
  char hm[16];  // room for any int, so g++ sees no truncation
  std::snprintf(hm, sizeof hm, "%02d:%02d", day_seconds / 3600, day_seconds / 60 % 60);
  return core::ShanghaiDate(t) + " " + hm;
}

// Streams the summary body: unit rows, with a 小计 row after each run of one type. Held in
// a shared_ptr because std::function copies its target and the tail must see the same sums.
class SummaryBody {
 public:
  SummaryBody(std::function<bool(UnitFigures&)> next_unit, std::vector<FormField> fields)
      : next_unit_(std::move(next_unit)), fields_(std::move(fields)), grand_(fields_.size()) {}

  bool Next(Row& row) {
    row.clear();
    if (!held_ && !exhausted_) {
      UnitFigures u;  // fresh each time so no figure of the previous unit leaks into this one
      if (next_unit_(u)) held_ = std::move(u);
      else exhausted_ = true;
    }
    // One unit of look-ahead: the group ends when the next unit's type differs (or none is left).
    if (group_open_ && (!held_ || held_->type_label != group_label_)) {
      TotalRow(row, "小计：" + (group_label_.empty() ? std::string("未分类") : group_label_), group_);
      group_open_ = false;
      return true;
    }
    if (!held_) return false;
    if (!group_open_) {
      group_open_ = true;
      group_label_ = held_->type_label;
      group_.assign(fields_.size(), std::nullopt);
    }
    const UnitFigures& u = *held_;
    row.push_back(Cell::Number(++count_ * 100, CellStyle::kInteger));
    for (const std::string* s : {&u.code, &u.name, &u.type_label, &u.district_name, &u.status_label})
      row.push_back(Cell::Text(*s));
    for (const FormField& f : fields_) row.push_back(FigureCell(f, Lookup(u.values, f.code), false));
    AddInto(group_, fields_, u.values);
    AddInto(grand_, fields_, u.values);
    Area& area = AreaOf(u.district_code);
    if (area.name.empty()) area.name = u.district_name;
    AddInto(area.sums, fields_, u.values);
    if (!u.district_code.empty() && u.code == u.district_code) AddInto(area.own, fields_, u.values);
    held_.reset();
    return true;
  }

  // Per district (by code) its area and its own figures, units under no district last, then
  // 合计. Each unit is in exactly one area, so the area rows add up to 合计.
  std::vector<Row> Tail() const {
    std::vector<Row> rows;
    auto add = [&](const std::string& label, const Sums& sums) {
      Row row;
      TotalRow(row, label, sums);
      rows.push_back(std::move(row));
    };
    for (const auto& [code, area] : areas_) {
      if (code.empty()) continue;
      const std::string name = area.name.empty() ? code : area.name;
      add("小计：" + name + "（辖区合计）", area.sums);
      add("其中：" + name + "（本单位）", area.own);
    }
    // Beside district areas, the rest make the areas add up to 合计; alone, they are 合计.
    if (auto none = areas_.find(""); none != areas_.end() && areas_.size() > 1)
      add("小计：不属于任何区的单位", none->second.sums);
    add("合计", grand_);
    return rows;
  }

 private:
  void TotalRow(Row& row, const std::string& label, const Sums& sums) const {
    for (size_t c = 0; c < kUnitColumns.size(); ++c)
      row.push_back(c == kNameColumn ? Cell::Text(label, CellStyle::kTotalText) : Cell::Empty(CellStyle::kTotalText));
    for (size_t i = 0; i < fields_.size(); ++i) row.push_back(FigureCell(fields_[i], sums[i], true));
  }

  std::function<bool(UnitFigures&)> next_unit_;
  std::vector<FormField> fields_;
  std::optional<UnitFigures> held_;
  bool exhausted_ = false;
  bool group_open_ = false;
  std::string group_label_;
  Sums group_;
  Sums grand_;
  long long count_ = 0;
  struct Area {
    std::string name;
    Sums sums, own;
  };
  // Keyed by district code; districts are few, so this stays small however many units stream.
  std::map<std::string, Area> areas_;
  Area& AreaOf(const std::string& code) {
    auto [it, added] = areas_.try_emplace(code);
    if (added) {
      it->second.sums.assign(fields_.size(), std::nullopt);
      it->second.own.assign(fields_.size(), std::nullopt);
    }
    return it->second;
  }
};

Sheet SummarySheet(const Campaign& campaign, const FormTemplate& form, std::function<bool(UnitFigures&)> next_unit) {
  const int fixed = static_cast<int>(kUnitColumns.size());
  const int columns = fixed + static_cast<int>(form.Fields().size());
  Sheet s;
  s.name = "汇总";
  s.landscape = true;
  s.column_widths = {6, 12, 30, 12, 10, 10};
  s.column_widths.resize(columns, 14);
  s.head.push_back(TitleRow(ReportTitle(campaign, form) + "（汇总）"));
  s.merges.push_back({0, 0, 0, columns - 1});

  // Two header rows as in the attachment: a category over its items, and a one-item
  // category (or an identifying column) standing alone across both rows.
  Row top, bottom;
  for (int c = 0; c < fixed; ++c) {
    top.push_back(Cell::Text(kUnitColumns[c], CellStyle::kHeader));
    bottom.push_back(Cell::Empty(CellStyle::kHeader));
    s.merges.push_back({1, c, 2, c});
  }
  for (const FormSection& section : form.sections) {
    const int first = static_cast<int>(top.size());
    const int n = static_cast<int>(section.fields.size());
    if (n == 0) continue;
    if (n == 1) {
      top.push_back(Cell::Text(FieldHeader(section.fields[0]), CellStyle::kHeader));
      bottom.push_back(Cell::Empty(CellStyle::kHeader));
      s.merges.push_back({1, first, 2, first});
      continue;
    }
    for (int i = 0; i < n; ++i) {
      top.push_back(i == 0 ? Cell::Text(section.label, CellStyle::kHeader) : Cell::Empty(CellStyle::kHeader));
      bottom.push_back(Cell::Text(FieldHeader(section.fields[i]), CellStyle::kHeader));
    }
    s.merges.push_back({1, first, 1, first + n - 1});
  }
  s.head.push_back(std::move(top));
  s.head.push_back(std::move(bottom));
  s.freeze_rows = 3;
  s.freeze_cols = 3;  // 序号, 单位代码, 单位名称 stay visible beside the figures

  auto body = std::make_shared<SummaryBody>(std::move(next_unit), FlatFields(form));
  s.next_row = [body](Row& row) { return body->Next(row); };
  s.tail = [body] { return body->Tail(); };
  return s;
}

Sheet CompletenessSheet(const Campaign& campaign, const FormTemplate& form,
                        std::function<bool(CompletenessRow&)> next_unit) {
  static const std::vector<std::string> kHeaders = {"序号",     "单位代码", "单位名称", "单位类型",
                                                    "上级单位", "填报状态", "提交时间", "是否按时",
                                                    "联系人",   "联系电话", "催报次数"};
  Sheet s;
  s.name = "填报情况";
  s.landscape = true;
  s.column_widths = {6, 12, 30, 12, 20, 10, 17, 9, 10, 15, 9};
  s.head.push_back(TitleRow(ReportTitle(campaign, form) + "（填报情况）"));
  s.merges.push_back({0, 0, 0, static_cast<int>(kHeaders.size()) - 1});
  Row header;
  for (const auto& h : kHeaders) header.push_back(Cell::Text(h, CellStyle::kHeader));
  s.head.push_back(std::move(header));
  s.freeze_rows = 2;

  // Rows are rendered one at a time as the units are read, never built up front.
  auto next = std::make_shared<long long>(0);
  s.next_row = [next_unit = std::move(next_unit), next](Row& row) {
    row.clear();
    CompletenessRow r;
    if (!next_unit(r)) return false;
    row.push_back(Cell::Number(static_cast<Hundredths>(++*next) * 100, CellStyle::kInteger));
    for (const std::string* t : {&r.code, &r.name, &r.type_label, &r.parent_name, &r.status_label})
      row.push_back(Cell::Text(*t));
    row.push_back(r.submitted_at ? Cell::Text(MinuteText(*r.submitted_at)) : Cell::Empty());
    row.push_back(r.on_time ? Cell::Text(*r.on_time ? "是" : "否") : Cell::Empty());
    row.push_back(Cell::Text(r.contact_name));
    row.push_back(Cell::Text(r.contact_phone));
    row.push_back(Cell::Number(static_cast<Hundredths>(r.reminders) * 100, CellStyle::kInteger));
    return true;
  };
  return s;
}

}  // namespace

std::function<bool(CompletenessRow&)> CompletenessFrom(std::vector<CompletenessRow> rows) {
  auto list = std::make_shared<std::vector<CompletenessRow>>(std::move(rows));
  auto next = std::make_shared<size_t>(0);
  return [list, next](CompletenessRow& out) {
    if (*next >= list->size()) return false;
    out = (*list)[(*next)++];
    return true;
  };
}

std::string ReportTitle(const Campaign& campaign, const FormTemplate& form) {
  return std::to_string(campaign.year) + "年" + form.title_suffix;
}

std::string FieldHeader(const FormField& field) {
  return field.unit.empty() ? field.label : field.label + "（" + field.unit + "）";
}

Workbook SummaryWorkbook(const Campaign& campaign, const FormTemplate& form,
                         std::function<bool(UnitFigures&)> next_unit,
                         std::function<bool(CompletenessRow&)> completeness) {
  Workbook book;
  book.title = ReportTitle(campaign, form) + "（汇总）";
  book.sheets.push_back(SummarySheet(campaign, form, std::move(next_unit)));
  book.sheets.push_back(CompletenessSheet(campaign, form, std::move(completeness)));
  return book;
}

Workbook CompletenessWorkbook(const Campaign& campaign, const FormTemplate& form,
                              std::function<bool(CompletenessRow&)> rows) {
  Workbook book;
  book.title = ReportTitle(campaign, form) + "（填报情况）";
  book.sheets.push_back(CompletenessSheet(campaign, form, std::move(rows)));
  return book;
}

Workbook UnitWorkbook(const Campaign& campaign, const FormTemplate& form, const std::string& unit_name,
                      const Values& values) {
  Sheet s;
  s.name = "统计表";
  s.column_widths = {24, 44, 14};
  s.head.push_back(TitleRow(ReportTitle(campaign, form)));
  s.merges.push_back({0, 0, 0, 2});
  s.head.push_back({Cell::Text("各区、各有关部门（盖章）：" + unit_name, CellStyle::kNote)});
  s.merges.push_back({1, 0, 1, 2});
  s.head.push_back({Cell::Text("类别", CellStyle::kHeader), Cell::Text("项目", CellStyle::kHeader),
                    Cell::Text("数量", CellStyle::kHeader)});
  s.freeze_rows = 3;

  for (const FormSection& section : form.sections) {
    const int first = static_cast<int>(s.head.size());
    const int n = static_cast<int>(section.fields.size());
    if (n == 0) continue;
    for (int i = 0; i < n; ++i) {
      const FormField& f = section.fields[i];
      // The funds category already says 单位：万元; elsewhere the unit follows the item.
      const bool unit_in_category = !f.unit.empty() && section.label.find("单位：" + f.unit) != std::string::npos;
      Row row;
      row.push_back(i == 0 ? Cell::Text(n == 1 ? FieldHeader(f) : section.label, CellStyle::kHeader)
                           : Cell::Empty(CellStyle::kHeader));
      row.push_back(n == 1 ? Cell::Empty(CellStyle::kHeader) : Cell::Text(unit_in_category ? f.label : FieldHeader(f)));
      row.push_back(FigureCell(f, Lookup(values, f.code), false));
      s.head.push_back(std::move(row));
    }
    // A one-item section is a single row whose label spans 类别 and 项目, as printed.
    s.merges.push_back(n == 1 ? Merge{first, 0, first, 1} : Merge{first, 0, first + n - 1, 0});
  }
  const int date_row = static_cast<int>(s.head.size());
  s.head.push_back({Cell::Text("填报日期：        （盖章）", CellStyle::kNote)});
  s.merges.push_back({date_row, 0, date_row, 2});

  Workbook book;
  book.title = ReportTitle(campaign, form) + "（" + unit_name + "）";
  book.sheets.push_back(std::move(s));
  return book;
}

Sheet CsvSheet(const FormTemplate& form, std::function<bool(UnitFigures&)> next_unit) {
  Sheet s;
  s.name = "数据";
  Row header;
  for (const char* h : {"单位代码", "单位名称", "单位类型", "所属区", "状态"})
    header.push_back(Cell::Text(h, CellStyle::kHeader));
  auto fields = std::make_shared<std::vector<FormField>>(FlatFields(form));
  for (const FormField& f : *fields) header.push_back(Cell::Text(FieldHeader(f), CellStyle::kHeader));
  s.head.push_back(std::move(header));
  s.freeze_rows = 1;
  s.next_row = [fields, next_unit = std::move(next_unit)](Row& row) {
    row.clear();
    UnitFigures u;
    if (!next_unit(u)) return false;
    for (const std::string* t : {&u.code, &u.name, &u.type_label, &u.district_name, &u.status_label})
      row.push_back(Cell::Text(*t));
    for (const FormField& f : *fields) row.push_back(FigureCell(f, Lookup(u.values, f.code), false));
    return true;
  };
  return s;
}

}  // namespace sciweek::domain
