#include "store/audit_store.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <string>
#include <vector>

#include "store/audit_binding.hpp"
#include "store/row_util.hpp"

namespace sciweek::store {

namespace {

// Every write leaves an audit row: the statement is kept prepared per connection.
struct AppendStatement : StatementCache::Entry {
  AuditBinding row;
  soci::statement st;
  static soci::details::prepare_temp_type Prepare(Tx& tx, AuditBinding& row) {
    soci::details::prepare_temp_type prep =
        (tx.sql().prepare << std::string("INSERT INTO audit_log (") + kAuditColumns +
                                 ") VALUES (:at, :actor, :action, :et, :eid, :b, :a, :rid)");
    row.BindTo(prep);
    return prep;
  }
  explicit AppendStatement(Tx& tx) : st(Prepare(tx, row)) {}
};

}  // namespace

void AuditStore::Append(Tx& tx, const AuditEntry& e) {
  if (auto* deferred = tx.deferred_audit()) {
    deferred->push_back(e);
    return;
  }
  auto& k = tx.Kept<AppendStatement>();
  k.row.Set(e);
  RunKept(k.st);
}

void AuditStore::AppendAll(Tx& tx, const std::vector<AuditEntry>& entries) {
  // Bounded so that a statement's parameters stay far below either database's limit.
  constexpr size_t kAppendAllRows = 256;
  for (size_t from = 0; from < entries.size(); from += kAppendAllRows) {
    const size_t n = std::min(kAppendAllRows, entries.size() - from);
    std::string sql = std::string("INSERT INTO audit_log (") + kAuditColumns + ") VALUES ";
    std::vector<AuditBinding> rows(n);  // bound by reference: not resized below
    for (size_t i = 0; i < n; ++i) {
      const std::string x = std::to_string(i);
      sql += (i ? ", (" : "(") + (":at" + x) + ", :ac" + x + ", :an" + x + ", :et" + x + ", :ei" + x + ", :b" + x +
             ", :a" + x + ", :r" + x + ")";
      rows[i].Set(entries[from + i]);
    }
    // One statement, run when `q` goes out of scope (SOCI's one-time query).
    soci::details::once_temp_type q = (tx.sql() << sql);
    for (auto& row : rows) row.BindTo(q);
  }
}

std::vector<AuditEntry> AuditStore::List(Tx& tx, const AuditFilter& f, long long* total) {
  std::string where = " WHERE 1=1";
  if (!f.action.empty()) where += " AND action = :action";
  if (!f.entity_type.empty()) where += " AND entity_type = :et";
  if (!f.entity_id.empty()) where += " AND entity_id = :eid";
  if (!f.actor.empty()) where += " AND actor = :actor";
  if (f.from) where += " AND at >= :from";
  if (f.to) where += " AND at < :to";
  const long long from = f.from.value_or(0), to = f.to.value_or(0);
  auto bind = [&](soci::details::prepare_temp_type& p) {
    if (!f.action.empty()) p, soci::use(f.action, "action");
    if (!f.entity_type.empty()) p, soci::use(f.entity_type, "et");
    if (!f.entity_id.empty()) p, soci::use(f.entity_id, "eid");
    if (!f.actor.empty()) p, soci::use(f.actor, "actor");
    if (f.from) p, soci::use(from, "from");
    if (f.to) p, soci::use(to, "to");
  };
  {
    long long n = 0;
    soci::details::prepare_temp_type p = (tx.sql().prepare << "SELECT COUNT(*) FROM audit_log" + where, soci::into(n));
    bind(p);
    soci::statement st(p);
    st.execute(true);
    if (total) *total = n;
  }
  soci::details::prepare_temp_type p =
      (tx.sql().prepare << "SELECT id, at, actor, action, entity_type, entity_id, before_json, after_json, "
                           "request_id FROM audit_log" +
                               where + " ORDER BY id DESC LIMIT " + std::to_string(f.limit) + " OFFSET " +
                               std::to_string(f.offset));
  bind(p);
  soci::rowset<soci::row> rs(p);
  std::vector<AuditEntry> out;
  for (const auto& r : rs) {
    AuditEntry e;
    e.id = GetInt(r, 0);
    e.at = GetInt(r, 1);
    e.actor = GetText(r, 2);
    e.action = GetText(r, 3);
    e.entity_type = GetText(r, 4);
    e.entity_id = GetText(r, 5);
    if (r.get_indicator(6) != soci::i_null) e.before = nlohmann::json::parse(GetText(r, 6), nullptr, false);
    if (r.get_indicator(7) != soci::i_null) e.after = nlohmann::json::parse(GetText(r, 7), nullptr, false);
    e.request_id = GetText(r, 8);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sciweek::store
