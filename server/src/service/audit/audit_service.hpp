#pragma once
// Reading the audit log (admins only).
#include <vector>

#include "core/result.hpp"
#include "service/support/context.hpp"
#include "store/audit_store.hpp"

namespace sciweek::service {

struct AuditPage {
  std::vector<store::AuditEntry> items;
  long long total = 0;
};

class AuditService {
 public:
  explicit AuditService(store::Db& db) : db_(db) {}
  core::Result<AuditPage> List(const Ctx& ctx, const store::AuditFilter& filter);

 private:
  store::Db& db_;
};

}  // namespace sciweek::service
