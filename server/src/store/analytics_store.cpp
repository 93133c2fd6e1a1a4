#include "store/analytics_store.hpp"

#include <soci/soci.h>

#include "store/row_util.hpp"

namespace sciweek::store {
namespace {

// unit → its nearest district (itself when it is one). Climbing stops at the first district,
// so every unit has at most one row: nobody is counted twice.
constexpr const char* kDistrictCte =
    "up(code, anc, anc_type, anc_parent) AS ("
    " SELECT o.code, o.code, o.type, o.parent_code FROM org_units o"
    " UNION ALL"
    " SELECT up.code, p.code, p.type, p.parent_code FROM up JOIN org_units p ON p.code = up.anc_parent"
    " WHERE up.anc_type <> 'district'),"
    " dist(code, district) AS (SELECT code, anc FROM up WHERE anc_type = 'district') ";

constexpr const char* kSubtreeCte =
    "subtree(code) AS (SELECT code FROM org_units WHERE code = :root"
    " UNION ALL SELECT o.code FROM org_units o JOIN subtree s ON o.parent_code = s.code) ";

std::string InList(const std::vector<std::string>& statuses) {
  std::string out;
  for (const auto& s : statuses) {
    // Only known status names reach here (the service maps them), so quoting is safe.
    if (!domain::ParseReportStatus(s)) continue;
    out += (out.empty() ? "'" : ", '") + s + "'";
  }
  return out.empty() ? "''" : out;
}

}  // namespace

std::vector<CompletenessRow> AnalyticsStore::Completeness(Tx& tx, int year, const std::string& root) {
  std::string sql = std::string("WITH RECURSIVE ") + kSubtreeCte +
                    "SELECT o.code, o.name, o.type, o.parent_code, p.name, o.contact_name, o.contact_phone, "
                    "r.status, r.submitted_at, r.on_time, "
                    "(SELECT COUNT(*) FROM reminders m WHERE m.campaign_year = :y AND m.org_code = o.code), "
                    "(SELECT MAX(m.sent_at) FROM reminders m WHERE m.campaign_year = :y2 AND m.org_code = o.code), "
                    "o.contact_email, r.review_level "
                    "FROM org_units o LEFT JOIN org_units p ON p.code = o.parent_code "
                    "LEFT JOIN reports r ON r.org_code = o.code AND r.campaign_year = :y3 "
                    "WHERE o.reports_expected = 1";
  if (!root.empty()) sql += " AND o.code IN (SELECT code FROM subtree)";
  sql += " ORDER BY o.type, o.code";
  const std::string root_or_none = root.empty() ? std::string("\x01") : root;
  soci::rowset<soci::row> rs = (tx.sql().prepare << sql, soci::use(root_or_none, "root"), soci::use(year, "y"),
                                soci::use(year, "y2"), soci::use(year, "y3"));
  std::vector<CompletenessRow> out;
  for (const auto& r : rs) {
    CompletenessRow c;
    c.code = GetText(r, 0);
    c.name = GetText(r, 1);
    c.type = GetText(r, 2);
    c.parent_code = GetText(r, 3);
    c.parent_name = GetText(r, 4);
    c.contact_name = GetText(r, 5);
    c.contact_phone = GetText(r, 6);
    if (r.get_indicator(7) != soci::i_null)
      c.status = domain::ParseReportStatus(GetText(r, 7)).value_or(domain::ReportStatus::kDraft);
    if (r.get_indicator(8) != soci::i_null) c.submitted_at = GetInt(r, 8);
    if (r.get_indicator(9) != soci::i_null) c.on_time = GetInt(r, 9) != 0;
    c.reminders = GetInt(r, 10);
    if (r.get_indicator(11) != soci::i_null) c.last_reminder_at = GetInt(r, 11);
    c.contact_email = GetText(r, 12);
    if (r.get_indicator(13) != soci::i_null)
      c.review_level = domain::ParseReviewLevel(GetText(r, 13)).value_or(domain::ReviewLevel::kSingle);
    out.push_back(std::move(c));
  }
  return out;
}

std::map<std::string, std::set<std::string>> AnalyticsStore::MaterialKinds(Tx& tx, int year) {
  std::map<std::string, std::set<std::string>> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT DISTINCT r.org_code, m.kind FROM materials m JOIN reports r ON r.id = m.report_id "
                           "WHERE r.campaign_year = :y",
       soci::use(year));
  for (const auto& r : rs) out[GetText(r, 0)].insert(GetText(r, 1));
  return out;
}

