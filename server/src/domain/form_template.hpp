#pragma once
// FormTemplate — the statistics form as data: sections → fields, and rules over field
// codes. The default reproduces the attachment of the 2023 notice (2023年北京科技周活动开展
// 情况统计表) item by item, in its order and units; admins may edit a campaign's copy.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/decimal.hpp"

namespace sciweek::domain {

enum class FieldType { kInteger, kDecimal2 };
enum class Severity { kError, kWarning };

std::string_view FieldTypeName(FieldType t);  // "integer" | "decimal"
std::optional<FieldType> ParseFieldType(std::string_view name);
std::string_view SeverityName(Severity s);  // "error" | "warning"
std::optional<Severity> ParseSeverity(std::string_view name);

struct FormField {
  std::string code;   // activities_held
  std::string label;  // 举办活动次数
  std::string unit;   // 次, 万元, 人, 人次 …
  FieldType type = FieldType::kInteger;
  std::optional<Hundredths> min = 0;
  std::optional<Hundredths> max;
  bool required = true;
};

struct FormSection {
  std::string code;
  std::string label;  // 科普活动开展次数; for a one-item section, the item itself
  std::vector<FormField> fields;
};

struct FormRule {
  std::string id;          // stable key for explanations: "municipal_le_held"
  std::string expression;  // muParser, over field codes and prev_*/peer_* figures
  Severity severity = Severity::kError;
  std::string message;  // shown when the expression is false
};

// What every unit is told above the form: it files its own activities only. A district's area
// total (辖区合计) is the sum of its own report and its subtree's, computed by the system, so
// a figure copied from a unit below would be counted twice.
inline constexpr const char* kOwnActivitiesInstructions =
    "本表只填报本单位自身组织开展的活动情况，不含下属单位或辖区内其他单位的数据。"
    "区级单位的辖区合计由系统按“本单位 + 下属单位”自动汇总，请勿把下属单位的数字填入本单位的表中，以免重复统计。";

struct FormTemplate {
  std::string title_suffix = "北京科技周活动开展情况统计表";  // "2023年" + this
  // Shown to units above the form and on the print page; an empty edit restores the default.
  std::string instructions = kOwnActivitiesInstructions;
  std::vector<FormSection> sections;
  std::vector<FormRule> rules;

  const FormField* Field(std::string_view code) const;
  std::vector<const FormField*> Fields() const;  // in form order
};

// The notice's attachment, with the default rules.
FormTemplate DefaultTemplate();

// Structural checks of an edited template: unique codes, sane types and bounds, rules that
// compile and name only known figures. Each problem names its place ("sections[1].fields[0].code").
std::vector<core::FieldProblem> ValidateTemplate(const FormTemplate& t);

// Whether `next` can replace `current` once reports exist: no field removed, no type
// changed, no bound tightened (reports already filed must stay valid).
std::vector<core::FieldProblem> CheckCompatible(const FormTemplate& current, const FormTemplate& next);

}  // namespace sciweek::domain
