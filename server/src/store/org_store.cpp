#include "store/org_store.hpp"

#include <soci/soci.h>

#include "store/org_tree_sql.hpp"
#include "store/report_tallies.hpp"
#include "store/row_util.hpp"

namespace sciweek::store {
namespace {

constexpr const char* kColumns =
    "code, name, type, parent_code, contact_name, contact_phone, reports_expected, contact_email";

domain::OrgUnit FromRow(const soci::row& r) {
  domain::OrgUnit u;
  u.code = GetText(r, 0);
  u.name = GetText(r, 1);
  u.type = domain::ParseOrgType(GetText(r, 2)).value_or(domain::OrgType::kOther);
  u.parent_code = GetText(r, 3);
  u.contact_name = GetText(r, 4);
  u.contact_phone = GetText(r, 5);
  u.reports_expected = GetInt(r, 6) != 0;
  u.contact_email = GetText(r, 7);
  return u;
}

// The recursive CTE naming every unit of root's subtree.
const std::string kWithSubtree = std::string("WITH RECURSIVE ") + kSubtreeCte;

}  // namespace

std::optional<domain::OrgUnit> OrgStore::Find(Tx& tx, const std::string& code) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT " << kColumns << " FROM org_units WHERE code = :c", soci::use(code));
  std::optional<domain::OrgUnit> out;
  for (const auto& r : rs) out = FromRow(r);
  return out;
}

std::vector<domain::OrgUnit> OrgStore::List(Tx& tx, const OrgFilter& f, long long* total) {
  std::string where = " WHERE 1=1";
  if (!f.root.empty()) where += " AND code IN (SELECT code FROM subtree)";
  if (!f.type.empty()) where += " AND type = :type";
  if (!f.parent_code.empty()) where += " AND parent_code = :parent";
  const std::string like = "%" + f.q + "%";
  if (!f.q.empty()) where += " AND (code LIKE :q OR name LIKE :q2)";
  const std::string prefix = f.root.empty() ? "" : kWithSubtree;

  auto bind = [&](soci::details::prepare_temp_type& p) {
    if (!f.root.empty()) p, soci::use(f.root, "root");
    if (!f.type.empty()) p, soci::use(f.type, "type");
    if (!f.parent_code.empty()) p, soci::use(f.parent_code, "parent");
    if (!f.q.empty()) p, soci::use(like, "q"), soci::use(like, "q2");
  };
  {
    long long n = 0;
    soci::details::prepare_temp_type p =
        (tx.sql().prepare << prefix + "SELECT COUNT(*) FROM org_units" + where, soci::into(n));
    bind(p);
    soci::statement st(p);
    st.execute(true);
    if (total) *total = n;
  }
  std::vector<domain::OrgUnit> out;
  soci::details::prepare_temp_type p =
      (tx.sql().prepare << prefix + "SELECT " + kColumns + " FROM org_units" + where + " ORDER BY code LIMIT " +
                               std::to_string(f.limit) + " OFFSET " + std::to_string(f.offset));
  bind(p);
  soci::rowset<soci::row> rs(p);
  for (const auto& r : rs) out.push_back(FromRow(r));
  return out;
}

std::vector<domain::OrgUnit> OrgStore::All(Tx& tx) {
  std::vector<domain::OrgUnit> out;
  soci::rowset<soci::row> rs = (tx.sql().prepare << "SELECT " << kColumns << " FROM org_units ORDER BY code");
  for (const auto& r : rs) out.push_back(FromRow(r));
  return out;
}

std::vector<domain::OrgUnit> OrgStore::NamedByActivities(Tx& tx) {
  std::vector<domain::OrgUnit> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT " << kColumns
                        << " FROM org_units WHERE type = 'district' OR code IN (SELECT lead_org FROM activities)"
                           " OR code IN (SELECT district_code FROM activities) ORDER BY code");
  for (const auto& r : rs) out.push_back(FromRow(r));
  return out;
}

void OrgStore::Insert(Tx& tx, const domain::OrgUnit& u, long long now) {
  const std::string type(domain::OrgTypeName(u.type));
  soci::indicator parent_ind = u.parent_code.empty() ? soci::i_null : soci::i_ok;
  const int expected = u.reports_expected ? 1 : 0;
  tx.sql() << "INSERT INTO org_units (code, name, type, parent_code, contact_name, contact_phone, "
              "reports_expected, contact_email, created_at, updated_at) VALUES (:code, :name, :type, :parent, :cn, "
              ":cp, :ex, :em, :now, :now2)",
      soci::use(u.code), soci::use(u.name), soci::use(type), soci::use(u.parent_code, parent_ind),
      soci::use(u.contact_name), soci::use(u.contact_phone), soci::use(expected), soci::use(u.contact_email),
      soci::use(now), soci::use(now);
}

void OrgStore::Update(Tx& tx, const domain::OrgUnit& u, long long now) {
  const std::string type(domain::OrgTypeName(u.type));
  // A new type or parent can move the unit's whole subtree to another area or parent: its
  // reports leave the running totals as they were placed and come back as they are placed now.
  std::string old_type, old_parent;
  soci::indicator old_parent_ind = soci::i_null;
  tx.sql() << "SELECT type, parent_code FROM org_units WHERE code = :code", soci::use(u.code), soci::into(old_type),
      soci::into(old_parent, old_parent_ind);
  if (old_parent_ind == soci::i_null) old_parent.clear();
  const bool moves = old_type != type || old_parent != u.parent_code;
  if (moves) ReportTallies::RemoveSubtree(tx, u.code);
  soci::indicator parent_ind = u.parent_code.empty() ? soci::i_null : soci::i_ok;
  const int expected = u.reports_expected ? 1 : 0;
  tx.sql() << "UPDATE org_units SET name = :name, type = :type, parent_code = :parent, "
              "contact_name = :cn, contact_phone = :cp, reports_expected = :ex, contact_email = :em, "
              "updated_at = :now WHERE code = :code",
      soci::use(u.name), soci::use(type), soci::use(u.parent_code, parent_ind), soci::use(u.contact_name),
      soci::use(u.contact_phone), soci::use(expected), soci::use(u.contact_email), soci::use(now), soci::use(u.code);
  if (moves) ReportTallies::AddSubtree(tx, u.code);
}

void OrgStore::Delete(Tx& tx, const std::string& code) {
  tx.sql() << "DELETE FROM org_units WHERE code = :c", soci::use(code);
}

bool OrgStore::InSubtree(Tx& tx, const std::string& root, const std::string& code) {
  if (root == code) return true;
  long long n = 0;
  tx.sql() << kWithSubtree + "SELECT COUNT(*) FROM subtree WHERE code = :code", soci::use(root, "root"),
      soci::use(code, "code"), soci::into(n);
  return n > 0;
}

long long OrgStore::CountChildren(Tx& tx, const std::string& code) {
  long long n = 0;
  tx.sql() << "SELECT COUNT(*) FROM org_units WHERE parent_code = :c", soci::use(code), soci::into(n);
  return n;
}

std::optional<std::string> OrgStore::DistrictAbove(Tx& tx, const std::string& code) {
  auto unit = Find(tx, code);
  // Climbs parents one lookup at a time: trees are a few levels deep, and the bound stops a
  // cycle an import might have left.
  for (int depth = 0; unit && !unit->parent_code.empty() && depth < 32; ++depth) {
    unit = Find(tx, unit->parent_code);
    if (unit && unit->type == domain::OrgType::kDistrict) return unit->code;
  }
  return std::nullopt;
}

}  // namespace sciweek::store