std::vector<TotalsGroupRow> AnalyticsStore::Totals(Tx& tx, int year, const std::vector<std::string>& statuses,
                                                   TotalsGroup group, const std::string& root) {
  std::string key = "''", name = "''", join;
  switch (group) {
    case TotalsGroup::kNone: break;
    case TotalsGroup::kType: key = "o.type"; break;
    case TotalsGroup::kDistrict:
      key = "COALESCE(d.district, '')";
      name = "COALESCE(dn.name, '')";
      join = " LEFT JOIN dist d ON d.code = o.code LEFT JOIN org_units dn ON dn.code = d.district";
      break;
    case TotalsGroup::kParent:
      key = "COALESCE(o.parent_code, '')";
      name = "COALESCE(pn.name, '')";
      join = " LEFT JOIN org_units pn ON pn.code = o.parent_code";
      break;
  }
  const std::string with = std::string("WITH RECURSIVE ") + kDistrictCte + ", " + kSubtreeCte;
  const std::string from = " FROM reports r JOIN org_units o ON o.code = r.org_code" + join;
  const std::string where = " WHERE r.campaign_year = :y AND r.status IN (" + InList(statuses) + ")" +
                            (root.empty() ? "" : " AND o.code IN (SELECT code FROM subtree)");
  const std::string root_or_none = root.empty() ? std::string("\x01") : root;
  // PostgreSQL refuses constants in GROUP BY: group only by the real expressions.
  std::string group_cols;
  for (const auto& e : {key, name})
    if (e != "''") group_cols += (group_cols.empty() ? " GROUP BY " : ", ") + e;
  std::map<std::string, TotalsGroupRow> groups;
  {
    soci::rowset<soci::row> rs =
        (tx.sql().prepare << with + "SELECT " + key + ", " + name + ", COUNT(*)" + from + where + group_cols,
         soci::use(root_or_none, "root"), soci::use(year, "y"));
    for (const auto& r : rs) {
      auto& g = groups[GetText(r, 0)];
      g.key = GetText(r, 0);
      g.name = GetText(r, 1);
      g.units = GetInt(r, 2);
    }
  }
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << with + "SELECT " + key + ", v.field_code, SUM(v.value)" + from +
                               " JOIN report_values v ON v.report_id = r.id" + where +
                               (key == "''" ? " GROUP BY v.field_code" : " GROUP BY " + key + ", v.field_code"),
       soci::use(root_or_none, "root"), soci::use(year, "y"));
  for (const auto& r : rs) groups[GetText(r, 0)].sums[GetText(r, 1)] = GetInt(r, 2);
  std::vector<TotalsGroupRow> out;
  out.reserve(groups.size());
  for (auto& [k, g] : groups) out.push_back(std::move(g));
  return out;
}

std::map<std::string, std::map<std::string, domain::Hundredths>> AnalyticsStore::OwnSums(
    Tx& tx, int year, const std::vector<std::string>& statuses, const std::string& root) {
  const std::string root_or_none = root.empty() ? std::string("\x01") : root;
  const std::string sql = std::string("WITH RECURSIVE ") + kSubtreeCte +
                          "SELECT o.code, v.field_code, v.value FROM reports r JOIN org_units o ON o.code = r.org_code"
                          " LEFT JOIN report_values v ON v.report_id = r.id"
                          " WHERE r.campaign_year = :y AND r.status IN (" +
                          InList(statuses) +
                          ")"
                          " AND (o.code = :root2 OR (o.type = 'district'" +
                          (root.empty() ? ")" : " AND o.code IN (SELECT code FROM subtree))") + ")";
  soci::rowset<soci::row> rs = (tx.sql().prepare << sql, soci::use(root_or_none, "root"), soci::use(year, "y"),
                                soci::use(root_or_none, "root2"));
  std::map<std::string, std::map<std::string, domain::Hundredths>> out;
  for (const auto& r : rs) {
    auto& sums = out[GetText(r, 0)];  // present even without a figure: the report counts
    if (r.get_indicator(1) != soci::i_null && r.get_indicator(2) != soci::i_null) sums[GetText(r, 1)] = GetInt(r, 2);
  }
  return out;
}

