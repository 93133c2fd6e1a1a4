#pragma once
// The materials of a report package (the notice asks for the summary report, photos, a
// video of at most 3 minutes, and media reports): uploads checked by content and stored by
// digest, downloads, deletion, media-report entries.
#include <string>

#include "core/result.hpp"
#include "service/support/context.hpp"
#include "service/support/file_store.hpp"
#include "store/db.hpp"
#include "store/material_store.hpp"

namespace sciweek::service {

struct MaterialFile {
  store::MaterialRow row;
  std::string path;
};

struct MediaReportInput {
  std::string outlet, title, url, date;
};

class MaterialService {
 public:
  MaterialService(store::Db& db, FileStore& files) : db_(db), files_(files) {}

  // temp_path: the streamed request body; moved into the store on success.
  // Whether this principal may upload a file of this kind to the unit's report now: run when
  // an upload's headers arrive, before any byte is stored, and again by Upload.
  core::Status MayUpload(const Ctx& ctx, int year, const std::string& org, const std::string& kind,
                         const std::string& filename);
  core::Result<store::MaterialRow> Upload(const Ctx& ctx, int year, const std::string& org, const std::string& kind,
                                          const std::string& filename, const std::string& temp_path);
  core::Result<MaterialFile> Open(const Ctx& ctx, int year, const std::string& org, long long id);
  core::Status Delete(const Ctx& ctx, int year, const std::string& org, long long id);
  core::Result<store::MediaReportRow> AddMediaReport(const Ctx& ctx, int year, const std::string& org,
                                                     const MediaReportInput& in);
  core::Status DeleteMediaReport(const Ctx& ctx, int year, const std::string& org, long long id);

 private:
  // The report row to attach to (created, still "not started", when the unit has none yet),
  // after checking the principal may change this unit's package now.
  core::Result<long long> EditableReport(store::Tx& tx, const Ctx& ctx, int year, const std::string& org);
  store::Db& db_;
  FileStore& files_;
};

}  // namespace sciweek::service
