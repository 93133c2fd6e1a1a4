#pragma once
// Appends one audit entry inside the caller's transaction.
#include <nlohmann/json.hpp>
#include <string>

#include "service/support/context.hpp"
#include "store/db.hpp"

namespace sciweek::store {
struct AuditEntry;
}  // namespace sciweek::store

namespace sciweek::service {

// The entry Audit writes, for a store statement that writes it along with its own change.
store::AuditEntry AuditEntryFor(const Ctx& ctx, const std::string& action, const std::string& entity_type,
                                const std::string& entity_id, nlohmann::json before, nlohmann::json after);

void Audit(store::Tx& tx, const Ctx& ctx, const std::string& action, const std::string& entity_type,
           const std::string& entity_id, nlohmann::json before, nlohmann::json after);

}  // namespace sciweek::service
