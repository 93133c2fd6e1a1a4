#include "media/media_check.hpp"

#include "core/text.hpp"
#include "media/probe_sandbox.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <sys/stat.h>

namespace sciweek::media {
namespace {

using core::Error;
using core::ErrorCode;

// One family of files we accept. Several sniffed MIME types can map to one family (libmagic
// reports old Word files as msword, CDFV2 or bare OLE storage depending on what it can parse),
// and doc and wps share the OLE container, so the extension picks between them.
struct Family {
  const char* name;       // "pdf"
  const char* label;      // shown to users: "PDF"
  const char* mime;       // canonical, what we serve the file as
  const char* extension;  // canonical
  std::vector<std::string> mimes;
  std::vector<std::string> extensions;
};

const std::vector<std::string> kOleMimes = {
    "application/msword",        "application/CDFV2",         "application/CDFV2-corrupt", "application/CDFV2-unknown",
    "application/x-ole-storage", "application/vnd.ms-office", "application/vnd.ms-works"};
constexpr const char* kDocxMime = kWordPackageMime;

const std::vector<Family>& Families() {
  static const std::vector<Family> kAll = {
      {"pdf", "PDF", "application/pdf", "pdf", {"application/pdf"}, {"pdf"}},
      {"doc", "DOC", "application/msword", "doc", kOleMimes, {"doc"}},
      {"wps", "WPS", "application/vnd.ms-works", "wps", kOleMimes, {"wps"}},
      {"docx", "DOCX", kDocxMime, "docx", {kDocxMime}, {"docx"}},
      {"jpeg", "JPEG", "image/jpeg", "jpg", {"image/jpeg"}, {"jpg", "jpeg"}},
      {"png", "PNG", "image/png", "png", {"image/png"}, {"png"}},
      {"mp4", "MP4", "video/mp4", "mp4", {"video/mp4", "video/x-m4v"}, {"mp4", "m4v"}},
      {"mov", "MOV", "video/quicktime", "mov", {"video/quicktime"}, {"mov"}},
  };
  return kAll;
}

struct KindRule {
  const char* label;
  std::vector<std::string> families;
};

KindRule RuleFor(MaterialKind kind) {
  switch (kind) {
    case MaterialKind::kSummary: return {"总结报告", {"pdf", "doc", "docx", "wps"}};
    case MaterialKind::kPhoto: return {"照片", {"jpeg", "png"}};
    case MaterialKind::kVideo: return {"视频", {"mp4", "mov"}};
    case MaterialKind::kScan: return {"盖章扫描件", {"pdf", "jpeg", "png"}};
    case MaterialKind::kEmergencyPlan: return {"应急预案", {"pdf", "doc", "docx", "wps"}};
    case MaterialKind::kCover: return {"封面图片", {"jpeg", "png"}};
  }
  return {"材料", {}};
}

Error Fail(ErrorCode code, std::string message, std::string internal = {}) {
  return Error{.code = code, .message = std::move(message), .field = "file", .internal = std::move(internal)};
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string ExtensionOf(const std::string& filename) {
  const auto slash = filename.find_last_of("/\\");
  const std::string base = slash == std::string::npos ? filename : filename.substr(slash + 1);
  const auto dot = base.rfind('.');
  return dot == std::string::npos || dot == 0 ? std::string{} : Lower(base.substr(dot + 1));
}

std::string Describe(const std::string& mime) {
  if (mime == "application/zip") return "ZIP 压缩包";
  if (mime == "text/plain") return "纯文本";
  if (mime.rfind("image/", 0) == 0) return "图片（" + mime + "）";
  if (mime.rfind("audio/", 0) == 0) return "音频（" + mime + "）";
  return mime.empty() ? "未知类型" : mime;
}

std::string AcceptedList(const KindRule& rule) {
  std::string out;
  for (const auto& name : rule.families) {
    for (const auto& f : Families()) {
      if (f.name == name) out += (out.empty() ? "" : "、") + std::string(f.label);
    }
  }
  return rule.label + std::string("只接受 ") + out + " 文件";
}

// "4分00秒": durations are shown the way people say them, not as raw seconds.
std::string FormatDuration(double seconds) {
  const long total = std::lround(seconds);
  char buf[48];
  if (total < 60) {
    std::snprintf(buf, sizeof buf, "%ld秒", total);
  } else {
    std::snprintf(buf, sizeof buf, "%ld分%02ld秒", total / 60, total % 60);
  }
  return buf;
}

std::string FormatLimit(double seconds) {
  const long total = std::lround(seconds);
  if (total >= 60 && total % 60 == 0) return std::to_string(total / 60) + "分钟";
  return FormatDuration(seconds);
}

// Containers carry a few hundredths of a second of padding (encoder delay, rounding of the
// last frame); a clip cut at exactly 3:00 must not be refused for that.
constexpr double kDurationSlackSeconds = 0.5;

// What the child found in a video, as the user reads it; max_seconds is the kind's limit.
core::Result<double> JudgeVideo(const std::optional<VideoFacts>& video, double max_seconds) {
  using S = VideoFacts::Status;
  if (!video || video->status == S::kUnreadable) {
    return Fail(ErrorCode::kValidationFailed, "无法读取视频文件，文件可能已损坏", "avformat: unreadable");
  }
  if (video->status == S::kNoPicture) return Fail(ErrorCode::kValidationFailed, "文件中没有视频画面");
  if (video->status == S::kNoDuration) {
    return Fail(ErrorCode::kValidationFailed, "无法读取视频时长，文件可能已损坏");
  }
  if (video->seconds > max_seconds + kDurationSlackSeconds) {
    return Fail(ErrorCode::kValidationFailed,
                "视频时长 " + FormatDuration(video->seconds) + "，超过" + FormatLimit(max_seconds) + "的限制");
  }
  return video->seconds;
}

}  // namespace

bool IsVideoMime(const std::string& mime) {
  for (const auto& f : Families()) {
    if (std::string(f.name) != "mp4" && std::string(f.name) != "mov") continue;
    if (std::find(f.mimes.begin(), f.mimes.end(), mime) != f.mimes.end()) return true;
  }
  return false;
}

std::optional<MaterialKind> ParseMaterialKind(const std::string& name) {
  for (auto k : {MaterialKind::kSummary, MaterialKind::kPhoto, MaterialKind::kVideo, MaterialKind::kScan,
                 MaterialKind::kEmergencyPlan, MaterialKind::kCover}) {
    if (MaterialKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::string MaterialKindLabel(MaterialKind kind) { return RuleFor(kind).label; }

std::string MaterialKindName(MaterialKind kind) {
  switch (kind) {
    case MaterialKind::kSummary: return "summary";
    case MaterialKind::kPhoto: return "photo";
    case MaterialKind::kVideo: return "video";
    case MaterialKind::kScan: return "scan";
    case MaterialKind::kEmergencyPlan: return "emergency_plan";
    case MaterialKind::kCover: return "cover";
  }
  return "summary";
}

core::Result<MediaInfo> CheckUpload(MaterialKind kind, const std::string& path, const std::string& filename,
                                    double max_video_seconds) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Error::Internal("upload check: cannot stat " + path);
  }
  if (st.st_size == 0) return Fail(ErrorCode::kValidationFailed, "文件为空");

  // The bytes are parsed in a child under limits; from here on only its checked report counts.
  auto probed = ProbeInChild(path);
  if (!probed) return probed.error();
  const std::string& mime = probed->mime;

  const std::string ext = ExtensionOf(filename);
  const KindRule rule = RuleFor(kind);

  // Families the content can belong to; the extension decides between doc and wps.
  const Family* family = nullptr;
  for (const auto& f : Families()) {
    if (std::find(f.mimes.begin(), f.mimes.end(), mime) == f.mimes.end()) continue;
    const bool ext_ok = std::find(f.extensions.begin(), f.extensions.end(), ext) != f.extensions.end();
    if (family == nullptr || ext_ok) family = &f;
    if (ext_ok) break;
  }
  const std::string shown_ext = ext.empty() ? "（无扩展名）" : "." + ext;
  if (family == nullptr) {
    return Fail(ErrorCode::kUnsupportedMedia, "不支持的文件类型：" + Describe(mime) + "；" + AcceptedList(rule),
                "sniffed " + mime);
  }
  if (std::find(family->extensions.begin(), family->extensions.end(), ext) == family->extensions.end()) {
    return Fail(
        ErrorCode::kUnsupportedMedia,
        std::string("文件实际类型为 ") + family->label + "，与扩展名 " + shown_ext + " 不符；" + AcceptedList(rule),
        "sniffed " + mime);
  }
  if (std::find(rule.families.begin(), rule.families.end(), family->name) == rule.families.end()) {
    return Fail(ErrorCode::kUnsupportedMedia, AcceptedList(rule) + "，此文件为 " + family->label, "sniffed " + mime);
  }

  MediaInfo info{family->mime, family->extension, std::nullopt};
  if (std::string(family->name) == "mp4" || std::string(family->name) == "mov") {
    auto seconds = JudgeVideo(probed->video, max_video_seconds);
    if (!seconds) return seconds.error();
    info.duration_seconds = *seconds;
  }
  return info;
}

core::Status CheckFilename(const std::string& name) {
  const bool ok = !name.empty() && name.size() <= 600 && core::Utf8Length(name) <= 200 && core::IsCleanUtf8(name) &&
                  name.find('/') == std::string::npos && name.find('\\') == std::string::npos && name != "." &&
                  name != "..";
  if (!ok) return core::Error::Invalid("文件名须为1至200个字符，且不能包含路径", "filename");
  return {};
}

}  // namespace sciweek::media
