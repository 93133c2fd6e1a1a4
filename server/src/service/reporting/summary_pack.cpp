// The organizer's summary pack: after the deadline, one download with what the city's own
// summary is written from. The three lists are exported to temp files first; the units'
// files are read from the content store only while the zip is sent (export/zip_stream.hpp),
// so a pack of every unit's video never sits in memory or is copied on disk.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "core/logging.hpp"
#include "core/time.hpp"
#include "export/zip_stream.hpp"
#include "media/media_check.hpp"
#include "service/audit/audit.hpp"
#include "service/reporting/export_service.hpp"
#include "service/reporting/oversight_service.hpp"
#include "service/support/file_store.hpp"
#include "store/analytics_store.hpp"
#include "store/material_store.hpp"

namespace sciweek::service {
namespace {

struct FileStat {
  std::uint64_t size = 0;
  std::time_t modified = 0;
};

std::optional<FileStat> Stat(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return FileStat{static_cast<std::uint64_t>(st.st_size), st.st_mtime};
}

// Removes the temp files made so far when the pack cannot be made after all.
class TempFiles {
 public:
  ~TempFiles() {
    for (const auto& p : paths_) {
      std::error_code ec;
      std::filesystem::remove(p, ec);
    }
  }
  void Add(const std::string& path) { paths_.push_back(path); }
  const std::vector<std::string>& Paths() const { return paths_; }
  // The zip now owns them (it removes them when it is gone).
  void Release() { paths_.clear(); }

 private:
  std::vector<std::string> paths_;
};

}  // namespace

core::Result<StreamedExport> ExportService::SummaryPack(const Ctx& ctx, int year) {
  if (!files_) return core::Error::Internal("summary pack asked of an export service without a content store");
  auto root = OversightService::OverseenRoot(ctx);
  if (!root) return root.error();
  TempFiles temps;
  std::vector<exporting::ZipEntry> entries;
  const std::string top = exporting::SafeZipName(std::to_string(year) + "年北京科技周总结材料");
  exporting::UniqueZipNames names;
  auto add = [&](const std::string& name, const std::string& path) -> bool {
    auto st = Stat(path);
    if (!st) return false;
    entries.push_back({names.Take(top + "/" + name), path, st->size, st->modified});
    return true;
  };
  // The lists, each as its own download would give it (same scope, same layout).
  for (auto make : {&ExportService::MediaReportsXlsx, &ExportService::ActivitiesXlsx}) {
    auto f = (this->*make)(ctx, year);
    if (!f) return f.error();
    temps.Add(f->path);
    if (!add(exporting::SafeZipName(f->filename), f->path)) return core::Error::Internal("export vanished: " + f->path);
  }
  auto summary = SummaryXlsx(ctx, year);
  if (!summary) return summary.error();
  temps.Add(summary->path);
  if (!add(exporting::SafeZipName(summary->filename), summary->path))
    return core::Error::Internal("export vanished: " + summary->path);

  // Every unit's materials in scope, in folders by unit and kind. A file the store has lost
  // is listed in 说明.txt rather than failing the whole pack.
  std::vector<std::string> missing;
  std::vector<exporting::ZipEntry> unit_entries;
  long long units_with_files = 0;
  auto listed = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    missing.clear();  // a retried transaction starts over
    unit_entries.clear();
    units_with_files = 0;
    exporting::UniqueZipNames unit_names_taken = names;
    std::map<std::string, std::string> unit_names;
    for (const auto& u : store::AnalyticsStore::Completeness(tx, year, *root)) unit_names[u.code] = u.name;
    std::string last_unit;
    for (const auto& [org, m] : store::MaterialStore::ForCampaign(tx, year)) {
      auto unit = unit_names.find(org);
      if (unit == unit_names.end()) continue;
      const auto kind = media::ParseMaterialKind(m.kind);
      const std::string folder = "单位材料/" + exporting::SafeZipName(org + " " + unit->second) + "/" +
                                 (kind ? media::MaterialKindLabel(*kind) : std::string("其他材料"));
      const auto local = files_->LocalPath(tx, m.sha256);
      const std::string path = local ? *local : std::string();
      const auto st = path.empty() ? std::nullopt : Stat(path);
      if (!st || st->size != static_cast<std::uint64_t>(m.size)) {
        spdlog::error("summary pack: material {} of {} ({}) is missing from the content store", m.id, org, m.sha256);
        missing.push_back(folder + "/" + m.filename);
        continue;
      }
      unit_entries.push_back({unit_names_taken.Take(top + "/" + folder + "/" + exporting::SafeZipName(m.filename)),
                              path, st->size, static_cast<std::time_t>(m.created_at)});
      if (org != last_unit) ++units_with_files;
      last_unit = org;
    }
    // Who took every unit's files, and when: in the audit log with the same commit.
    Audit(tx, ctx, "summary_pack.exported", "campaign", std::to_string(year), nullptr,
          {{"scope", *root}, {"files", unit_entries.size()}, {"units", units_with_files}, {"missing", missing.size()}});
    names = std::move(unit_names_taken);
    return true;
  });
  if (!listed) return listed.error();
  const auto material_files = unit_entries.size();
  entries.insert(entries.end(), std::make_move_iterator(unit_entries.begin()),
                 std::make_move_iterator(unit_entries.end()));

  // A note in front: what the pack holds, when it was made, and any file that could not be included.
  const std::string readme = TempPath(".txt");
  {
    std::ofstream out(readme, std::ios::binary);
    out << "\xEF\xBB\xBF" << year << "年北京科技周总结材料\r\n"
        << "生成时间：" << core::FormatShanghai(ctx.now).substr(0, 16).replace(10, 1, " ") << "（北京时间）\r\n"
        << "范围：" << (root->empty() ? std::string("全市") : *root + " 及其所属单位") << "\r\n\r\n"
        << "活动开展情况汇总.xlsx：统计表汇总（附件格式）\r\n"
        << "活动清单.xlsx：全部活动及预约、入场人数\r\n"
        << "媒体报道清单.xlsx：各单位填报的媒体报道（媒体、标题、日期、链接）\r\n"
        << "单位材料：各单位的总结报告、照片、视频和盖章扫描件，共 " << units_with_files << " 家单位、"
        << material_files << " 个文件\r\n";
    if (!missing.empty()) {
      out << "\r\n以下文件在服务器上缺失，未能打包，请联系系统管理员：\r\n";
      for (const auto& m : missing) out << "  " << m << "\r\n";
    }
    if (!out) return core::Error::Internal("cannot write the summary pack's note " + readme);
  }
  temps.Add(readme);
  const auto readme_stat = Stat(readme);
  if (!readme_stat) return core::Error::Internal("the summary pack's note vanished: " + readme);
  entries.insert(entries.begin(), {names.Take(top + "/说明.txt"), readme, readme_stat->size, ctx.now});
  try {
    auto zip = std::make_shared<exporting::ZipStream>(std::move(entries), temps.Paths());
    temps.Release();
    return StreamedExport{top + ".zip", "application/zip", std::move(zip)};
  } catch (const std::invalid_argument& e) {
    return core::Error::Internal(e.what());
  }
}

}  // namespace sciweek::service
