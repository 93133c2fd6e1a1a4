#include "media/media_check.hpp"

#include "core/text.hpp"

#include <magic.h>
extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/log.h>
}

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
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
    "application/msword",      "application/CDFV2",        "application/CDFV2-corrupt",
    "application/CDFV2-unknown", "application/x-ole-storage", "application/vnd.ms-office",
    "application/vnd.ms-works"};
constexpr const char* kDocxMime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

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
  return Error{code, std::move(message), "file", std::move(internal), {}, 0};
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

// magic_t is not thread-safe and loading the database costs a few milliseconds, so each
// thread loads its own once and keeps it.
std::string SniffMime(const std::string& path, std::string& internal) {
  struct Closer {
    void operator()(magic_set* m) const { magic_close(m); }
  };
  thread_local std::unique_ptr<magic_set, Closer> cookie;
  if (!cookie) {
    std::unique_ptr<magic_set, Closer> fresh(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR));
    if (!fresh || magic_load(fresh.get(), nullptr) != 0) {
      internal = std::string("libmagic: cannot load database: ") + (fresh ? magic_error(fresh.get()) : "oom");
      return {};
    }
    cookie = std::move(fresh);
  }
  const char* mime = magic_file(cookie.get(), path.c_str());
  if (mime == nullptr) internal = std::string("libmagic: ") + magic_error(cookie.get());
  return mime ? mime : "";
}

// libmagic calls a docx "application/zip" (or octet-stream) when the package's entries are
// not in the order Word writes them. A zip is a docx when it holds word/document.xml; entry
// names are stored uncompressed, so a streaming search for the name is enough.
bool IsDocxPackage(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[4] = {};
  if (!in.read(head, 4) || std::string(head, 4) != std::string("PK\x03\x04", 4)) return false;
  const std::string needle = "word/document.xml";
  std::string window;
  std::vector<char> buf(1 << 16);
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
    window.append(buf.data(), static_cast<size_t>(in.gcount()));
    if (window.find(needle) != std::string::npos) return true;
    window.erase(0, window.size() - std::min(window.size(), needle.size()));  // keep a seam
  }
  return false;
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

core::Result<double> ProbeVideo(const std::string& path, std::uint64_t file_size, double max_seconds) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { av_log_set_level(AV_LOG_ERROR); });  // no per-upload noise in logs
  const Error unreadable = Fail(ErrorCode::kValidationFailed, "无法读取视频文件，文件可能已损坏", "avformat: " + path);

  // Only the local file protocol and the mov/mp4 demuxer (libmagic already said mp4/mov):
  // a crafted file must not make libavformat open URLs or probe other formats.
  AVDictionary* opts = nullptr;
  av_dict_set(&opts, "protocol_whitelist", "file", 0);
  AVFormatContext* raw = nullptr;
  const int rc = avformat_open_input(&raw, ("file:" + path).c_str(), av_find_input_format("mov"), &opts);
  av_dict_free(&opts);
  if (rc < 0) return unreadable;
  std::unique_ptr<AVFormatContext, void (*)(AVFormatContext*)> ctx(
      raw, [](AVFormatContext* c) { avformat_close_input(&c); });
  if (avformat_find_stream_info(ctx.get(), nullptr) < 0) return unreadable;

  bool has_video = false;
  double longest = 0;
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    AVStream* st = ctx->streams[i];
    if (st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && !(st->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
      has_video = true;
    }
    if (st->duration != AV_NOPTS_VALUE && st->duration > 0) {
      longest = std::max(longest, static_cast<double>(st->duration) * av_q2d(st->time_base));
    }
    // A file cut short (e.g. an interrupted copy of a "fast start" mp4) still has its full
    // sample table up front; samples that point past the end of the file give it away.
    const int n = avformat_index_get_entries_count(st);
    if (n > 0) {
      const AVIndexEntry* last = avformat_index_get_entry(st, n - 1);
      if (last && last->pos + last->size > static_cast<std::int64_t>(file_size)) return unreadable;
    }
  }
  if (!has_video) return Fail(ErrorCode::kValidationFailed, "文件中没有视频画面");
  double seconds = longest;
  if (ctx->duration != AV_NOPTS_VALUE && ctx->duration > 0) {
    seconds = static_cast<double>(ctx->duration) / AV_TIME_BASE;
  }
  if (!(seconds > 0) || !std::isfinite(seconds)) {
    return Fail(ErrorCode::kValidationFailed, "无法读取视频时长，文件可能已损坏");
  }
  if (seconds > max_seconds + kDurationSlackSeconds) {
    return Fail(ErrorCode::kValidationFailed,
                "视频时长 " + FormatDuration(seconds) + "，超过" + FormatLimit(max_seconds) + "的限制");
  }
  return seconds;
}

}  // namespace

std::optional<MaterialKind> ParseMaterialKind(const std::string& name) {
  for (auto k : {MaterialKind::kSummary, MaterialKind::kPhoto, MaterialKind::kVideo, MaterialKind::kScan,
                 MaterialKind::kEmergencyPlan, MaterialKind::kCover}) {
    if (MaterialKindName(k) == name) return k;
  }
  return std::nullopt;
}

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

  std::string internal;
  const std::string sniffed = SniffMime(path, internal);
  if (sniffed.empty()) return Error::Internal(internal);

  const std::string ext = ExtensionOf(filename);
  const KindRule rule = RuleFor(kind);
  const bool zip_like = sniffed == "application/zip" || sniffed == "application/octet-stream";
  const std::string mime = zip_like && IsDocxPackage(path) ? std::string(kDocxMime) : sniffed;

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
    return Fail(ErrorCode::kUnsupportedMedia,
                std::string("文件实际类型为 ") + family->label + "，与扩展名 " + shown_ext + " 不符；" +
                    AcceptedList(rule),
                "sniffed " + mime);
  }
  if (std::find(rule.families.begin(), rule.families.end(), family->name) == rule.families.end()) {
    return Fail(ErrorCode::kUnsupportedMedia, AcceptedList(rule) + "，此文件为 " + family->label,
                "sniffed " + mime);
  }

  MediaInfo info{family->mime, family->extension, std::nullopt};
  if (std::string(family->name) == "mp4" || std::string(family->name) == "mov") {
    auto seconds = ProbeVideo(path, static_cast<std::uint64_t>(st.st_size), max_video_seconds);
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
