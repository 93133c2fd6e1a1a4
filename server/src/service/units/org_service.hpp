#pragma once
// The register of reporting units: listing by subtree, editing, CSV import.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/org_import.hpp"
#include "domain/org_unit.hpp"
#include "service/support/context.hpp"
#include "store/db.hpp"
#include "store/org_store.hpp"

namespace sciweek::service {

struct OrgPage {
  std::vector<domain::OrgUnit> items;
  long long total = 0;
};

struct OrgImportResult {
  bool dry_run = true;
  int created = 0;
  int updated = 0;
  std::vector<core::FieldProblem> errors;
};

class OrgService {
 public:
  explicit OrgService(store::Db& db) : db_(db) {}
  core::Result<OrgPage> List(const Ctx& ctx, store::OrgFilter filter);
  core::Result<domain::OrgUnit> Get(const Ctx& ctx, const std::string& code);
  core::Result<domain::OrgUnit> Create(const Ctx& ctx, const domain::OrgUnit& unit);
  core::Result<domain::OrgUnit> Update(const Ctx& ctx, const domain::OrgUnit& unit);
  core::Status Delete(const Ctx& ctx, const std::string& code);
  // Dry run: plan and report. Otherwise: apply all rows, or none when any has a problem.
  core::Result<OrgImportResult> Import(const Ctx& ctx, const std::string& csv, bool dry_run);

 private:
  store::Db& db_;
};

}  // namespace sciweek::service
