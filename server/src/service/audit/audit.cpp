#include "service/audit/audit.hpp"

#include "store/audit_store.hpp"

namespace sciweek::service {

store::AuditEntry AuditEntryFor(const Ctx& ctx, const std::string& action, const std::string& entity_type,
                                const std::string& entity_id, nlohmann::json before, nlohmann::json after) {
  store::AuditEntry e;
  e.at = ctx.now;
  e.actor = ctx.actor();
  e.action = action;
  e.entity_type = entity_type;
  e.entity_id = entity_id;
  e.before = std::move(before);
  e.after = std::move(after);
  e.request_id = ctx.request_id;
  return e;
}

void Audit(store::Tx& tx, const Ctx& ctx, const std::string& action, const std::string& entity_type,
           const std::string& entity_id, nlohmann::json before, nlohmann::json after) {
  store::AuditStore::Append(tx,
                            AuditEntryFor(ctx, action, entity_type, entity_id, std::move(before), std::move(after)));
}

}  // namespace sciweek::service
