#pragma once
// Exports, written to a temp file that the HTTP layer streams and then removes (and the CLI
// writes where it is told): the organizer's summary workbook and CSV, the chase list, one
// unit's table in the attachment's layout, the activity and media lists; and the summary
// pack, streamed as a zip.
#include <memory>
#include <string>

#include "core/byte_source.hpp"
#include "core/result.hpp"
#include "service/support/context.hpp"
#include "store/db.hpp"

namespace sciweek::service {

class FileStore;

struct ExportFile {
  std::string path;
  std::string filename;  // shown to the user: 2023年北京科技周活动开展情况汇总.xlsx
  std::string content_type;
};

// An export produced while it is sent (the summary pack): never whole in memory or on disk.
struct StreamedExport {
  std::string filename;
  std::string content_type;
  std::shared_ptr<core::ByteSource> source;
};

class ExportService {
 public:
  // files: where uploaded materials live; null where no pack is made (the CLI's export).
  ExportService(store::Db& db, std::string temp_dir, FileStore* files = nullptr)
      : db_(db), temp_dir_(std::move(temp_dir)), files_(files) {}

  // out_path empty: a fresh temp file.
  core::Result<ExportFile> SummaryXlsx(const Ctx& ctx, int year, const std::string& out_path = "");
  core::Result<ExportFile> SummaryCsv(const Ctx& ctx, int year, const std::string& out_path = "");
  core::Result<ExportFile> CompletenessXlsx(const Ctx& ctx, int year);
  core::Result<ExportFile> UnitXlsx(const Ctx& ctx, int year, const std::string& org);
  // Every activity the principal may see, with sessions, capacity, reserved and checked in.
  core::Result<ExportFile> ActivitiesXlsx(const Ctx& ctx, int year);
  // The activity import template (domain/activity_import.hpp), for anyone who may register activities.
  core::Result<ExportFile> ActivityTemplateXlsx(const Ctx& ctx, int year);
  // One session's reservations with full phone numbers: the lead unit's staff only, audited.
  core::Result<ExportFile> AttendeesXlsx(const Ctx& ctx, long long session_id);
  // Every unit's media reports in the principal's scope (outlet, title, date, link).
  core::Result<ExportFile> MediaReportsXlsx(const Ctx& ctx, int year);
  // The organizer's summary pack (summary_pack.cpp): one zip of the totals, activity and
  // media lists and every unit's summary report, photos, video and scans in folders by unit.
  core::Result<StreamedExport> SummaryPack(const Ctx& ctx, int year);

 private:
  std::string TempPath(const char* ext) const;
  store::Db& db_;
  std::string temp_dir_;
  FileStore* files_;
};

}  // namespace sciweek::service
