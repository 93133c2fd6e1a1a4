// Materials (issue 3 §4): raw-body uploads sniffed and measured by the server. A 4-minute
// video (422 naming 4分), a truncated or garbage video (422), a PDF renamed .mp4 (415), an
// empty file (422) and a body over the
// limit (413; this suite's server runs with --max-upload-mb 1) are refused and leave no file
// in the data directory and no entry on the report; a short video comes back with its
// measured duration, and a summary PDF with a Chinese name downloads byte-identical with an
// RFC 6266 Content-Disposition. Uploads go to the demo's 2023 campaign, one unit per test.
#include <chrono>
#include <thread>

#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

constexpr int kYear = 2023;

class MaterialsTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    try {
      server_ = std::make_unique<TestServer>(ServerOptions{{"--max-upload-mb", "1"}});
    } catch (const std::exception& e) {
      error_ = e.what();
    }
    try {
      files_ = std::make_unique<TempDir>();
      video_error_ = MakeVideo(files_->File("long.mp4"), 240);
      if (video_error_.empty()) video_error_ = MakeVideo(files_->File("short.mp4"), 7);
    } catch (const std::exception& e) {
      video_error_ = e.what();
    }
  }
  static void TearDownTestSuite() {
    files_.reset();
    SharedServerTest::TearDownTestSuite();
  }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    ASSERT_TRUE(video_error_.empty()) << "could not make the test videos: " << video_error_;
  }

  static std::string DataDir() { return server().db().dir() + "/data"; }

  // What a refused upload must leave as it was: the report (with its materials list) and
  // the number of files under the data directory.
  static nlohmann::json Snapshot(const std::string& org) {
    auto r = As(org).Get(ReportPath(kYear, org));
    EXPECT_EQ(r.status, 200) << r;
    return {{"report", r.status == 200 ? r.json() : nlohmann::json(nullptr)}, {"files", CountFiles(DataDir())}};
  }

  // The data directory may still hold the refused upload's temp file for a moment after
  // the answer: wait (bounded) for it to go before comparing.
  static void ExpectUnchanged(const std::string& org, const nlohmann::json& before, const std::string& what) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (CountFiles(DataDir()) != before["files"].get<size_t>() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(Snapshot(org), before) << what << " left something behind";
  }

  static std::string File(const std::string& name) { return files_->File(name); }

  static inline std::unique_ptr<TempDir> files_;
  static inline std::string video_error_;
};

TEST_F(MaterialsTest, FourMinuteVideoIs422NamingTheMeasuredDurationAndStoresNothing) {
  const std::string org = "110115";
  HttpClient c = As(org);
  const auto before = Snapshot(org);
  auto r = Upload(c, kYear, org, "video", "开幕式.mp4", ReadBytes(File("long.mp4")));
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  const std::string message = r.status ? r.json()["error"].value("message", "") : "";
  EXPECT_NE(message.find("4分"), std::string::npos) << "the message names the measured 4 minutes: " << message;
  ExpectUnchanged(org, before, "a 4-minute video");
}

TEST_F(MaterialsTest, TruncatedOrGarbageVideoIs422AndStoresNothing) {
  const std::string org = "110119";
  HttpClient c = As(org);
  const auto before = Snapshot(org);
  const std::string whole = ReadBytes(File("short.mp4"));
  // An mp4 header followed by junk: libmagic says video/mp4, the container is nonsense.
  std::string junk(
      "\0\0\0\x18"
      "ftypisom\0\0\x02\0isomiso2",
      24);
  junk += std::string(64 << 10, '\xff');
  for (const std::string& bytes : {whole.substr(0, whole.size() / 2), junk}) {
    auto r = Upload(c, kYear, org, "video", "开幕式.mp4", bytes);
    EXPECT_TRUE(IsError(r, 422, "validation_failed"));
    EXPECT_EQ(r.status ? r.json()["error"].value("field", "") : "", "file");
    ExpectUnchanged(org, before, "a broken video");
  }
  EXPECT_EQ(Anonymous().Get("/healthz").status, 200);
}

