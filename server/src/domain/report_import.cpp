#include "domain/report_import.hpp"

#include <cmath>
#include <optional>

#include "core/text.hpp"
#include "domain/report_layouts.hpp"

namespace sciweek::domain {
namespace {

constexpr int kHeaderSearchRows = 12;  // titles and notes come before the header row

std::string Text(const RawValue& v) {
  if (v.kind == RawValue::Kind::kString) return core::Trim(v.text);
  // A unit code typed into a number cell (110108) reads as its digits.
  if (v.kind == RawValue::Kind::kNumber && std::isfinite(v.number) && v.number == std::floor(v.number) &&
      std::fabs(v.number) < 1e15)
    return std::to_string(static_cast<long long>(v.number));
  return {};
}

const RawValue& At(const std::vector<RawValue>& row, size_t c) {
  static const RawValue kEmpty;
  return c < row.size() ? row[c] : kEmpty;
}

bool IsEmpty(const RawValue& v) {
  return v.kind == RawValue::Kind::kNull || (v.kind == RawValue::Kind::kString && core::Trim(v.text).empty());
}

// "1,234" and full stops as typed stay numbers; other text goes to the form's checks as is.
RawValue Figure(const RawValue& v) {
  if (v.kind != RawValue::Kind::kString) return v;
  RawValue out = v;
  out.text.clear();
  for (char ch : core::Trim(v.text))
    if (ch != ',') out.text += ch;
  return out;
}

// The form field a header or item label names: its header with the unit, or its bare label.
const FormField* FieldNamed(const FormTemplate& form, const std::string& text) {
  if (text.empty()) return nullptr;
  for (const FormField* f : form.Fields())
    if (text == FieldHeader(*f) || text == f->label) return f;
  return nullptr;
}

std::optional<size_t> ColumnOf(const std::vector<RawValue>& row, const std::string& header) {
  for (size_t c = 0; c < row.size(); ++c)
    if (Text(row[c]) == header) return c;
  return std::nullopt;
}

// 汇总 and 数据: one row per unit under a header with 单位代码.
void ReadUnitRows(const FormTemplate& form, const ImportSheet& sheet, size_t header, ImportRead& out) {
  const auto& head = sheet.rows[header];
  const size_t code_col = *ColumnOf(head, "单位代码");
  const auto name_col = ColumnOf(head, "单位名称");
  // Field columns: the header row, or the row under it (a category spans its items above).
  std::map<size_t, const FormField*> columns;
  size_t width = head.size();
  if (header + 1 < sheet.rows.size()) width = std::max(width, sheet.rows[header + 1].size());
  for (size_t c = 0; c < width; ++c) {
    const FormField* f = FieldNamed(form, Text(At(head, c)));
    if (!f && header + 1 < sheet.rows.size()) f = FieldNamed(form, Text(At(sheet.rows[header + 1], c)));
    if (f) columns[c] = f;
  }
  if (columns.empty()) return;  // 填报情况 and other lists of units without figures
  for (size_t r = header + 1; r < sheet.rows.size(); ++r) {
    const auto& row = sheet.rows[r];
    const std::string code = Text(At(row, code_col));
    if (code.empty() || code == "单位代码") continue;  // the second header row, 小计, 合计, blank lines
    ImportedRow u;
    u.sheet = sheet.name;
    u.row = static_cast<int>(r) + 1;
    u.unit_code = code;
    u.unit_cell = CellName(static_cast<int>(r), static_cast<int>(code_col));
    if (name_col) u.unit_name = Text(At(row, *name_col));
    for (const auto& [c, f] : columns) {
      const RawValue& v = At(row, c);
      if (IsEmpty(v) || u.values.contains(f->code)) continue;
      u.values[f->code] = Figure(v);
      u.cells[f->code] = CellName(static_cast<int>(r), static_cast<int>(c));
    }
    out.rows.push_back(std::move(u));
  }
}

// 统计表: one unit's table, 类别 | 项目 | 数量, one item per row until 填报日期.
void ReadUnitTable(const FormTemplate& form, const ImportSheet& sheet, size_t header, ImportRead& out) {
  const auto& head = sheet.rows[header];
  const size_t value_col = *ColumnOf(head, "数量");
  ImportedRow u;
  u.sheet = sheet.name;
  u.row = static_cast<int>(header) + 1;
  for (size_t r = 0; r < header; ++r) {
    const std::string line = Text(At(sheet.rows[r], 0));
    if (auto at = line.find("（盖章）："); at != std::string::npos) {
      u.unit_name = core::Trim(line.substr(at + std::string("（盖章）：").size()));
      u.unit_cell = CellName(static_cast<int>(r), 0);
    }
  }
  for (size_t r = header + 1; r < sheet.rows.size(); ++r) {
    const auto& row = sheet.rows[r];
    const std::string first = Text(At(row, 0));
    if (first.rfind("填报日期", 0) == 0) break;
    std::string label = value_col >= 2 ? Text(At(row, 1)) : std::string();
    if (label.empty()) label = first;  // a one-item section spans 类别 and 项目
    const FormField* f = FieldNamed(form, label);
    const RawValue& v = At(row, value_col);
    const std::string cell = CellName(static_cast<int>(r), static_cast<int>(value_col));
    if (!f) {
      if (!IsEmpty(v) && !label.empty())
        out.problems.push_back({sheet.name, cell, "", "", "unknown_item", "表中没有这一项：" + label});
      continue;
    }
    if (IsEmpty(v) || u.values.contains(f->code)) continue;
    u.values[f->code] = Figure(v);
    u.cells[f->code] = cell;
  }
  out.rows.push_back(std::move(u));
}

}  // namespace

std::string CellName(int row0, int col0) {
  std::string letters;
  for (int c = col0 + 1; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters + std::to_string(row0 + 1);
}

ImportRead ReadStatisticsGrid(const FormTemplate& form, const std::vector<ImportSheet>& sheets) {
  ImportRead out;
  for (const auto& sheet : sheets) {
    const size_t limit = std::min<size_t>(sheet.rows.size(), kHeaderSearchRows);
    for (size_t r = 0; r < limit; ++r) {
      const auto& row = sheet.rows[r];
      if (ColumnOf(row, "单位代码")) {
        ReadUnitRows(form, sheet, r, out);
        break;
      }
      if (ColumnOf(row, "项目") && ColumnOf(row, "数量")) {
        ReadUnitTable(form, sheet, r, out);
        break;
      }
    }
  }
  if (out.rows.empty() && out.problems.empty())
    out.problems.push_back(
        {"", "", "", "", "no_table",
         "文件中没有找到统计表：请使用本系统导出的汇总表或单位统计表（表头须有“单位代码”或“类别/项目/数量”）"});
  return out;
}

}  // namespace sciweek::domain
