#pragma once
// A unit's campaign documents: its implementation plan (实施方案) and, for districts, its
// leading group (领导机构). The bytes live in the content store.
#include <optional>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace sciweek::store {

struct OrgDocumentRow {
  long long id = 0;
  int campaign_year = 0;
  std::string org_code;
  std::string kind;  // implementation_plan | leading_group
  std::string filename, mime;
  long long size = 0;
  std::string sha256;
  long long created_at = 0;
  std::string created_by;
};

class OrgDocumentStore {
 public:
  static long long Insert(Tx& tx, const OrgDocumentRow& d);
  static std::vector<OrgDocumentRow> List(Tx& tx, int year, const std::string& org);
  static std::optional<OrgDocumentRow> Find(Tx& tx, long long id);
  static void Delete(Tx& tx, long long id);
};

}  // namespace sciweek::store
