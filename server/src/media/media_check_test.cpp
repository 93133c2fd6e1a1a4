#include "media/media_check.hpp"
#include "media/probe_sandbox.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace sciweek::media {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;

// A PDF small enough to read: one empty page, valid xref offsets are not needed by libmagic.
constexpr const char* kPdf =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n";

void Write(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A stored (uncompressed) zip with the given entries: enough for libmagic and for our
// "is this a Word package" check, without a zip library in the tests.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  auto crc32 = [](const std::string& s) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : s) {
      c ^= b;
      for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
  };
  auto le = [](std::string& out, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  std::string body, central;
  for (const auto& [name, data] : entries) {
    const auto offset = static_cast<std::uint32_t>(body.size());
    const std::uint32_t crc = crc32(data), n = static_cast<std::uint32_t>(data.size());
    le(body, 0x04034b50, 4), le(body, 20, 2), le(body, 0, 2), le(body, 0, 2), le(body, 0, 4);
    le(body, crc, 4), le(body, n, 4), le(body, n, 4), le(body, name.size(), 2), le(body, 0, 2);
    body += name + data;
    le(central, 0x02014b50, 4), le(central, 20, 2), le(central, 20, 2), le(central, 0, 2), le(central, 0, 2);
    le(central, 0, 4), le(central, crc, 4), le(central, n, 4), le(central, n, 4);
    le(central, name.size(), 2), le(central, 0, 2), le(central, 0, 2), le(central, 0, 4), le(central, 0, 4);
    le(central, offset, 4);
    central += name;
  }
  std::string end;
  le(end, 0x06054b50, 4), le(end, 0, 4), le(end, entries.size(), 2), le(end, entries.size(), 2);
  le(end, central.size(), 4), le(end, body.size(), 4), le(end, 0, 2);
  return body + central + end;
}

// Fixtures are generated once per run with the ffmpeg CLI (no binary files in git). A
// missing ffmpeg fails every test that needs it: `make test` installs it, so a skip would
// only hide a broken setup.
class MediaCheck : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ProbeSettings probe;
    probe.executable = SCIWEEK_BIN;  // the unit test binary has no probe-media command
    ConfigureProbes(probe);
    char tmpl[] = "/tmp/sciweek-media-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    if (std::system("command -v ffmpeg >/dev/null 2>&1") != 0) {
      setup_error_ = "ffmpeg not found on PATH: install it (make test does) to run the media tests";
      return;
    }
    const bool x264 = std::system("ffmpeg -hide_banner -encoders 2>/dev/null | grep -q libx264") == 0;
    const std::string codec = x264 ? "-c:v libx264 -preset ultrafast -pix_fmt yuv420p" : "-c:v mpeg4";
    const std::string ff = "ffmpeg -v error -nostdin -y ";
    const std::string src = " -f lavfi -i testsrc=size=64x48:rate=";
    const std::array<std::string, 6> cmds = {
        ff + "-f lavfi -i color=c=red:s=16x16 -frames:v 1 " + P("red.png"),
        ff + "-f lavfi -i color=c=red:s=16x16 -frames:v 1 " + P("red.jpg"),
        ff + src + "5 -t 10 " + codec + " " + P("ten.mp4"),
        ff + src + "5 -t 10 " + codec + " -movflags +faststart " + P("fast.mp4"),
        ff + src + "5 -t 10 " + codec + " " + P("ten.mov"),
        ff + src + "1 -t 240 " + codec + " " + P("four_minutes.mp4"),
    };
    for (const auto& cmd : cmds) {
      if (std::system(cmd.c_str()) != 0) {
        setup_error_ = "ffmpeg failed: " + cmd;
        return;
      }
    }
    // Cut at half: the moov atom (written last by default) is gone; for the fast-start file
    // the sample table survives but the samples it points at do not.
    for (const char* name : {"ten.mp4", "fast.mp4"}) {
      const std::string whole = Read(P(name));
      Write(P(std::string("cut_") + name), whole.substr(0, whole.size() / 2));
    }
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }

  static std::string P(const std::string& name) { return (fs::path(dir_) / name).string(); }

  static inline std::string dir_;
  static inline std::string setup_error_;
};

