#pragma once
// A unit's campaign documents (the notice asks each unit for its implementation plan and
// each district for its leading group): upload checked by content like report materials,
// list, download, delete. The unit's own reporters change them; whoever sees the unit
// reads them.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "service/support/context.hpp"
#include "service/support/file_store.hpp"
#include "store/db.hpp"
#include "store/org_document_store.hpp"

namespace sciweek::service {

struct OrgDocumentFile {
  store::OrgDocumentRow row;
  std::string path;
};

class OrgDocumentService {
 public:
  OrgDocumentService(store::Db& db, FileStore& files) : db_(db), files_(files) {}

  // Whether this principal may upload this kind of document for the unit now (before any byte is stored).
  core::Status MayUpload(const Ctx& ctx, int year, const std::string& org, const std::string& kind,
                         const std::string& filename);
  core::Result<store::OrgDocumentRow> Upload(const Ctx& ctx, int year, const std::string& org, const std::string& kind,
                                             const std::string& filename, const std::string& temp_path);
  core::Result<std::vector<store::OrgDocumentRow>> List(const Ctx& ctx, int year, const std::string& org);
  core::Result<OrgDocumentFile> Open(const Ctx& ctx, int year, const std::string& org, long long id);
  core::Status Delete(const Ctx& ctx, int year, const std::string& org, long long id);

 private:
  store::Db& db_;
  FileStore& files_;
};

}  // namespace sciweek::service
