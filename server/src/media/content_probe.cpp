#include "media/content_probe.hpp"

#include <magic.h>
extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/log.h>
}

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <memory>
#include <vector>

#include <sys/stat.h>

#include "media/media_check.hpp"

namespace sciweek::media {
namespace {

std::string SniffMime(const std::string& path, std::string& why) {
  struct Closer {
    void operator()(magic_set* m) const { magic_close(m); }
  };
  std::unique_ptr<magic_set, Closer> cookie(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR));
  if (!cookie || magic_load(cookie.get(), nullptr) != 0) {
    why = std::string("libmagic: cannot load database: ") + (cookie ? magic_error(cookie.get()) : "oom");
    return {};
  }
  const char* mime = magic_file(cookie.get(), path.c_str());
  if (mime == nullptr) {
    why = std::string("libmagic: ") + magic_error(cookie.get());
    return {};
  }
  return mime;
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

VideoFacts ProbeVideo(const std::string& path, std::uint64_t file_size) {
  using S = VideoFacts::Status;
  av_log_set_level(AV_LOG_FATAL);  // a crafted file must not flood the server's log via our stderr
  // Only the local file protocol and the mov/mp4 demuxer (libmagic already said mp4/mov):
  // a crafted file must not make libavformat open URLs or probe other formats.
  AVDictionary* opts = nullptr;
  av_dict_set(&opts, "protocol_whitelist", "file", 0);
  AVFormatContext* raw = nullptr;
  const int rc = avformat_open_input(&raw, ("file:" + path).c_str(), av_find_input_format("mov"), &opts);
  av_dict_free(&opts);
  if (rc < 0) return {S::kUnreadable, 0};
  std::unique_ptr<AVFormatContext, void (*)(AVFormatContext*)> ctx(
      raw, [](AVFormatContext* c) { avformat_close_input(&c); });
  if (avformat_find_stream_info(ctx.get(), nullptr) < 0) return {S::kUnreadable, 0};

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
      if (last && last->pos + last->size > static_cast<std::int64_t>(file_size)) return {S::kUnreadable, 0};
    }
  }
  if (!has_video) return {S::kNoPicture, 0};
  double seconds = longest;
  if (ctx->duration != AV_NOPTS_VALUE && ctx->duration > 0) {
    seconds = static_cast<double>(ctx->duration) / AV_TIME_BASE;
  }
  if (!(seconds > 0) || !std::isfinite(seconds) || seconds > 1e9) return {S::kNoDuration, 0};
  return {S::kMeasured, seconds};
}

}  // namespace

bool ProbeContent(const std::string& path, ProbeReport& report, std::string& why) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    why = "cannot stat " + path;
    return false;
  }
  std::string mime = SniffMime(path, why);
  if (mime.empty()) return false;
  if ((mime == "application/zip" || mime == "application/octet-stream") && IsDocxPackage(path)) mime = kWordPackageMime;
  report.mime = IsMimeToken(mime) ? mime : "application/octet-stream";
  if (IsVideoMime(report.mime)) report.video = ProbeVideo(path, static_cast<std::uint64_t>(st.st_size));
  return true;
}

}  // namespace sciweek::media
