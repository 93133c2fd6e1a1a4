#include "service/audit/audit_service.hpp"

#include "service/support/authorize.hpp"

namespace sciweek::service {

core::Result<AuditPage> AuditService::List(const Ctx& ctx, const store::AuditFilter& filter) {
  if (auto s = RequireRole(ctx, {domain::Role::kAdmin}); !s) return s.error();
  return db_.Read<AuditPage>([&](store::Tx& tx) -> core::Result<AuditPage> {
    AuditPage page;
    page.items = store::AuditStore::List(tx, filter, &page.total);
    return page;
  });
}

}  // namespace sciweek::service
