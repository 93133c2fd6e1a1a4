// Uploads are parsed in a child process under limits (docs/decisions/0008): a probe that
// overruns its limit is a clear 422 and the server keeps serving; uploads beyond the number
// of probe slots wait for one instead of failing or forking without bound.
#include <future>
#include <vector>

#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

constexpr int kYear = 2023;

class MediaProbeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      files_ = std::make_unique<TempDir>();
      video_error_ = MakeVideo(files_->File("short.mp4"), 7);
    } catch (const std::exception& e) {
      video_error_ = e.what();
    }
  }
  static void TearDownTestSuite() { files_.reset(); }
  void SetUp() override { ASSERT_TRUE(video_error_.empty()) << "could not make the test video: " << video_error_; }

  static std::string Video() { return files_->File("short.mp4"); }

  static inline std::unique_ptr<TempDir> files_;
  static inline std::string video_error_;
};

TEST_F(MediaProbeTest, ProbeOverItsTimeLimitIs422AndTheServerKeepsServing) {
  // 1 ms: no child can start, sniff and answer in that time, so every probe is killed.
  TestServer server(ServerOptions{{"--media-probe-timeout-ms", "1"}, {}});
  const std::string org = "110101";
  HttpClient c = server.LoginAs(org);
  for (int i = 0; i < 3; ++i) {
    auto r = c.SendFile("POST", UploadTarget(kYear, org, "video", "开幕式.mp4"), Video());
    ASSERT_TRUE(IsError(r, 422, "validation_failed")) << server.LogTail();
    EXPECT_EQ(r.json()["error"]["message"], "无法识别文件内容，文件可能已损坏或格式异常");
    EXPECT_EQ(r.json()["error"]["field"], "file");
  }
  auto pdf = Upload(c, kYear, org, "summary", "总结.pdf", MinimalPdf("summary"));
  EXPECT_TRUE(IsError(pdf, 422, "validation_failed"));
  EXPECT_EQ(server.Client().Get("/healthz").status, 200);
  auto rep = c.Get(ReportPath(kYear, org));
  ASSERT_EQ(rep.status, 200) << rep;
  EXPECT_EQ(rep.json()["materials"].size(), 0u) << "a refused upload was stored";
  EXPECT_NE(server.LogTail().find("media probe"), std::string::npos) << "the failure is logged: " << server.LogTail();
  EXPECT_EQ(server.Stop(), 0) << "the server survives and shuts down cleanly";
}

TEST_F(MediaProbeTest, UploadsBeyondTheProbeSlotsWaitAndAllSucceed) {
  // A generous timeout: on a busy machine four probes in a row may take seconds, and this
  // test is about waiting for the slot, not about the timeout.
  TestServer server(ServerOptions{{"--media-probe-concurrency", "1", "--media-probe-timeout-ms", "60000"}, {}});
  const std::vector<std::string> orgs = {"110102", "110105", "110106", "110107"};
  std::vector<std::future<HttpResponse>> uploads;
  for (const auto& org : orgs) {
    uploads.push_back(std::async(std::launch::async, [&server, org] {
      HttpClient c = server.LoginAs(org);
      return c.SendFile("POST", UploadTarget(kYear, org, "video", "活动.mp4"), Video());
    }));
  }
  for (auto& u : uploads) {
    auto r = u.get();
    ASSERT_EQ(r.status, 201) << r << server.LogTail();
    EXPECT_NEAR(r.json()["duration_seconds"].get<double>(), 7.0, 0.5);
  }
  EXPECT_EQ(server.Client().Get("/healthz").status, 200);
}

}  // namespace
}  // namespace sciweek::test
