#include "domain/form_template.hpp"

#include <set>

#include "core/text.hpp"
#include "domain/rules.hpp"

namespace sciweek::domain {

std::string_view FieldTypeName(FieldType t) { return t == FieldType::kInteger ? "integer" : "decimal"; }
std::optional<FieldType> ParseFieldType(std::string_view n) {
  if (n == "integer") return FieldType::kInteger;
  if (n == "decimal") return FieldType::kDecimal2;
  return std::nullopt;
}
std::string_view SeverityName(Severity s) { return s == Severity::kError ? "error" : "warning"; }
std::optional<Severity> ParseSeverity(std::string_view n) {
  if (n == "error") return Severity::kError;
  if (n == "warning") return Severity::kWarning;
  return std::nullopt;
}

const FormField* FormTemplate::Field(std::string_view code) const {
  for (const auto& s : sections)
    for (const auto& f : s.fields)
      if (f.code == code) return &f;
  return nullptr;
}

std::vector<const FormField*> FormTemplate::Fields() const {
  std::vector<const FormField*> out;
  for (const auto& s : sections)
    for (const auto& f : s.fields) out.push_back(&f);
  return out;
}

FormTemplate DefaultTemplate() {
  auto integer = [](const char* code, const char* label, const char* unit) {
    return FormField{code, label, unit, FieldType::kInteger, 0, std::nullopt, true};
  };
  auto money = [](const char* code, const char* label) {
    return FormField{code, label, "万元", FieldType::kDecimal2, 0, std::nullopt, true};
  };
  FormTemplate t;
  t.sections = {
      {"activities",
       "科普活动开展次数",
       {integer("activities_held", "举办活动次数", "次"),
        integer("municipal_activities", "承接北京市科普活动个数", "个")}},
      {"funds",
       "活动经费投入数量（单位：万元）",
       {money("fund_municipal", "北京市财政经费投入情况"), money("fund_district", "区级财政经费投入情况"),
        money("fund_enterprise", "企业赞助经费情况"),
        money("fund_in_kind", "实物投入情况（如：捐赠图书、创新操作室等）"), money("fund_other", "其他经费情况")}},
      {"staff",
       "科普工作人员参与数量",
       {integer("staff_fulltime", "科普专职人员数量", "人"), integer("staff_scientists", "科技工作者参与数量", "人"),
        integer("staff_volunteers", "招募科技志愿者数量", "人"), integer("staff_other", "其他人员数量", "人")}},
      {"participants",
       "科普活动群众参与数量",
       {integer("participants_offline", "线下活动群众参与数量", "人次"),
        integer("participants_online", "线上活动群众参与数量", "人次")}},
      {"media",
       "宣传报道情况",
       {integer("media_outlets", "参与媒体数量", "家"), integer("media_reports", "宣传报道数量", "篇")}},
      {"venues", "科技周期间开放的科普场馆数量", {integer("venues_opened", "科技周期间开放的科普场馆数量", "个")}},
      {"institutes",
       "科技周期间开放活动的科研机构数量",
       {integer("institutes_opened", "科技周期间开放活动的科研机构数量", "个")}},
      {"universities",
       "科技周期间开放活动的大学数量",
       {integer("universities_opened", "科技周期间开放活动的大学数量", "个")}},
  };
  t.rules = {
      {"municipal_le_held", "municipal_activities <= activities_held", Severity::kError,
       "承接北京市科普活动个数不能大于举办活动次数"},
      {"participants_need_activities", "activities_held > 0 || participants_offline + participants_online == 0",
       Severity::kError, "未举办活动时不应填报群众参与数量"},
      {"offline_vs_previous", "has_prev == 0 || participants_offline <= 10 * max(prev_participants_offline, 1000)",
       Severity::kWarning, "线下活动群众参与数量超过上届的10倍，请核实或说明"},
      {"online_vs_previous", "has_prev == 0 || participants_online <= 10 * max(prev_participants_online, 10000)",
       Severity::kWarning, "线上活动群众参与数量超过上届的10倍，请核实或说明"},
      {"funds_vs_previous",
       "has_prev == 0 || fund_municipal + fund_district + fund_enterprise + fund_in_kind + fund_other <= "
       "10 * max(prev_fund_municipal + prev_fund_district + prev_fund_enterprise + prev_fund_in_kind + "
       "prev_fund_other, 10)",
       Severity::kWarning, "经费投入合计超过上届的10倍，请核实或说明"},
      {"offline_vs_peers", "has_peers == 0 || participants_offline <= 20 * max(peer_participants_offline, 1000)",
       Severity::kWarning, "线下活动群众参与数量远高于同类单位（超过中位数20倍），请核实或说明"},
      {"activities_vs_peers", "has_peers == 0 || activities_held <= 20 * max(peer_activities_held, 10)",
       Severity::kWarning, "举办活动次数远高于同类单位（超过中位数20倍），请核实或说明"},
  };
  return t;
}

namespace {
bool IsCode(const std::string& c) {
  if (c.empty() || c.size() > 40 || !(c[0] >= 'a' && c[0] <= 'z')) return false;
  for (char ch : c)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  return c.rfind("prev_", 0) != 0 && c.rfind("peer_", 0) != 0 && c != "has_prev" && c != "has_peers";
}
}  // namespace

std::vector<core::FieldProblem> ValidateTemplate(const FormTemplate& t) {
  std::vector<core::FieldProblem> p;
  auto add = [&](std::string where, std::string msg) { p.push_back({std::move(where), "invalid", std::move(msg), 0}); };
  if (t.sections.empty()) add("sections", "表单至少需要一个分类");
  if (!core::IsCleanUtf8(t.title_suffix) || t.title_suffix.empty() || core::Utf8Length(t.title_suffix) > 60)
    add("title_suffix", "表名须为1至60个字符");
  if (!core::IsCleanUtf8(t.instructions, true) || core::Utf8Length(t.instructions) > 500)
    add("instructions", "填报说明不能超过500个字符");
  std::set<std::string> codes;
  for (size_t i = 0; i < t.sections.size(); ++i) {
    const auto& s = t.sections[i];
    const std::string at = "sections[" + std::to_string(i) + "]";
    if (s.label.empty() || !core::IsCleanUtf8(s.label) || core::Utf8Length(s.label) > 100)
      add(at + ".label", "分类名称须为1至100个字符");
    if (s.fields.empty()) add(at + ".fields", "每个分类至少需要一个指标");
    for (size_t j = 0; j < s.fields.size(); ++j) {
      const auto& f = s.fields[j];
      const std::string fat = at + ".fields[" + std::to_string(j) + "]";
      if (!IsCode(f.code)) add(fat + ".code", "指标代码须为小写字母开头的字母、数字、下划线（不超过40个）");
      else if (!codes.insert(f.code).second) add(fat + ".code", "指标代码 " + f.code + " 重复");
      if (f.label.empty() || !core::IsCleanUtf8(f.label) || core::Utf8Length(f.label) > 100)
        add(fat + ".label", "指标名称须为1至100个字符");
      if (!core::IsCleanUtf8(f.unit) || core::Utf8Length(f.unit) > 10) add(fat + ".unit", "单位不能超过10个字符");
      if (f.min && f.max && *f.min > *f.max) add(fat + ".max", "最大值不能小于最小值");
      if (f.type == FieldType::kInteger && ((f.min && *f.min % 100) || (f.max && *f.max % 100)))
        add(fat + ".min", "整数指标的上下限须为整数");
    }
  }
  std::set<std::string> rule_ids;
  for (size_t i = 0; i < t.rules.size(); ++i) {
    const auto& r = t.rules[i];
    const std::string at = "rules[" + std::to_string(i) + "]";
    if (!IsCode(r.id)) add(at + ".id", "规则编号须为小写字母开头的字母、数字、下划线");
    else if (!rule_ids.insert(r.id).second) add(at + ".id", "规则编号 " + r.id + " 重复");
    if (r.message.empty() || !core::IsCleanUtf8(r.message) || core::Utf8Length(r.message) > 200)
      add(at + ".message", "提示信息须为1至200个字符");
    if (auto err = CheckRuleExpression(t, r.expression)) add(at + ".expression", *err);
  }
  return p;
}

std::vector<core::FieldProblem> CheckCompatible(const FormTemplate& current, const FormTemplate& next) {
  std::vector<core::FieldProblem> p;
  for (const FormField* f : current.Fields()) {
    const FormField* n = next.Field(f->code);
    if (!n) {
      p.push_back({f->code, "removed", "已有报表使用指标“" + f->label + "”，不能删除", 0});
      continue;
    }
    if (n->type != f->type) p.push_back({f->code, "type", "已有报表使用指标“" + f->label + "”，不能修改类型", 0});
    const bool min_tighter = n->min && (!f->min || *n->min > *f->min);
    const bool max_tighter = n->max && (!f->max || *n->max < *f->max);
    if (min_tighter || max_tighter)
      p.push_back({f->code, "bounds", "已有报表使用指标“" + f->label + "”，不能收紧取值范围", 0});
  }
  return p;
}

}  // namespace sciweek::domain
