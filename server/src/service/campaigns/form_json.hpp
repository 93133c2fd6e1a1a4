#pragma once
// The form template's JSON form: stored per campaign and sent to clients (GET …/form), and
// read back from an admin's edit (PUT …/form). min/max are in natural units (1.5 万元).
#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "domain/form_template.hpp"

namespace sciweek::service {

nlohmann::json FormJson(const domain::FormTemplate& form);
// Strict: wrong types and unknown keys are problems naming their place; structural rules are
// domain::ValidateTemplate's.
core::Result<domain::FormTemplate> ParseFormJson(const nlohmann::json& j);
// Stored definitions were validated when written; a damaged one falls back to the default.
domain::FormTemplate FormFromStored(const std::string& text);

}  // namespace sciweek::service