TEST_F(MaterialsTest, PdfRenamedMp4Is415AndStoresNothing) {
  const std::string org = "110116";
  HttpClient c = As(org);
  const auto before = Snapshot(org);
  const std::string pdf = MinimalPdf("not a video");
  auto r = Upload(c, kYear, org, "video", "宣传片.mp4", pdf);
  EXPECT_TRUE(IsError(r, 415, "unsupported_media"));
  ExpectUnchanged(org, before, "a PDF named .mp4");
  // A real video sent as a summary report does not match the kind either.
  r = Upload(c, kYear, org, "summary", "总结.mp4", ReadBytes(File("short.mp4")));
  EXPECT_TRUE(IsError(r, 415, "unsupported_media"));
  ExpectUnchanged(org, before, "a video as summary");
  // Nor does a PDF named .jpg sent as a photo.
  r = Upload(c, kYear, org, "photo", "现场.jpg", pdf);
  EXPECT_TRUE(IsError(r, 415, "unsupported_media"));
  ExpectUnchanged(org, before, "a PDF as photo");
}

TEST_F(MaterialsTest, EmptyUploadIs422AndStoresNothing) {
  const std::string org = "110117";
  HttpClient c = As(org);
  const auto before = Snapshot(org);
  for (const char* kind : {"summary", "video", "photo", "scan"}) {
    SCOPED_TRACE(kind);
    auto r = Upload(c, kYear, org, kind, std::string("空文件.") + (std::string(kind) == "video" ? "mp4" : "pdf"), "");
    EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  }
  ExpectUnchanged(org, before, "an empty upload");
}

TEST_F(MaterialsTest, UnknownKindIsRefusedAndStoresNothing) {
  const std::string org = "110117";
  HttpClient c = As(org);
  const auto before = Snapshot(org);
  auto r = Upload(c, kYear, org, "spreadsheet", "总结.pdf", MinimalPdf("x"));
  EXPECT_TRUE(r.status == 400 || r.status == 422) << r;
  ExpectUnchanged(org, before, "an unknown kind");
}

TEST_F(MaterialsTest, OversizeUploadIs413AndStoresNothing) {
  const std::string org = "110118";
  HttpClient c = As(org);
  std::string big(2u << 20, '\0');  // 2 MB of an MP4-looking prefix and zeros
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
  WriteBytes(File("big.mp4"), big);
  const auto before = Snapshot(org);

  auto r = Upload(c, kYear, org, "video", "超大.mp4", big);
  EXPECT_TRUE(IsError(r, 413, "payload_too_large")) << "Content-Length over the limit";
  ExpectUnchanged(org, before, "a 2 MB body with Content-Length");

  r = c.SendFile("POST", UploadTarget(kYear, org, "video", "超大.mp4"), File("big.mp4"), "application/octet-stream",
                 /*chunked=*/true);
  EXPECT_TRUE(IsError(r, 413, "payload_too_large")) << "a chunked body that grows over the limit";
  ExpectUnchanged(org, before, "a 2 MB chunked body");

  r = c.SendFile("POST", UploadTarget(kYear, org, "summary", "超大.pdf"), File("big.mp4"));
  EXPECT_TRUE(IsError(r, 413, "payload_too_large")) << "the limit holds for every kind";
  ExpectUnchanged(org, before, "a 2 MB summary");

  // Just under the limit, streamed chunked: accepted (the limit is 1 MB, not less).
  auto pdf = MinimalPdf("padding");
  pdf += std::string((1u << 20) - 4096 - pdf.size(), ' ');
  WriteBytes(File("almost.pdf"), pdf);
  r = c.SendFile("POST", UploadTarget(kYear, org, "summary", "接近上限.pdf"), File("almost.pdf"),
                 "application/octet-stream", /*chunked=*/true);
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.json()["size"], pdf.size());
}

