#pragma once
// An audit entry as a statement binds it (store-internal: included by .cpp files only): the
// snapshots as JSON text, NULL for a side that is null. AuditStore's kept INSERT and the
// statements that write an entry along with their own change bind the same values.
#include <soci/soci.h>

#include <string>

#include "store/audit_store.hpp"

namespace sciweek::store {

// clang-tidy 14 reports the implicit move constructor of a struct holding strings as throwing.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct AuditBinding {
  AuditEntry e;
  std::string before, after;
  soci::indicator before_ind = soci::i_null, after_ind = soci::i_null;

  void Set(const AuditEntry& entry) {
    e.at = entry.at;
    e.actor = entry.actor;
    e.action = entry.action;
    e.entity_type = entry.entity_type;
    e.entity_id = entry.entity_id;
    e.request_id = entry.request_id;
    before = entry.before.is_null() ? "" : entry.before.dump();
    after = entry.after.is_null() ? "" : entry.after.dump();
    before_ind = entry.before.is_null() ? soci::i_null : soci::i_ok;
    after_ind = entry.after.is_null() ? soci::i_null : soci::i_ok;
  }
  // In the order of kAuditColumns: at, actor, action, entity_type, entity_id, before_json,
  // after_json, request_id.
  template <typename Prepared>
  void BindTo(Prepared& prep) {
    prep, soci::use(e.at), soci::use(e.actor), soci::use(e.action), soci::use(e.entity_type), soci::use(e.entity_id),
        soci::use(before, before_ind), soci::use(after, after_ind), soci::use(e.request_id);
  }
};

inline constexpr const char* kAuditColumns =
    "at, actor, action, entity_type, entity_id, before_json, after_json, request_id";

}  // namespace sciweek::store
