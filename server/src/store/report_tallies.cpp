#include "store/report_tallies.hpp"

#include <soci/soci.h>

#include <map>
#include <optional>
#include <tuple>

#include "store/key_lock.hpp"
#include "store/org_tree_sql.hpp"
#include "store/row_util.hpp"

namespace sciweek::store {
namespace {

constexpr const char* kKeyColumns = "campaign_year, status, org_type, district_code, parent_code, field_code";

// Which reports a statement counts, and the values its SQL names.
struct Selection {
  std::string ctes;       // CTEs before the entry CTEs (the subtree)
  std::string condition;  // on reports r
  std::optional<long long> report_id;
  std::optional<std::string> root;
};

Selection OneReport(long long report_id) { return {"", "r.id = :rid", report_id, std::nullopt}; }
Selection Subtree(const std::string& code) {
  return {std::string(kSubtreeCte) + ", ", "r.org_code IN (SELECT code FROM subtree)", std::nullopt, code};
}
Selection AllReports() { return {"", "1 = 1", std::nullopt, std::nullopt}; }

void Bind(soci::details::prepare_temp_type& p, const Selection& s) {
  if (s.report_id) p, soci::use(*s.report_id, "rid");
  if (s.root) p, soci::use(*s.root, "root");
}

// Adds (sign +1) or takes away (-1) the selected reports' contributions. Writers of the tallies
// take turns (one advisory lock, PostgreSQL): two saves upserting the same rows in opposite
// orders would otherwise deadlock. SQLite's writers take turns already.
void Apply(Tx& tx, const Selection& s, int sign, const std::optional<std::string>& status_as = std::nullopt) {
  LockKey(tx, KeyLockClass::kReportTallies, "all");
  const std::string factor = sign < 0 ? "-" : "";
  const std::string sql =
      "WITH RECURSIVE " + s.ctes + ReportTallies::EntryCtes(s.condition, status_as ? "CAST(:as AS TEXT)" : "r.status") +
      "INSERT INTO report_tallies (" + kKeyColumns + ", entries, total) SELECT y, s, t, d, p, f, " + factor +
      "COUNT(*), " + factor +
      "SUM(v) FROM entry WHERE 1 = 1 GROUP BY y, s, t, d, p, f"  // WHERE: SQLite's upsert-after-SELECT rule
      " ON CONFLICT (" +
      kKeyColumns +
      ") DO UPDATE SET entries = report_tallies.entries + excluded.entries,"
      " total = report_tallies.total + excluded.total";
  soci::details::prepare_temp_type p = (tx.sql().prepare << sql);
  Bind(p, s);
  if (status_as) p, soci::use(*status_as, "as");
  soci::statement st(p);
  st.execute(true);
}

using Key = std::tuple<int, std::string, std::string, std::string, std::string, std::string>;

Key KeyOf(const soci::row& r) {
  return {static_cast<int>(GetInt(r, 0)), GetText(r, 1), GetText(r, 2), GetText(r, 3), GetText(r, 4), GetText(r, 5)};
}

}  // namespace

std::string ReportTallies::EntryCtes(const std::string& condition, const std::string& status_expr) {
  // Each report counts in its unit's one area (DistrictCtes), under its type and parent.
  const std::string key =
      "r.campaign_year, " + status_expr + ", o.type, COALESCE(d.district, ''), COALESCE(o.parent_code, ''), ";
  const std::string from =
      " FROM chosen c JOIN reports r ON r.id = c.id JOIN org_units o ON o.code = r.org_code"
      " LEFT JOIN dist d ON d.code = o.code";
  return "chosen(id, org_code) AS (SELECT r.id, r.org_code FROM reports r WHERE " + condition + "), " +
         DistrictCtes("SELECT org_code FROM chosen") + ", entry(y, s, t, d, p, f, v) AS (SELECT " + key + "'', 0" +
         from + " UNION ALL SELECT " + key + "v.field_code, v.value" + from +
         " JOIN report_values v ON v.report_id = r.id) ";
}

void ReportTallies::Add(Tx& tx, long long report_id) { Apply(tx, OneReport(report_id), +1); }
void ReportTallies::Remove(Tx& tx, long long report_id) { Apply(tx, OneReport(report_id), -1); }

void ReportTallies::MoveStatus(Tx& tx, long long report_id, const std::string& old_status) {
  Apply(tx, OneReport(report_id), -1, old_status);
  Apply(tx, OneReport(report_id), +1);
}

void ReportTallies::AddSubtree(Tx& tx, const std::string& code) { Apply(tx, Subtree(code), +1); }
void ReportTallies::RemoveSubtree(Tx& tx, const std::string& code) { Apply(tx, Subtree(code), -1); }

void ReportTallies::Rebuild(Tx& tx) {
  LockKey(tx, KeyLockClass::kReportTallies, "all");
  tx.sql() << "DELETE FROM report_tallies";
  Apply(tx, AllReports(), +1);
}

std::vector<std::string> ReportTallies::Differences(Tx& tx) {
  std::map<Key, std::pair<long long, long long>> tallied, summed;
  {
    soci::rowset<soci::row> rs = (tx.sql().prepare << std::string("SELECT ") + kKeyColumns +
                                                          ", entries, total FROM report_tallies"
                                                          " WHERE entries <> 0 OR total <> 0");
    for (const auto& r : rs) tallied[KeyOf(r)] = {GetInt(r, 6), GetInt(r, 7)};
  }
  {
    soci::rowset<soci::row> rs =
        (tx.sql().prepare << "WITH RECURSIVE " + EntryCtes("1 = 1") +
                                 "SELECT y, s, t, d, p, f, COUNT(*), CAST(SUM(v) AS BIGINT) FROM entry"
                                 " GROUP BY y, s, t, d, p, f");
    for (const auto& r : rs) summed[KeyOf(r)] = {GetInt(r, 6), GetInt(r, 7)};
  }
  std::vector<std::string> out;
  auto describe = [](const Key& k, std::pair<long long, long long> a, std::pair<long long, long long> b) {
    const auto& [y, s, t, d, p, f] = k;
    return std::to_string(y) + " " + s + " " + t + " " + d + " " + p + " " + (f.empty() ? "(reports)" : f) +
           ": tallied " + std::to_string(a.first) + "/" + std::to_string(a.second) + ", reports " +
           std::to_string(b.first) + "/" + std::to_string(b.second);
  };
  for (const auto& [k, v] : tallied) {
    auto it = summed.find(k);
    const auto want = it == summed.end() ? std::pair<long long, long long>{0, 0} : it->second;
    if (v != want) out.push_back(describe(k, v, want));
  }
  for (const auto& [k, v] : summed)
    if (!tallied.contains(k)) out.push_back(describe(k, {0, 0}, v));
  return out;
}

}  // namespace sciweek::store