TEST(MediaKind, NamesRoundTrip) {
  for (const char* name : {"summary", "photo", "video", "scan", "emergency_plan", "cover"}) {
    auto kind = ParseMaterialKind(name);
    ASSERT_TRUE(kind.has_value()) << name;
    EXPECT_EQ(MaterialKindName(*kind), name);
  }
  EXPECT_FALSE(ParseMaterialKind("Video").has_value());
  EXPECT_FALSE(ParseMaterialKind("").has_value());
}

TEST_F(MediaCheck, AcceptsDocumentsAndImagesByContent) {
  Write(P("report.pdf"), kPdf);
  for (auto kind : {MaterialKind::kSummary, MaterialKind::kScan, MaterialKind::kEmergencyPlan}) {
    auto r = CheckUpload(kind, P("report.pdf"), "总结报告.PDF");
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->mime, "application/pdf");
    EXPECT_EQ(r->extension, "pdf");
    EXPECT_FALSE(r->duration_seconds.has_value());
  }
  auto png = CheckUpload(MaterialKind::kPhoto, P("red.png"), "现场.png");
  ASSERT_TRUE(png.has_value()) << png.error().message;
  EXPECT_EQ(png->mime, "image/png");
  EXPECT_EQ(png->extension, "png");
  for (const char* name : {"a.jpg", "a.JPEG"}) {
    auto jpg = CheckUpload(MaterialKind::kCover, P("red.jpg"), name);
    ASSERT_TRUE(jpg.has_value()) << jpg.error().message;
    EXPECT_EQ(jpg->mime, "image/jpeg");
    EXPECT_EQ(jpg->extension, "jpg");
  }
}