std::function<bool(UnitFiguresRow&)> AnalyticsStore::OpenUnits(Tx& tx, int year, const std::string& root) {
  // Units are read a page at a time by key (type, code): PostgreSQL's client library holds a
  // whole result in memory, so one query over 100,000 units would cost hundreds of MB.
  constexpr int kPageUnits = 1000;
  // The district climb starts from the page's units only, so each page costs its own size.
  std::string sql = std::string("WITH RECURSIVE ") + kSubtreeCte +
                    ", page(code) AS (SELECT o.code FROM org_units o WHERE o.reports_expected = 1" +
                    (root.empty() ? "" : " AND o.code IN (SELECT code FROM subtree)") +
                    " AND (o.type > :after_type OR (o.type = :after_type2 AND o.code > :after_code))"
                    " ORDER BY o.type, o.code LIMIT " +
                    std::to_string(kPageUnits) +
                    "), "
                    "up(code, anc, anc_type, anc_parent) AS ("
                    " SELECT o.code, o.code, o.type, o.parent_code FROM org_units o JOIN page ON page.code = o.code"
                    " UNION ALL"
                    " SELECT up.code, p.code, p.type, p.parent_code FROM up JOIN org_units p ON p.code = up.anc_parent"
                    " WHERE up.anc_type <> 'district'),"
                    " dist(code, district) AS (SELECT code, anc FROM up WHERE anc_type = 'district') "
                    "SELECT o.code, o.name, o.type, COALESCE(dn.name, ''), r.status, v.field_code, v.value, "
                    "COALESCE(d.district, '') "
                    "FROM page JOIN org_units o ON o.code = page.code LEFT JOIN dist d ON d.code = o.code "
                    "LEFT JOIN org_units dn ON dn.code = d.district "
                    "LEFT JOIN reports r ON r.org_code = o.code AND r.campaign_year = :y "
                    "LEFT JOIN report_values v ON v.report_id = r.id "
                    "ORDER BY o.type, o.code";
  struct Cursor {
    Tx* tx;
    std::string sql;
    std::string root_or_none;
    int year;
    std::string after_type, after_code;  // the last unit handed out
    std::vector<UnitFiguresRow> page;
    size_t next = 0;
    bool done = false;

    void Fetch() {
      page.clear();
      next = 0;
      soci::rowset<soci::row> rs =
          (tx->sql().prepare << sql, soci::use(root_or_none, "root"), soci::use(after_type, "after_type"),
           soci::use(after_type, "after_type2"), soci::use(after_code, "after_code"), soci::use(year, "y"));
      for (const auto& r : rs) {
        const std::string code = GetText(r, 0);
        if (page.empty() || page.back().code != code) {
          UnitFiguresRow u;
          u.code = code;
          u.name = GetText(r, 1);
          u.type = GetText(r, 2);
          u.district_name = GetText(r, 3);
          u.district_code = GetText(r, 7);
          if (r.get_indicator(4) != soci::i_null)
            u.status = domain::ParseReportStatus(GetText(r, 4)).value_or(domain::ReportStatus::kDraft);
          page.push_back(std::move(u));
        }
        if (r.get_indicator(5) != soci::i_null) page.back().values[GetText(r, 5)] = GetInt(r, 6);
      }
      if (page.empty()) done = true;
    }
  };
  auto c = std::make_shared<Cursor>();
  c->tx = &tx;
  c->sql = std::move(sql);
  c->root_or_none = root.empty() ? std::string("\x01") : root;
  c->year = year;
  return [c](UnitFiguresRow& out) {
    if (c->done) return false;
    if (c->next >= c->page.size()) {
      c->Fetch();
      if (c->done) return false;
    }
    out = std::move(c->page[c->next++]);
    c->after_type = out.type;
    c->after_code = out.code;
    return true;
  };
}

}  // namespace sciweek::store
