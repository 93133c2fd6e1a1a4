#include "domain/org_import.hpp"

#include <set>

#include "core/text.hpp"

namespace sciweek::domain {
namespace {

constexpr size_t kAllColumns = std::size(kOrgImportColumns);
constexpr size_t kColumnsBeforeEmail = kAllColumns - 1;  // the header of files without contact_email
constexpr const char* kHeaderText = "code,name,type,parent_code,contact_name,contact_phone[,contact_email]";

// True when following parents from `code` through `parents` returns to `code`.
bool HasCycle(const std::string& code, const std::map<std::string, std::string>& parents) {
  std::set<std::string> seen{code};
  std::string at = code;
  for (;;) {
    auto it = parents.find(at);
    if (it == parents.end() || it->second.empty()) return false;
    at = it->second;
    if (!seen.insert(at).second) return true;  // a loop above this unit
  }
}

}  // namespace

OrgImportPlan PlanOrgImport(const std::vector<core::CsvRecord>& records,
                            const std::map<std::string, OrgUnit>& existing) {
  OrgImportPlan plan;
  auto problem = [&](int line, std::string field, const std::string& msg) {
    plan.problems.push_back({std::move(field), "invalid", "第" + std::to_string(line) + "行：" + msg, line});
  };
  if (records.empty()) {
    problem(1, "", std::string("文件为空，第一行须为表头 ") + kHeaderText);
    return plan;
  }
  const auto& header = records.front();
  const size_t columns = header.fields.size();
  bool header_ok = columns == kAllColumns || columns == kColumnsBeforeEmail;
  for (size_t i = 0; header_ok && i < columns; ++i) header_ok = core::Trim(header.fields[i]) == kOrgImportColumns[i];
  if (!header_ok) {
    problem(header.line, "", std::string("表头须为 ") + kHeaderText);
    return plan;
  }
  const bool has_email = columns == kAllColumns;

  std::map<std::string, std::string> parents;  // the tree after the import
  for (const auto& [code, unit] : existing) parents[code] = unit.parent_code;
  std::map<std::string, int> seen_in_file;
  std::vector<std::pair<int, OrgUnit>> rows;
  for (size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    if (rec.fields.size() != columns) {
      problem(rec.line, "", "应有" + std::to_string(columns) + "列，实际" + std::to_string(rec.fields.size()) + "列");
      continue;
    }
    OrgUnit u;
    u.code = core::Trim(rec.fields[0]);
    u.name = core::Trim(rec.fields[1]);
    const std::string type = core::Trim(rec.fields[2]);
    u.parent_code = core::Trim(rec.fields[3]);
    u.contact_name = core::Trim(rec.fields[4]);
    u.contact_phone = core::Trim(rec.fields[5]);
    if (has_email) u.contact_email = core::Trim(rec.fields[6]);
    bool row_ok = true;
    if (auto t = ParseOrgType(type)) {
      u.type = *t;
    } else {
      problem(rec.line, "type",
              "单位类型“" + type +
                  "”无效，应为 district、member_unit、science_base、university、institute、enterprise 或 other");
      row_ok = false;
    }
    for (auto& p : ValidateOrgUnit(u)) {
      problem(rec.line, p.field, p.message);
      row_ok = false;
    }
    if (!u.code.empty()) {
      auto [it, inserted] = seen_in_file.emplace(u.code, rec.line);
      if (!inserted) {
        problem(rec.line, "code", "单位代码 " + u.code + " 与第" + std::to_string(it->second) + "行重复");
        row_ok = false;
      }
    }
    if (row_ok) {
      parents[u.code] = u.parent_code;
      rows.emplace_back(rec.line, std::move(u));
    }
  }
  for (const auto& [line, u] : rows) {
    if (!u.parent_code.empty() && !parents.contains(u.parent_code)) {
      problem(line, "parent_code", "上级单位 " + u.parent_code + " 不存在");
      continue;
    }
    if (HasCycle(u.code, parents)) {
      problem(line, "parent_code", "上级单位关系形成循环");
      continue;
    }
  }
  if (!plan.problems.empty()) return plan;

  // Creates in parent-first order: repeatedly take rows whose parent already exists.
  std::set<std::string> present;
  for (const auto& [code, unit] : existing) present.insert(code);
  std::vector<const OrgUnit*> pending;
  for (const auto& [line, u] : rows) {
    if (auto it = existing.find(u.code); it != existing.end()) {
      OrgUnit updated = u;
      updated.reports_expected = it->second.reports_expected;            // not a CSV column: keep it
      if (!has_email) updated.contact_email = it->second.contact_email;  // an older file: keep it
      plan.updates.push_back(updated);
    } else pending.push_back(&u);
  }
  while (!pending.empty()) {
    std::vector<const OrgUnit*> next;
    for (const OrgUnit* u : pending) {
      if (u->parent_code.empty() || present.contains(u->parent_code)) {
        plan.creates.push_back(*u);
        present.insert(u->code);
      } else {
        next.push_back(u);
      }
    }
    if (next.size() == pending.size()) break;  // unreachable: cycles were refused above
    pending.swap(next);
  }
  return plan;
}

}  // namespace sciweek::domain
