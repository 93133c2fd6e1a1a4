#include "store/org_document_store.hpp"

#include <soci/soci.h>

#include "store/row_util.hpp"

namespace sciweek::store {
namespace {

constexpr const char* kColumns =
    "id, campaign_year, org_code, kind, filename, mime, size, sha256, created_at, created_by";

OrgDocumentRow FromRow(const soci::row& r) {
  return {GetInt(r, 0),  static_cast<int>(GetInt(r, 1)),
          GetText(r, 2), GetText(r, 3),
          GetText(r, 4), GetText(r, 5),
          GetInt(r, 6),  GetText(r, 7),
          GetInt(r, 8),  GetText(r, 9)};
}

}  // namespace

long long OrgDocumentStore::Insert(Tx& tx, const OrgDocumentRow& d) {
  long long id = 0;
  tx.sql() << "INSERT INTO org_documents (campaign_year, org_code, kind, filename, mime, size, sha256, created_at, "
              "created_by) VALUES (:y, :o, :k, :f, :m, :s, :h, :at, :by) RETURNING id",
      soci::use(d.campaign_year), soci::use(d.org_code), soci::use(d.kind), soci::use(d.filename), soci::use(d.mime),
      soci::use(d.size), soci::use(d.sha256), soci::use(d.created_at), soci::use(d.created_by), soci::into(id);
  return id;
}

std::vector<OrgDocumentRow> OrgDocumentStore::List(Tx& tx, int year, const std::string& org) {
  std::vector<OrgDocumentRow> out;
  soci::rowset<soci::row> rs = (tx.sql().prepare << "SELECT " << kColumns
                                                 << " FROM org_documents WHERE campaign_year = :y AND org_code = :o "
                                                    "ORDER BY id",
                                soci::use(year), soci::use(org));
  for (const auto& r : rs) out.push_back(FromRow(r));
  return out;
}

std::optional<OrgDocumentRow> OrgDocumentStore::Find(Tx& tx, long long id) {
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT " << kColumns << " FROM org_documents WHERE id = :id", soci::use(id));
  std::optional<OrgDocumentRow> out;
  for (const auto& r : rs) out = FromRow(r);
  return out;
}

void OrgDocumentStore::Delete(Tx& tx, long long id) {
  tx.sql() << "DELETE FROM org_documents WHERE id = :id", soci::use(id);
}

}  // namespace sciweek::store
