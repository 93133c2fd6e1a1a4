#include "domain/rules.hpp"

#include <muParser.h>

#include <memory>

namespace sciweek::domain {
namespace {

// Every figure an expression may name, bound to storage the parser reads.
class Bindings {
 public:
  explicit Bindings(const FormTemplate& form) {
    for (const FormField* f : form.Fields()) {
      codes_.push_back(f->code);
      for (const char* prefix : {"", "prev_", "peer_"}) slots_[prefix + f->code] = 0;
    }
    slots_["has_prev"] = 0;
    slots_["has_peers"] = 0;
  }
  void Fill(const RuleContext& ctx) {
    for (const auto& code : codes_) {
      auto it = ctx.values.find(code);
      slots_[code] = it != ctx.values.end() && it->second ? static_cast<double>(*it->second) / 100.0 : 0.0;
      slots_["prev_" + code] = ctx.previous && ctx.previous->count(code) ? ctx.previous->at(code) / 100.0 : 0.0;
      slots_["peer_" + code] =
          ctx.peer_median && ctx.peer_median->count(code) ? ctx.peer_median->at(code) / 100.0 : 0.0;
    }
    slots_["has_prev"] = ctx.previous ? 1 : 0;
    slots_["has_peers"] = ctx.peer_median ? 1 : 0;
  }
  void Define(mu::Parser& p) {
    for (auto& [name, value] : slots_) p.DefineVar(name, &value);
  }
  bool IsField(const std::string& name) const {
    for (const auto& c : codes_)
      if (c == name) return true;
    return false;
  }

 private:
  std::vector<std::string> codes_;
  std::map<std::string, double> slots_;  // std::map: addresses stay put
};

}  // namespace

std::optional<std::string> CheckRuleExpression(const FormTemplate& form, const std::string& expression,
                                               std::vector<std::string>* fields_used) {
  if (expression.empty()) return "规则表达式不能为空";
  if (expression.size() > 1000) return "规则表达式过长";
  Bindings b(form);
  mu::Parser p;
  try {
    b.Define(p);
    p.SetExpr(expression);
    p.Eval();
    if (fields_used) {
      fields_used->clear();
      for (const auto& [name, ptr] : p.GetUsedVar())
        if (b.IsField(name)) fields_used->push_back(name);
    }
  } catch (const mu::Parser::exception_type& e) {
    return "规则表达式有误：" + e.GetMsg() + "（位置 " + std::to_string(e.GetPos()) + "）";
  }
  return std::nullopt;
}

std::vector<RuleOutcome> EvaluateRules(const FormTemplate& form, const RuleContext& ctx) {
  Bindings b(form);
  b.Fill(ctx);
  std::vector<RuleOutcome> out;
  for (const auto& rule : form.rules) {
    RuleOutcome o{rule.id, rule.severity, rule.message, true, {}};
    mu::Parser p;
    try {
      b.Define(p);
      p.SetExpr(rule.expression);
      o.passed = p.Eval() != 0.0;
      for (const auto& [name, ptr] : p.GetUsedVar())
        if (b.IsField(name)) o.fields.push_back(name);
    } catch (const mu::Parser::exception_type& e) {
      // Templates are checked when saved; a rule that still fails to compile blocks as an error.
      o.passed = false;
      o.severity = Severity::kError;
      o.message = "规则 " + rule.id + " 无法计算：" + e.GetMsg();
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace sciweek::domain
