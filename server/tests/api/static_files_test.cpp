// The built front end: client routes get the app (also routes with dots, as ticket codes
// have: /tickets/T1.7.…), hashed assets are cached for a year, a missing asset is a real 404
// rather than the app, and no path leaves the web folder.
#include "support/fixtures.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

class StaticFilesTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    web_ = std::make_unique<TempDir>();
    std::filesystem::create_directories(web_->File("assets"));
    WriteBytes(web_->File("index.html"), "<!doctype html><title>sciweek</title>");
    WriteBytes(web_->File("assets/app-1a2b.js"), "console.log(1)");
    try {
      server_ = std::make_unique<TestServer>(ServerOptions{{"--web-dir", web_->path()}});
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  static void TearDownTestSuite() {
    SharedServerTest::TearDownTestSuite();
    web_.reset();
  }
  static inline std::unique_ptr<TempDir> web_;
};

TEST_F(StaticFilesTest, ClientRoutesGetTheAppEvenWithDots) {
  for (const char* path : {"/", "/events", "/unit/activities/3", "/p/tickets/T1.7.0123456789ABCDEF.abc-_XYZ",
                           "/tickets/T1.12.ABCDEFGHJKMNPQRS.sig"}) {
    auto r = Anonymous().Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_NE(r.body.find("<title>sciweek</title>"), std::string::npos) << path;
    EXPECT_EQ(r.Header("content-type").rfind("text/html", 0), 0u) << path;
  }
}

TEST_F(StaticFilesTest, AssetsAreCachedAndMissingOnesAre404) {
  auto js = Anonymous().Get("/assets/app-1a2b.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_NE(js.Header("cache-control").find("immutable"), std::string::npos);
  EXPECT_TRUE(IsError(Anonymous().Get("/assets/gone-9z9z.js"), 404, "not_found"));
  EXPECT_TRUE(IsError(Anonymous().Get("/favicon.ico"), 404, "not_found"));
  EXPECT_TRUE(IsError(Anonymous().Get("/styles/missing.css"), 404, "not_found"));
  auto escape = Anonymous().Get("/assets/%2e%2e/%2e%2e/etc/passwd");
  EXPECT_NE(escape.status, 200);
}

}  // namespace
}  // namespace sciweek::test
