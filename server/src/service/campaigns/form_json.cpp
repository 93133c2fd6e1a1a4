#include "service/campaigns/form_json.hpp"

#include <set>

#include "core/text.hpp"

namespace sciweek::service {
namespace {

nlohmann::json Bound(const std::optional<domain::Hundredths>& v) {
  if (!v) return nullptr;
  if (*v % 100 == 0) return *v / 100;
  return static_cast<double>(*v) / 100.0;
}

class Reader {
 public:
  std::vector<core::FieldProblem> problems;
  void Problem(const std::string& at, const std::string& msg) { problems.push_back({at, "invalid", msg, 0}); }
  void OnlyKeys(const nlohmann::json& o, const std::string& at, const std::set<std::string>& keys) {
    for (auto& [k, v] : o.items())
      if (!keys.contains(k)) Problem(at + "." + k, "未知字段 " + k);
  }
  std::string Str(const nlohmann::json& o, const std::string& key, const std::string& at, bool required = true) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) {
      if (required) Problem(at + "." + key, "缺少字段 " + key);
      return {};
    }
    if (!it->is_string()) {
      Problem(at + "." + key, key + " 须为字符串");
      return {};
    }
    return it->get<std::string>();
  }
  std::optional<domain::Hundredths> Num(const nlohmann::json& o, const std::string& key, const std::string& at) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) {
      Problem(at + "." + key, key + " 须为数字");
      return std::nullopt;
    }
    auto h = domain::FromNumber(it->get<double>(), false);
    if (!h) Problem(at + "." + key, key + " 最多两位小数");
    return h;
  }
};

}  // namespace

nlohmann::json FormJson(const domain::FormTemplate& form) {
  nlohmann::json sections = nlohmann::json::array();
  for (const auto& s : form.sections) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& f : s.fields)
      fields.push_back({{"code", f.code},
                        {"label", f.label},
                        {"unit", f.unit},
                        {"type", domain::FieldTypeName(f.type)},
                        {"min", Bound(f.min)},
                        {"max", Bound(f.max)},
                        {"required", f.required}});
    sections.push_back({{"code", s.code}, {"label", s.label}, {"fields", fields}});
  }
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& r : form.rules)
    rules.push_back({{"id", r.id},
                     {"expression", r.expression},
                     {"severity", domain::SeverityName(r.severity)},
                     {"message", r.message}});
  return {{"title_suffix", form.title_suffix},
          {"instructions", form.instructions},
          {"sections", sections},
          {"rules", rules}};
}

core::Result<domain::FormTemplate> ParseFormJson(const nlohmann::json& j) {
  if (!j.is_object()) return core::Error::Invalid("表单定义须为 JSON 对象");
  Reader rd;
  rd.OnlyKeys(j, "form", {"title_suffix", "instructions", "sections", "rules"});
  domain::FormTemplate t;
  t.title_suffix = rd.Str(j, "title_suffix", "form", false);
  if (t.title_suffix.empty()) t.title_suffix = domain::FormTemplate{}.title_suffix;
  // Stored forms from before the field, and an edit that blanks it, keep the own-figures rule.
  t.instructions = core::Trim(rd.Str(j, "instructions", "form", false));
  if (t.instructions.empty()) t.instructions = domain::kOwnActivitiesInstructions;
  auto sections = j.find("sections");
  if (sections == j.end() || !sections->is_array()) {
    rd.Problem("sections", "sections 须为数组");
  } else {
    for (size_t i = 0; i < sections->size(); ++i) {
      const auto& so = (*sections)[i];
      const std::string at = "sections[" + std::to_string(i) + "]";
      if (!so.is_object()) {
        rd.Problem(at, "分类须为对象");
        continue;
      }
      rd.OnlyKeys(so, at, {"code", "label", "fields"});
      domain::FormSection s{rd.Str(so, "code", at, false), rd.Str(so, "label", at), {}};
      auto fields = so.find("fields");
      if (fields == so.end() || !fields->is_array()) {
        rd.Problem(at + ".fields", "fields 须为数组");
      } else {
        for (size_t k = 0; k < fields->size(); ++k) {
          const auto& fo = (*fields)[k];
          const std::string fat = at + ".fields[" + std::to_string(k) + "]";
          if (!fo.is_object()) {
            rd.Problem(fat, "指标须为对象");
            continue;
          }
          rd.OnlyKeys(fo, fat, {"code", "label", "unit", "type", "min", "max", "required"});
          domain::FormField f;
          f.code = rd.Str(fo, "code", fat);
          f.label = rd.Str(fo, "label", fat);
          f.unit = rd.Str(fo, "unit", fat, false);
          if (auto type = domain::ParseFieldType(rd.Str(fo, "type", fat))) f.type = *type;
          else rd.Problem(fat + ".type", "type 须为 integer 或 decimal");
          f.min = rd.Num(fo, "min", fat);
          f.max = rd.Num(fo, "max", fat);
          if (auto req = fo.find("required"); req != fo.end()) {
            if (req->is_boolean()) f.required = req->get<bool>();
            else rd.Problem(fat + ".required", "required 须为 true 或 false");
          }
          s.fields.push_back(std::move(f));
        }
      }
      t.sections.push_back(std::move(s));
    }
  }
  if (auto rules = j.find("rules"); rules != j.end()) {
    if (!rules->is_array()) {
      rd.Problem("rules", "rules 须为数组");
    } else {
      for (size_t i = 0; i < rules->size(); ++i) {
        const auto& ro = (*rules)[i];
        const std::string at = "rules[" + std::to_string(i) + "]";
        if (!ro.is_object()) {
          rd.Problem(at, "规则须为对象");
          continue;
        }
        rd.OnlyKeys(ro, at, {"id", "expression", "severity", "message"});
        domain::FormRule r;
        r.id = rd.Str(ro, "id", at);
        r.expression = rd.Str(ro, "expression", at);
        if (auto sev = domain::ParseSeverity(rd.Str(ro, "severity", at))) r.severity = *sev;
        else rd.Problem(at + ".severity", "severity 须为 error 或 warning");
        r.message = rd.Str(ro, "message", at);
        t.rules.push_back(std::move(r));
      }
    }
  }
  if (!rd.problems.empty()) return core::Error::Validation(std::move(rd.problems), "表单定义有误");
  if (auto p = domain::ValidateTemplate(t); !p.empty()) return core::Error::Validation(std::move(p), "表单定义有误");
  return t;
}

domain::FormTemplate FormFromStored(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  auto t = ParseFormJson(j);
  return t ? std::move(t.value()) : domain::DefaultTemplate();
}

}  // namespace sciweek::service
