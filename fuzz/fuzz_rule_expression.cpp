// Form rule expressions (muParser) as an admin types them into the form editor: checked
// against the default form, and when they compile, evaluated over a report. Properties:
// the reason for a refusal can be sent as JSON (valid UTF-8), and an expression that
// compiled evaluates without an error outcome.
#include "domain/rules.hpp"
#include "support/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sciweek;
  const std::string expression = fuzz::AsString(data, size);
  static const domain::FormTemplate form = domain::DefaultTemplate();
  std::vector<std::string> used;
  if (auto reason = domain::CheckRuleExpression(form, expression, &used)) {
    // Only an expression that is itself not UTF-8 may give a reason that is not.
    FUZZ_CHECK(fuzz::IsUtf8(*reason) || !fuzz::IsUtf8(expression), "the refusal of a UTF-8 expression is UTF-8");
    return 0;
  }
  for (const auto& code : used) FUZZ_CHECK(form.Field(code) != nullptr, "a used field is a field of the form");
  domain::FormTemplate with_rule = form;
  with_rule.rules = {{"fuzzed", expression, domain::Severity::kWarning, "fuzzed"}};
  domain::RuleContext ctx;
  std::map<std::string, domain::Hundredths> previous, peers;
  long long v = 0;
  for (const auto* f : form.Fields()) {
    ctx.values[f->code] = v;
    previous[f->code] = v * 3;
    peers[f->code] = v + 7;
    v += 1250;
  }
  ctx.previous = previous;
  ctx.peer_median = peers;
  const auto outcomes = domain::EvaluateRules(with_rule, ctx);
  FUZZ_CHECK(outcomes.size() == 1 && outcomes[0].severity == domain::Severity::kWarning,
             "a compiled expression evaluates");
  return 0;
}
