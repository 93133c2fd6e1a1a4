#pragma once
// Evaluating a form's rules (muParser expressions) against one report's figures. Besides
// each field code, an expression may use prev_<code> (the unit's figure in the previous
// campaign) with has_prev, and peer_<code> (the median among units of the same type this
// campaign) with has_peers, so "far beyond last year or the peers" can be a warning.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/form_template.hpp"

namespace sciweek::domain {

using Values = std::map<std::string, std::optional<Hundredths>>;

struct RuleContext {
  Values values;
  std::optional<std::map<std::string, Hundredths>> previous;
  std::optional<std::map<std::string, Hundredths>> peer_median;
};

struct RuleOutcome {
  std::string id;
  Severity severity = Severity::kError;
  std::string message;
  bool passed = true;
  std::vector<std::string> fields;  // the form's field codes the rule reads
};

std::vector<RuleOutcome> EvaluateRules(const FormTemplate& form, const RuleContext& ctx);

// nullopt when the expression compiles against the form's figures, else a Chinese reason.
// fields_used receives the field codes it reads.
std::optional<std::string> CheckRuleExpression(const FormTemplate& form, const std::string& expression,
                                               std::vector<std::string>* fields_used = nullptr);

}  // namespace sciweek::domain
