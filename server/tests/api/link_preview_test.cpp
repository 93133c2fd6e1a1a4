// Link previews (issue 11 §5): crawlers run no script, so the server writes a published
// activity's <title> and Open Graph tags into the index.html it serves for /events/<id>,
// escaped; anything else gets the plain page. And the poster's QR code of that page.
#include <chrono>
#include <string>
#include <vector>

#include "support/activities.hpp"
#include "support/fixtures.hpp"
#include "support/raw_connection.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

constexpr const char* kIndex =
    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\" /><title>北京科技周工作平台</title>"
    "</head><body><div id=\"app\"></div></body></html>";

class LinkPreviewTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    web_ = std::make_unique<TempDir>();
    WriteBytes(web_->File("index.html"), kIndex);
    try {
      server_ = std::make_unique<TestServer>(ServerOptions{{"--web-dir", web_->path()}});
    } catch (const std::exception& e) {
      error_ = e.what();
      return;
    }
    HttpClient admin = As("admin");
    year_ = CreateFutureCampaign(admin);
  }
  static void TearDownTestSuite() {
    SharedServerTest::TearDownTestSuite();
    web_.reset();
  }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    ASSERT_NE(year_, 0);
  }
  static long long PublishTitled(const std::string& title, const std::string& description) {
    auto body = ActivityBody(year_, title, 20);
    body["description"] = description;
    auto a = Publish(As("110108"), As("reviewer"), year_, body);
    return a.is_null() ? 0 : a["id"].get<long long>();
  }
  // The request exactly as written, with the Host header given.
  static std::string RawGet(const std::string& target, const std::string& host) {
    RawConnection c(server().port());
    c.Send("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    return c.Read(std::chrono::seconds(5), "");
  }
  static bool Has(const std::string& body, const std::string& s) { return body.find(s) != std::string::npos; }
  static inline std::unique_ptr<TempDir> web_;
  static inline int year_ = 0;
};

TEST_F(LinkPreviewTest, APublishedActivityPageCarriesItsTitleAndOpenGraphTags) {
  const long long id = PublishTitled("星空观测夜", "带上家人，一起用望远镜看月亮。\n适合 6 岁以上。");
  ASSERT_GT(id, 0);
  for (const std::string& path :
       std::vector<std::string>{"/events/" + std::to_string(id), "/p/events/" + std::to_string(id) + "/"}) {
    auto r = Anonymous().Get(path);
    ASSERT_EQ(r.status, 200) << path << r;
    EXPECT_EQ(r.Header("content-type").rfind("text/html", 0), 0u);
    EXPECT_TRUE(Has(r.body, "<title>星空观测夜 - 北京科技周</title>")) << r.body;
    EXPECT_FALSE(Has(r.body, "北京科技周工作平台")) << "the app's own title is replaced";
    EXPECT_TRUE(Has(r.body, "<meta property=\"og:title\" content=\"星空观测夜\" />")) << r.body;
    EXPECT_TRUE(Has(r.body, "<meta property=\"og:description\" content=\"")) << r.body;
    EXPECT_TRUE(Has(r.body, "一起用望远镜看月亮。 适合 6 岁以上。")) << "the description, on one line: " << r.body;
    EXPECT_TRUE(Has(r.body, "海淀区")) << "where it is: " << r.body;
    EXPECT_TRUE(Has(r.body, "<meta property=\"og:url\" content=\"http://127.0.0.1:" + std::to_string(server().port()) +
                                "/events/" + std::to_string(id) + "\" />"))
        << r.body;
    EXPECT_TRUE(Has(r.body, "<div id=\"app\"></div>")) << "still the app";
  }
}

TEST_F(LinkPreviewTest, TitlesWithMarkupOrQuotesComeOutEscaped) {
  const long long id = PublishTitled("讲座<script>alert(1)</script>\"引号\" & 'x'", "<img src=x onerror=alert(2)>");
  ASSERT_GT(id, 0);
  auto r = Anonymous().Get("/events/" + std::to_string(id));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(
      Has(r.body,
          "<meta property=\"og:title\" content=\"讲座&lt;script&gt;alert(1)&lt;/script&gt;&quot;引号&quot; &amp; "
          "&#39;x&#39;\" />"))
      << r.body;
  EXPECT_TRUE(
      Has(r.body,
          "<title>讲座&lt;script&gt;alert(1)&lt;/script&gt;&quot;引号&quot; &amp; &#39;x&#39; - 北京科技周</title>"))
      << r.body;
  EXPECT_FALSE(Has(r.body, "<script>")) << r.body;
  EXPECT_FALSE(Has(r.body, "<img")) << r.body;
  EXPECT_TRUE(Has(r.body, "&lt;img src=x onerror=alert(2)&gt;")) << r.body;
}

