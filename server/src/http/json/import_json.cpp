#include "http/json/import_json.hpp"

#include "core/text.hpp"
#include "http/json/json_input.hpp"

namespace sciweek::http {
namespace {

constexpr size_t kMaxSheets = 20, kMaxRows = 20000, kMaxCells = 400, kMaxAllCells = 1000000, kMaxText = 1000;

core::Error Bad(const std::string& field, const std::string& message) {
  return core::Error::Validation({{field, "invalid", message, 0}});
}

}  // namespace

core::Result<std::vector<domain::ImportSheet>> ParseImportGrid(const std::string& body) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  auto sheets = in->Raw("sheets", true);
  if (auto st = in->Finish(); !st) return st.error();
  if (!sheets->is_array() || sheets->empty() || sheets->size() > kMaxSheets)
    return Bad("sheets", "sheets 须为1至20个工作表的数组");
  std::vector<domain::ImportSheet> out;
  size_t all = 0;
  for (size_t i = 0; i < sheets->size(); ++i) {
    const auto& s = (*sheets)[i];
    const std::string f = "sheets[" + std::to_string(i) + "]";
    if (!s.is_object() || !s.contains("rows") || !s["rows"].is_array())
      return Bad(f, "工作表须为 {\"name\",\"rows\"} 对象");
    domain::ImportSheet sheet;
    if (auto n = s.find("name"); n != s.end() && n->is_string() && n->get<std::string>().size() <= 200 &&
                                 core::IsCleanUtf8(n->get<std::string>(), false))
      sheet.name = n->get<std::string>();
    const auto& rows = s["rows"];
    if (rows.size() > kMaxRows) return Bad(f + ".rows", "每个工作表最多20000行");
    for (size_t r = 0; r < rows.size(); ++r) {
      const auto& row = rows[r];
      if (!row.is_array() || row.size() > kMaxCells) return Bad(f + ".rows", "每行须为不超过400个单元格的数组");
      all += row.size();
      if (all > kMaxAllCells) return Bad("sheets", "文件过大：单元格总数超过1000000");
      std::vector<domain::RawValue> cells;
      cells.reserve(row.size());
      for (const auto& c : row) {
        domain::RawValue v;
        if (c.is_number()) {
          v.kind = domain::RawValue::Kind::kNumber;
          v.number = c.get<double>();
        } else if (c.is_string()) {
          const auto& t = c.get_ref<const std::string&>();
          if (t.size() > kMaxText || !core::IsCleanUtf8(t, true))
            return Bad(f + ".rows", "第" + std::to_string(r + 1) + "行有过长或含非法字符的单元格");
          v.kind = domain::RawValue::Kind::kString;
          v.text = t;
        } else if (!c.is_null()) {
          v.kind = domain::RawValue::Kind::kOther;  // booleans, objects: the form refuses them by cell
        }
        cells.push_back(std::move(v));
      }
      sheet.rows.push_back(std::move(cells));
    }
    out.push_back(std::move(sheet));
  }
  return out;
}

namespace {

nlohmann::json ProblemsJson(const std::vector<domain::ImportProblem>& list) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : list)
    problems.push_back({{"sheet", p.sheet},
                        {"cell", p.cell},
                        {"unit", p.unit},
                        {"field", p.field},
                        {"code", p.code},
                        {"message", p.message}});
  return problems;
}

}  // namespace

core::Error ImportRefused(const std::vector<domain::ImportProblem>& problems) {
  std::vector<core::FieldProblem> details;
  details.reserve(problems.size());
  for (const auto& p : problems) details.push_back({p.sheet + "!" + p.cell, p.code, p.message, 0});
  return core::Error::Validation(std::move(details),
                                 "文件有" + std::to_string(problems.size()) + "处问题，未导入任何数据");
}

core::Result<bool> ImportApplies(const std::optional<std::string>& mode) {
  const std::string m = mode.value_or("dry_run");
  if (m != "dry_run" && m != "apply") return core::Error::Invalid("mode 须为 dry_run 或 apply", "mode");
  return m == "apply";
}

nlohmann::json ActivityImportOutcomeJson(const service::ActivityImportOutcome& o) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : o.items)
    items.push_back({{"sheet", i.sheet},
                     {"row", i.row},
                     {"title", i.title},
                     {"sessions", i.sessions},
                     {"ok", i.ok},
                     {"id", i.id ? nlohmann::json(i.id) : nlohmann::json(nullptr)}});
  return {{"applied", o.applied}, {"items", items}, {"problems", ProblemsJson(o.problems)}};
}

nlohmann::json ImportOutcomeJson(const service::ImportOutcome& o) {
  nlohmann::json units = nlohmann::json::array();
  for (const auto& u : o.units)
    units.push_back({{"code", u.code},
                     {"name", u.name},
                     {"sheet", u.sheet},
                     {"row", u.row},
                     {"status", u.status},
                     {"figures", u.figures},
                     {"changed", u.changed},
                     {"ok", u.ok}});
  return {{"applied", o.applied}, {"units", units}, {"problems", ProblemsJson(o.problems)}};
}

}  // namespace sciweek::http
