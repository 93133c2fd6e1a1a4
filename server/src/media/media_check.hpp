#pragma once
// Checks an uploaded file by its content, not its name: libmagic sniffs the real type,
// libavformat measures a video's duration from the container itself. Both run in a child
// process under limits (probe_sandbox.hpp); this file only judges the child's report.
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace sciweek::media {

enum class MaterialKind { kSummary, kPhoto, kVideo, kScan, kEmergencyPlan, kCover };

std::optional<MaterialKind> ParseMaterialKind(
    const std::string& name);  // "summary"|"photo"|"video"|"scan"|"emergency_plan"|"cover"
std::string MaterialKindName(MaterialKind kind);
std::string MaterialKindLabel(MaterialKind kind);  // 总结报告, 照片, 视频 …

// A .docx, also when libmagic only saw a zip (content_probe.cpp looks inside).
inline constexpr const char* kWordPackageMime =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// A sniffed type of the mp4 or mov family: the probe child measures these.
bool IsVideoMime(const std::string& mime);

struct MediaInfo {
  std::string mime;                        // canonical for the sniffed type, e.g. "application/pdf"
  std::string extension;                   // canonical, e.g. "pdf"
  std::optional<double> duration_seconds;  // videos only
};

// The sniffed type of the file at `path` must be one the kind accepts, and the filename's
// extension must agree with it:
//   summary: pdf, doc, docx, wps      photo: jpeg, png      video: mp4, mov
//   scan: pdf, jpeg, png              emergency_plan: pdf, doc, docx, wps     cover: jpeg, png
// unsupported_media (415) naming the sniffed type otherwise; validation_failed (422) for an
// empty file or a video longer than max_video_seconds (naming the measured duration), or one
// libavformat cannot read, or when the probe child fails (crash, limit, timeout, bad
// report); unavailable (503) when every probe slot stays busy.
// A name to store and offer back on download: 1..200 characters of clean UTF-8, no path.
core::Status CheckFilename(const std::string& name);

core::Result<MediaInfo> CheckUpload(MaterialKind kind, const std::string& path, const std::string& filename,
                                    double max_video_seconds = 180.0);

}  // namespace sciweek::media
