#pragma once
// The append-only audit log: who did what to which entity, with before/after snapshots.
// Entries are written in the same transaction as the change they describe.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/db.hpp"

namespace sciweek::store {

// clang-tidy 14 reports the implicit move constructor of a struct holding strings as throwing.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct AuditEntry {
  long long id = 0;
  long long at = 0;
  std::string actor;
  std::string action;  // "org.updated"
  std::string entity_type;
  std::string entity_id;
  nlohmann::json before;  // null when the entity was created
  nlohmann::json after;   // null when it was deleted
  std::string request_id;
};

struct AuditFilter {
  std::string action, entity_type, entity_id, actor;
  std::optional<long long> from, to;
  int limit = 50;
  int offset = 0;
};

class AuditStore {
 public:
  // Writes the entry now, or, in a batch that defers them (Tx::deferred_audit), with the batch.
  static void Append(Tx& tx, const AuditEntry& entry);
  // Writes entries in as few statements as fit (one per kAppendAllRows), in their order.
  static void AppendAll(Tx& tx, const std::vector<AuditEntry>& entries);
  static std::vector<AuditEntry> List(Tx& tx, const AuditFilter& filter, long long* total);
};

}  // namespace sciweek::store