TEST_F(LinkPreviewTest, UnknownAndUnpublishedActivitiesGetThePlainPage) {
  auto draft = As("110108").Post("/api/v1/campaigns/" + std::to_string(year_) + "/activities",
                                 ActivityBody(year_, "尚未发布的草稿", 10));
  ASSERT_EQ(draft.status, 201) << draft;
  const std::string draft_id = std::to_string(draft.json()["id"].get<long long>());
  // Published, then cancelled: its page still says so in the app, but it is not advertised.
  const long long cancelled = PublishTitled("已取消的活动", "");
  ASSERT_GT(cancelled, 0);
  auto c = As("reviewer").Post("/api/v1/activities/" + std::to_string(cancelled) + "/cancel", {{"reason", "天气原因"}});
  ASSERT_EQ(c.status, 200) << c;
  for (const std::string& path :
       std::vector<std::string>{"/events/" + draft_id, "/events/" + std::to_string(cancelled), "/events/99999999",
                                "/events/0", "/events/12abc", "/events/99999999999999999999999", "/events"}) {
    auto r = Anonymous().Get(path);
    ASSERT_EQ(r.status, 200) << path << r;
    EXPECT_EQ(r.body, kIndex) << path;
  }
}

TEST_F(LinkPreviewTest, ThePreviewRevalidatesByItsOwnETag) {
  const long long id = PublishTitled("缓存校验活动", "");
  ASSERT_GT(id, 0);
  HttpClient v = Anonymous();
  auto first = v.Get("/events/" + std::to_string(id));
  ASSERT_EQ(first.status, 200) << first;
  const std::string etag = first.Header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_NE(etag, v.Get("/events").Header("etag")) << "not the plain page's tag";
  auto again = v.Send("GET", "/events/" + std::to_string(id), "", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304) << again;
}

TEST_F(LinkPreviewTest, AForgedHostNeverReachesThePageUnescaped) {
  const long long id = PublishTitled("主机头测试", "");
  ASSERT_GT(id, 0);
  const std::string raw = RawGet("/events/" + std::to_string(id), "evil.example\"><script>x</script>");
  EXPECT_EQ(raw.find("<script>"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("evil.example"), std::string::npos) << "an odd Host gives relative links: " << raw;
}

TEST_F(LinkPreviewTest, ThePosterQrCodeIsAnSvgOfAPublishedActivity) {
  const long long id = PublishTitled("海报二维码活动", "");
  ASSERT_GT(id, 0);
  auto r = Anonymous().Get("/api/v1/public/activities/" + std::to_string(id) + "/qr.svg");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.Header("content-type"), "image/svg+xml");
  EXPECT_EQ(r.body.rfind("<svg", 0), 0u) << r.body.substr(0, 80);
  EXPECT_EQ(r.body.find("<script"), std::string::npos);
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  auto other =
      Anonymous().Get("/api/v1/public/activities/" + std::to_string(PublishTitled("另一个海报", "")) + "/qr.svg");
  EXPECT_NE(other.body, r.body) << "each activity its own address";

  EXPECT_TRUE(IsError(Anonymous().Get("/api/v1/public/activities/99999999/qr.svg"), 404, "not_found"));
  auto draft = As("110108").Post("/api/v1/campaigns/" + std::to_string(year_) + "/activities",
                                 ActivityBody(year_, "草稿海报", 10));
  ASSERT_EQ(draft.status, 201) << draft;
  EXPECT_TRUE(IsError(
      Anonymous().Get("/api/v1/public/activities/" + std::to_string(draft.json()["id"].get<long long>()) + "/qr.svg"),
      404, "not_found"));
  const std::string raw = RawGet("/api/v1/public/activities/" + std::to_string(id) + "/qr.svg", "bad host/");
  EXPECT_NE(raw.find(" 400 "), std::string::npos) << raw;
}

}  // namespace
}  // namespace sciweek::test
