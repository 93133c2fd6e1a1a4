#pragma once
// Exports, written to a temp file that the HTTP layer streams and then removes (and the CLI
// writes where it is told): the organizer's summary workbook and CSV, the chase list, one
// unit's table in the attachment's layout.
#include <string>

#include "core/result.hpp"
#include "service/context.hpp"
#include "store/db.hpp"

namespace sciweek::service {

struct ExportFile {
  std::string path;
  std::string filename;  // shown to the user: 2023年北京科技周活动开展情况汇总.xlsx
  std::string content_type;
};

class ExportService {
 public:
  ExportService(store::Db& db, std::string temp_dir) : db_(db), temp_dir_(std::move(temp_dir)) {}

  // out_path empty: a fresh temp file.
  core::Result<ExportFile> SummaryXlsx(const Ctx& ctx, int year, const std::string& out_path = "");
  core::Result<ExportFile> SummaryCsv(const Ctx& ctx, int year, const std::string& out_path = "");
  core::Result<ExportFile> CompletenessXlsx(const Ctx& ctx, int year);
  core::Result<ExportFile> UnitXlsx(const Ctx& ctx, int year, const std::string& org);
  // Every activity the principal may see, with sessions, capacity, reserved and checked in.
  core::Result<ExportFile> ActivitiesXlsx(const Ctx& ctx, int year);
  // One session's reservations with full phone numbers: the lead unit's staff only, audited.
  core::Result<ExportFile> AttendeesXlsx(const Ctx& ctx, long long session_id);

 private:
  std::string TempPath(const char* ext) const;
  store::Db& db_;
  std::string temp_dir_;
};

}  // namespace sciweek::service
