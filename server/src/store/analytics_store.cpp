#include "store/analytics_store.hpp"

#include <soci/soci.h>

#include "store/org_tree_sql.hpp"
#include "store/report_tallies.hpp"
#include "store/row_util.hpp"

namespace sciweek::store {
namespace {

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

namespace {

// The completeness list's statement; `page` > 0 reads that many units after the key
// (:after_type, :after_code), so exports can stream the list a page at a time.
std::string CompletenessSql(const std::string& root, int page) {
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
  if (page > 0) sql += " AND (o.type > :after_type OR (o.type = :after_type2 AND o.code > :after_code))";
  sql += " ORDER BY o.type, o.code";
  if (page > 0) sql += " LIMIT " + std::to_string(page);
  return sql;
}

CompletenessRow ReadCompletenessRow(const soci::row& r) {
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
  return c;
}

// Rows a page at a time by key (type, code): PostgreSQL's client library holds a whole result
// in memory, so one query over 100,000 units would cost hundreds of MB. `fetch` reads the page
// after the given key (empty: the first); rows come out in (type, code) order.
template <typename Row>
std::function<bool(Row&)> KeysetCursor(
    std::function<std::vector<Row>(const std::string& after_type, const std::string& after_code)> fetch) {
  struct State {
    std::function<std::vector<Row>(const std::string&, const std::string&)> fetch;
    std::string after_type, after_code;  // the last row handed out
    std::vector<Row> page;
    size_t next = 0;
    bool done = false;
  };
  auto st = std::make_shared<State>();
  st->fetch = std::move(fetch);
  return [st](Row& out) {
    if (st->done) return false;
    if (st->next >= st->page.size()) {
      st->page = st->fetch(st->after_type, st->after_code);
      st->next = 0;
      if (st->page.empty()) {
        st->done = true;
        return false;
      }
    }
    out = std::move(st->page[st->next++]);
    st->after_type = out.type;
    st->after_code = out.code;
    return true;
  };
}

constexpr int kPageUnits = 1000;

}  // namespace

std::vector<CompletenessRow> AnalyticsStore::Completeness(Tx& tx, int year, const std::string& root) {
  const std::string root_or_none = root.empty() ? std::string("\x01") : root;
  soci::rowset<soci::row> rs = (tx.sql().prepare << CompletenessSql(root, 0), soci::use(root_or_none, "root"),
                                soci::use(year, "y"), soci::use(year, "y2"), soci::use(year, "y3"));
  std::vector<CompletenessRow> out;
  for (const auto& r : rs) out.push_back(ReadCompletenessRow(r));
  return out;
}

std::function<bool(CompletenessRow&)> AnalyticsStore::OpenCompleteness(Tx& tx, int year, const std::string& root) {
  // Paged like OpenUnits: memory stays flat in the number of units on both databases.
  return KeysetCursor<CompletenessRow>([&tx, sql = CompletenessSql(root, kPageUnits),
                                        root_or_none = root.empty() ? std::string("\x01") : root,
                                        year](const std::string& after_type, const std::string& after_code) {
    std::vector<CompletenessRow> page;
    soci::rowset<soci::row> rs = (tx.sql().prepare << sql, soci::use(root_or_none, "root"), soci::use(year, "y"),
                                  soci::use(year, "y2"), soci::use(year, "y3"), soci::use(after_type, "after_type"),
                                  soci::use(after_type, "after_type2"), soci::use(after_code, "after_code"));
    for (const auto& r : rs) page.push_back(ReadCompletenessRow(r));
    return page;
  });
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
  // Read from the running totals (store/report_tallies.hpp): a few rows per area, type and
  // parent instead of every figure of every report. Under a root, the tallies of the units
  // whose parent lies in root's subtree are its descendants; root's own report is added from
  // its entries, since its tally row is shared with its siblings.
  std::string key, name, join;
  switch (group) {
    case TotalsGroup::kNone: break;
    case TotalsGroup::kType: key = "t.org_type"; break;
    case TotalsGroup::kDistrict:
      key = "t.district_code";
      name = "dn.name";
      join = " LEFT JOIN org_units dn ON dn.code = t.district_code";
      break;
    case TotalsGroup::kParent:
      key = "t.parent_code";
      name = "pn.name";
      join = " LEFT JOIN org_units pn ON pn.code = t.parent_code";
      break;
  }
  const std::string source =
      root.empty() ? std::string("report_tallies")
                   : "(SELECT campaign_year, status, org_type, district_code, parent_code, field_code, entries, total"
                     " FROM report_tallies WHERE parent_code IN (SELECT code FROM subtree)"
                     " UNION ALL SELECT y, s, t, d, p, f, COUNT(*), SUM(v) FROM entry GROUP BY y, s, t, d, p, f)";
  const std::string with = root.empty() ? std::string()
                                        : "WITH RECURSIVE " + std::string(kSubtreeCte) + ", " +
                                              ReportTallies::EntryCtes("r.org_code = :root2 AND r.campaign_year = :y2");
  std::string group_cols;  // PostgreSQL refuses constants in GROUP BY: only real columns
  for (const auto& e : {key, name})
    if (!e.empty()) group_cols += e + ", ";
  const std::string sql =
      with + "SELECT " + (key.empty() ? "''" : key) + ", " + (name.empty() ? "''" : "COALESCE(" + name + ", '')") +
      ", t.field_code, CAST(SUM(t.entries) AS BIGINT), CAST(SUM(t.total) AS BIGINT) FROM " + source + " t" + join +
      " WHERE t.campaign_year = :y AND t.status IN (" + InList(statuses) + ") GROUP BY " + group_cols + "t.field_code";
  soci::details::prepare_temp_type p = (tx.sql().prepare << sql, soci::use(year, "y"));
  if (!root.empty()) p, soci::use(root, "root"), soci::use(root, "root2"), soci::use(year, "y2");
  soci::rowset<soci::row> rs(p);
  std::map<std::string, TotalsGroupRow> groups;
  for (const auto& r : rs) {
    const long long entries = GetInt(r, 3);
    if (entries <= 0) continue;  // rows emptied by reports that moved on
    const std::string field = GetText(r, 2);
    auto& g = groups[GetText(r, 0)];
    g.key = GetText(r, 0);
    g.name = GetText(r, 1);
    if (field.empty()) g.units = entries;
    else g.sums[field] = GetInt(r, 4);
  }
  std::vector<TotalsGroupRow> out;
  out.reserve(groups.size());
  for (auto& [k, g] : groups) out.push_back(std::move(g));
  return out;
}

std::map<std::string, std::map<std::string, domain::Hundredths>> AnalyticsStore::OwnSums(
    Tx& tx, int year, const std::vector<std::string>& statuses, const std::string& root) {
  const std::string root_or_none = root.empty() ? std::string("\x01") : root;
  const std::string sql = std::string("WITH RECURSIVE ") + kSubtreeCte +
                          // From the few districts to their reports (CROSS JOIN keeps SQLite from
                          // scanning every report of the year first: 66 ms → 1 ms at 100,000 units).
                          "SELECT o.code, v.field_code, v.value FROM org_units o CROSS JOIN reports r"
                          " LEFT JOIN report_values v ON v.report_id = r.id"
                          " WHERE r.org_code = o.code AND r.campaign_year = :y AND r.status IN (" +
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
  // The district climb starts from the page's units only, so each page costs its own size.
  std::string sql = std::string("WITH RECURSIVE ") + kSubtreeCte +
                    ", page(code) AS (SELECT o.code FROM org_units o WHERE o.reports_expected = 1" +
                    (root.empty() ? "" : " AND o.code IN (SELECT code FROM subtree)") +
                    " AND (o.type > :after_type OR (o.type = :after_type2 AND o.code > :after_code))"
                    " ORDER BY o.type, o.code LIMIT " +
                    std::to_string(kPageUnits) + "), " + DistrictCtes("SELECT code FROM page") +
                    "SELECT o.code, o.name, o.type, COALESCE(dn.name, ''), r.status, v.field_code, v.value, "
                    "COALESCE(d.district, '') "
                    "FROM page JOIN org_units o ON o.code = page.code LEFT JOIN dist d ON d.code = o.code "
                    "LEFT JOIN org_units dn ON dn.code = d.district "
                    "LEFT JOIN reports r ON r.org_code = o.code AND r.campaign_year = :y "
                    "LEFT JOIN report_values v ON v.report_id = r.id "
                    "ORDER BY o.type, o.code";
  return KeysetCursor<UnitFiguresRow>([&tx, sql = std::move(sql),
                                       root_or_none = root.empty() ? std::string("\x01") : root,
                                       year](const std::string& after_type, const std::string& after_code) {
    std::vector<UnitFiguresRow> page;  // one entry per unit: its figures come as rows of their own
    soci::rowset<soci::row> rs =
        (tx.sql().prepare << sql, soci::use(root_or_none, "root"), soci::use(after_type, "after_type"),
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
    return page;
  });
}

}  // namespace sciweek::store