TEST_F(MaterialsTest, ShortVideoIs201WithItsMeasuredDurationAndDownloadsBack) {
  const std::string org = "bda";
  HttpClient c = As(org);
  const std::string bytes = ReadBytes(File("short.mp4"));
  auto r = c.SendFile("POST", UploadTarget(kYear, org, "video", "科技周开幕式.mp4"), File("short.mp4"));
  ASSERT_EQ(r.status, 201) << r;
  auto m = r.json();
  EXPECT_EQ(m["kind"], "video");
  EXPECT_EQ(m["filename"], "科技周开幕式.mp4");
  EXPECT_EQ(m["size"], bytes.size());
  EXPECT_EQ(m["sha256"], Sha256OfFile(File("short.mp4")));
  ASSERT_TRUE(m["duration_seconds"].is_number()) << m;
  EXPECT_NEAR(m["duration_seconds"].get<double>(), 7.0, 0.5);
  // Listed on the report and downloadable byte for byte.
  auto rep = c.Get(ReportPath(kYear, org)).json();
  bool listed = false;
  for (const auto& x : rep["materials"]) listed = listed || x["id"] == m["id"];
  EXPECT_TRUE(listed) << rep["materials"];
  auto d = As("reviewer").Get(ReportPath(kYear, org, "/materials/" + m["id"].dump()));
  ASSERT_EQ(d.status, 200) << d;
  EXPECT_EQ(d.Header("content-type"), "video/mp4");
  EXPECT_TRUE(d.body == bytes) << "downloaded " << d.body.size() << " bytes, uploaded " << bytes.size();
}

TEST_F(MaterialsTest, SummaryPdfDownloadsByteIdenticalWithRfc6266ChineseFilename) {
  const std::string org = "sylj";
  const std::string name = "北京市园林绿化局2023年科技周工作总结（盖章版）.pdf";
  HttpClient c = As(org);
  const std::string pdf = MinimalPdf("Beijing Science Week 2023 summary");
  auto r = Upload(c, kYear, org, "summary", name, pdf);
  ASSERT_EQ(r.status, 201) << r;
  auto m = r.json();
  EXPECT_EQ(m["kind"], "summary");
  EXPECT_EQ(m["filename"], name);
  EXPECT_EQ(m["size"], pdf.size());
  EXPECT_TRUE(m["duration_seconds"].is_null()) << m;
  const std::string target = ReportPath(kYear, org, "/materials/" + m["id"].dump());
  for (const char* who : {"sylj", "reviewer", "admin"}) {
    SCOPED_TRACE(who);
    auto d = As(who).Get(target);
    ASSERT_EQ(d.status, 200) << d;
    EXPECT_TRUE(d.body == pdf) << "downloaded " << d.body.size() << " bytes, uploaded " << pdf.size();
    EXPECT_EQ(d.Header("content-type"), "application/pdf");
    const std::string cd = d.Header("content-disposition");
    EXPECT_EQ(cd.rfind("attachment", 0), 0u) << cd;
    EXPECT_NE(cd.find("filename*=UTF-8''" + UrlEncode(name)), std::string::npos)
        << cd << "\nexpected filename*=UTF-8''" << UrlEncode(name);
    for (unsigned char ch : cd) EXPECT_LT(ch, 0x80) << "raw non-ASCII in the header: " << cd;
  }
  // The report now has its summary: nothing missing but the table.
  auto rep = c.Get(ReportPath(kYear, org)).json();
  for (const auto& missing : rep["missing"]) EXPECT_NE(missing, "summary") << rep["missing"];
}

TEST_F(MaterialsTest, DeletedMaterialIsGoneFromTheReport) {
  const std::string org = "btjt";
  HttpClient c = As(org);
  const auto before = Snapshot(org);
  auto r = Upload(c, kYear, org, "scan", "盖章扫描件.pdf", MinimalPdf("scan of the stamped table"));
  ASSERT_EQ(r.status, 201) << r;
  const std::string target = ReportPath(kYear, org, "/materials/" + r.json()["id"].dump());
  r = c.Delete(target);
  EXPECT_EQ(r.status, 204) << r;
  EXPECT_EQ(c.Get(target).status, 404);
  EXPECT_EQ(c.Get(ReportPath(kYear, org)).json()["materials"], before["report"]["materials"]);
}

}  // namespace
}  // namespace sciweek::test