TEST_F(MediaCheck, WordFamilies) {
  // The OLE compound-file header: what old .doc and Kingsoft .wps files start with.
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole.resize(512, '\0');
  Write(P("old.bin"), ole);
  auto doc = CheckUpload(MaterialKind::kSummary, P("old.bin"), "总结.doc");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ(doc->mime, "application/msword");
  auto wps = CheckUpload(MaterialKind::kSummary, P("old.bin"), "总结.WPS");
  ASSERT_TRUE(wps.has_value()) << wps.error().message;
  EXPECT_EQ(wps->extension, "wps");
  EXPECT_EQ(CheckUpload(MaterialKind::kSummary, P("old.bin"), "总结.pdf").error().code, ErrorCode::kUnsupportedMedia);

  // A Word package, in Word's order and in an order libmagic only calls "zip".
  Write(P("a.docx"), Zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w:document/>"}}));
  Write(P("b.docx"), Zip({{"docProps/app.xml", "<x/>"}, {"word/document.xml", "<w:document/>"}}));
  for (const char* f : {"a.docx", "b.docx"}) {
    auto docx = CheckUpload(MaterialKind::kSummary, P(f), "总结.docx");
    ASSERT_TRUE(docx.has_value()) << f << ": " << docx.error().message;
    EXPECT_EQ(docx->mime, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    EXPECT_EQ(docx->extension, "docx");
  }
  // A plain zip renamed .docx is not a Word file.
  Write(P("c.docx"), Zip({{"readme.txt", "hello"}}));
  auto zip = CheckUpload(MaterialKind::kSummary, P("c.docx"), "总结.docx");
  ASSERT_FALSE(zip.has_value());
  EXPECT_EQ(zip.error().code, ErrorCode::kUnsupportedMedia);
  EXPECT_NE(zip.error().message.find("ZIP"), std::string::npos) << zip.error().message;
}

TEST_F(MediaCheck, MeasuresVideoDurationFromTheContainer) {
  auto mp4 = CheckUpload(MaterialKind::kVideo, P("ten.mp4"), "活动视频.MP4");
  ASSERT_TRUE(mp4.has_value()) << mp4.error().message;
  EXPECT_EQ(mp4->mime, "video/mp4");
  EXPECT_EQ(mp4->extension, "mp4");
  ASSERT_TRUE(mp4->duration_seconds.has_value());
  EXPECT_NEAR(*mp4->duration_seconds, 10.0, 0.5);

  auto mov = CheckUpload(MaterialKind::kVideo, P("ten.mov"), "clip.mov");
  ASSERT_TRUE(mov.has_value()) << mov.error().message;
  EXPECT_EQ(mov->mime, "video/quicktime");
  EXPECT_EQ(mov->extension, "mov");
  ASSERT_TRUE(mov->duration_seconds.has_value());
  EXPECT_NEAR(*mov->duration_seconds, 10.0, 0.5);
}

TEST_F(MediaCheck, RefusesVideoOverTheLimitNamingItsDuration) {
  auto r = CheckUpload(MaterialKind::kVideo, P("four_minutes.mp4"), "long.mp4");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(r.error().field, "file");
  EXPECT_NE(r.error().message.find("4分"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("3分钟"), std::string::npos) << r.error().message;
  // The limit is the caller's: the same file passes a 5-minute limit.
  auto ok = CheckUpload(MaterialKind::kVideo, P("four_minutes.mp4"), "long.mp4", 300);
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  EXPECT_NEAR(*ok->duration_seconds, 240.0, 1.0);
}

TEST_F(MediaCheck, RefusesTruncatedVideo) {
  for (const char* name : {"cut_ten.mp4", "cut_fast.mp4"}) {
    auto r = CheckUpload(MaterialKind::kVideo, P(name), "clip.mp4");
    ASSERT_FALSE(r.has_value()) << name << " was accepted";
    EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed) << name << ": " << r.error().message;
    EXPECT_EQ(r.error().field, "file");
  }
}

TEST_F(MediaCheck, RefusesContentThatDoesNotMatchTheName) {
  Write(P("report.pdf"), kPdf);
  auto r = CheckUpload(MaterialKind::kVideo, P("report.pdf"), "video.mp4");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedMedia);
  EXPECT_EQ(r.error().field, "file");
  EXPECT_NE(r.error().message.find("文件实际类型为 PDF，与扩展名 .mp4 不符"), std::string::npos) << r.error().message;

  // A PNG named .pdf: refused even where both PDF and PNG are accepted.
  auto png = CheckUpload(MaterialKind::kScan, P("red.png"), "scan.pdf");
  ASSERT_FALSE(png.has_value());
  EXPECT_EQ(png.error().code, ErrorCode::kUnsupportedMedia);
  EXPECT_NE(png.error().message.find("PNG"), std::string::npos) << png.error().message;

  auto bare = CheckUpload(MaterialKind::kPhoto, P("red.png"), "photo");
  ASSERT_FALSE(bare.has_value());
  EXPECT_EQ(bare.error().code, ErrorCode::kUnsupportedMedia);
}

TEST_F(MediaCheck, KindsRefuseTypesTheyDoNotTake) {
  Write(P("report.pdf"), kPdf);
  struct Case {
    MaterialKind kind;
    std::string file, name, accepted;
  };
  for (const Case& c : {Case{MaterialKind::kPhoto, P("report.pdf"), "a.pdf", "JPEG、PNG"},
                        Case{MaterialKind::kVideo, P("red.png"), "a.png", "MP4、MOV"},
                        Case{MaterialKind::kSummary, P("ten.mp4"), "a.mp4", "PDF、DOC、DOCX、WPS"},
                        Case{MaterialKind::kScan, P("ten.mov"), "a.mov", "PDF、JPEG、PNG"},
                        Case{MaterialKind::kCover, P("report.pdf"), "a.pdf", "JPEG、PNG"}}) {
    auto r = CheckUpload(c.kind, c.file, c.name);
    ASSERT_FALSE(r.has_value()) << c.name;
    EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedMedia) << c.name;
    EXPECT_NE(r.error().message.find(c.accepted), std::string::npos) << r.error().message;
  }
  Write(P("notes.txt"), "just some text\n");
  auto text = CheckUpload(MaterialKind::kSummary, P("notes.txt"), "notes.pdf");
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code, ErrorCode::kUnsupportedMedia);
}

TEST_F(MediaCheck, RefusesEmptyFile) {
  Write(P("empty.mp4"), "");
  for (auto kind : {MaterialKind::kVideo, MaterialKind::kSummary}) {
    auto r = CheckUpload(kind, P("empty.mp4"), "empty.mp4");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed);
    EXPECT_EQ(r.error().message, "文件为空");
    EXPECT_EQ(r.error().field, "file");
  }
}

}  // namespace
}  // namespace sciweek::media
