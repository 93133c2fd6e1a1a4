// Upload sniffing (media/media_check): the fuzzed bytes are written to a temp file and
// checked as the kind and filename the first byte picks, so libmagic sees every kind and
// videos go on to libavformat's mov/mp4 probe. Property: a file is accepted with a type
// and extension, or refused with a 4xx, never a 500 or a crash.
#include <filesystem>
#include <fstream>

#include "media/media_check.hpp"
#include "support/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sciweek;
  std::string bytes = fuzz::AsString(data, size);
  const unsigned char selector = fuzz::TakeSelector(bytes);
  static const media::MaterialKind kKinds[] = {media::MaterialKind::kSummary,       media::MaterialKind::kPhoto,
                                               media::MaterialKind::kVideo,         media::MaterialKind::kScan,
                                               media::MaterialKind::kEmergencyPlan, media::MaterialKind::kCover};
  static const char* kNames[] = {"总结.pdf", "photo.JPG", "a.png",    "clip.mp4",
                                 "clip.mov", "plan.docx", "plan.doc", "x.wps"};
  const auto kind = kKinds[selector % 6];
  const std::string name = kNames[(selector / 6) % 8];

  static const std::string path = fuzz::ScratchDir() + "/upload.bin";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  auto checked = media::CheckUpload(kind, path, name, 180.0);
  if (!checked) {
    fuzz::CheckRefusal(checked.error());
    return 0;
  }
  FUZZ_CHECK(!checked->mime.empty() && !checked->extension.empty(), "an accepted file has a type and extension");
  FUZZ_CHECK(kind != media::MaterialKind::kVideo || checked->duration_seconds, "an accepted video has a duration");
  return 0;
}
