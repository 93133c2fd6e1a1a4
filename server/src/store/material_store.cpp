#include "store/material_store.hpp"

#include <soci/soci.h>

#include "store/row_util.hpp"

namespace sciweek::store {
namespace {

constexpr const char* kColumns =
    "id, report_id, kind, filename, mime, size, sha256, duration_ms, created_at, created_by";

MaterialRow FromRow(const soci::row& r) {
  MaterialRow m;
  m.id = GetInt(r, 0);
  m.report_id = GetInt(r, 1);
  m.kind = GetText(r, 2);
  m.filename = GetText(r, 3);
  m.mime = GetText(r, 4);
  m.size = GetInt(r, 5);
  m.sha256 = GetText(r, 6);
  if (r.get_indicator(7) != soci::i_null) m.duration_ms = GetInt(r, 7);
  m.created_at = GetInt(r, 8);
  m.created_by = GetText(r, 9);
  return m;
}

MediaReportRow MediaFromRow(const soci::row& r) {
  return {GetInt(r, 0),  GetInt(r, 1),  GetText(r, 2), GetText(r, 3),
          GetText(r, 4), GetText(r, 5), GetInt(r, 6),  GetText(r, 7)};
}

}  // namespace

long long MaterialStore::Insert(Tx& tx, const MaterialRow& m) {
  long long id = 0;
  long long duration = m.duration_ms.value_or(0);
  soci::indicator di = m.duration_ms ? soci::i_ok : soci::i_null;
  tx.sql() << "INSERT INTO materials (report_id, kind, filename, mime, size, sha256, duration_ms, created_at, "
              "created_by) VALUES (:r, :k, :f, :m, :s, :h, :d, :at, :by) RETURNING id",
      soci::use(m.report_id), soci::use(m.kind), soci::use(m.filename), soci::use(m.mime), soci::use(m.size),
      soci::use(m.sha256), soci::use(duration, di), soci::use(m.created_at), soci::use(m.created_by), soci::into(id);
  return id;
}

std::vector<MaterialRow> MaterialStore::List(Tx& tx, long long report_id) {
  std::vector<MaterialRow> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT " << kColumns << " FROM materials WHERE report_id = :r ORDER BY id",
       soci::use(report_id));
  for (const auto& r : rs) out.push_back(FromRow(r));
  return out;
}

std::optional<MaterialRow> MaterialStore::Find(Tx& tx, long long id) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT " << kColumns << " FROM materials WHERE id = :id", soci::use(id));
  std::optional<MaterialRow> out;
  for (const auto& r : rs) out = FromRow(r);
  return out;
}

void MaterialStore::Delete(Tx& tx, long long id) { tx.sql() << "DELETE FROM materials WHERE id = :id", soci::use(id); }

long long MaterialStore::InsertMediaReport(Tx& tx, const MediaReportRow& m) {
  long long id = 0;
  tx.sql() << "INSERT INTO media_reports (report_id, outlet, title, url, published_on, created_at, created_by) "
              "VALUES (:r, :o, :t, :u, :p, :at, :by) RETURNING id",
      soci::use(m.report_id), soci::use(m.outlet), soci::use(m.title), soci::use(m.url), soci::use(m.published_on),
      soci::use(m.created_at), soci::use(m.created_by), soci::into(id);
  return id;
}

std::vector<MediaReportRow> MaterialStore::MediaReports(Tx& tx, long long report_id) {
  std::vector<MediaReportRow> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT id, report_id, outlet, title, url, published_on, created_at, created_by "
                           "FROM media_reports WHERE report_id = :r ORDER BY id",
       soci::use(report_id));
  for (const auto& r : rs) out.push_back(MediaFromRow(r));
  return out;
}

std::optional<MediaReportRow> MaterialStore::FindMediaReport(Tx& tx, long long id) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT id, report_id, outlet, title, url, published_on, created_at, created_by "
                           "FROM media_reports WHERE id = :id",
       soci::use(id));
  std::optional<MediaReportRow> out;
  for (const auto& r : rs) out = MediaFromRow(r);
  return out;
}

void MaterialStore::DeleteMediaReport(Tx& tx, long long id) {
  tx.sql() << "DELETE FROM media_reports WHERE id = :id", soci::use(id);
}

std::vector<OfUnit<MaterialRow>> MaterialStore::ForCampaign(Tx& tx, int year) {
  std::vector<OfUnit<MaterialRow>> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare
           << "SELECT m.id, m.report_id, m.kind, m.filename, m.mime, m.size, m.sha256, m.duration_ms, "
              "m.created_at, m.created_by, r.org_code FROM materials m JOIN reports r ON r.id = m.report_id "
              "WHERE r.campaign_year = :y ORDER BY r.org_code, m.id",
       soci::use(year));
  for (const auto& r : rs) out.push_back({GetText(r, 10), FromRow(r)});
  return out;
}

std::vector<OfUnit<MediaReportRow>> MaterialStore::MediaReportsForCampaign(Tx& tx, int year) {
  std::vector<OfUnit<MediaReportRow>> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT m.id, m.report_id, m.outlet, m.title, m.url, m.published_on, m.created_at, "
                           "m.created_by, r.org_code FROM media_reports m JOIN reports r ON r.id = m.report_id "
                           "WHERE r.campaign_year = :y ORDER BY r.org_code, m.published_on, m.id",
       soci::use(year));
  for (const auto& r : rs) out.push_back({GetText(r, 8), MediaFromRow(r)});
  return out;
}

}  // namespace sciweek::store
