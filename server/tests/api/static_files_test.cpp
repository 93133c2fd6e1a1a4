// The built front end: client routes get the app (also routes with dots, as ticket codes
// have: /tickets/T1.7.…), hashed assets are cached for a year, a missing asset is a real 404
// rather than the app, and no path leaves the web folder.
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include "support/fixtures.hpp"
#include "support/raw_connection.hpp"
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
    // A secret beside the web root, and a symlink inside it that points there: neither may
    // ever be served (the database, the signing key and /etc/passwd stand for it).
    secret_ = std::make_unique<TempDir>();
    WriteBytes(secret_->File("secret.txt"), kSecret);
    if (symlink(secret_->File("secret.txt").c_str(), web_->File("assets/linked.txt").c_str()) != 0)
      error_ = "cannot create the test symlink";
    try {
      server_ = std::make_unique<TestServer>(ServerOptions{{"--web-dir", web_->path()}});
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  static void TearDownTestSuite() {
    SharedServerTest::TearDownTestSuite();
    web_.reset();
    secret_.reset();
  }
  // Sends the request line exactly as written (no client-side normalisation).
  static std::string RawGet(const std::string& target) {
    RawConnection c(server().port());
    c.Send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return c.Read(std::chrono::seconds(5), "");
  }
  static constexpr const char* kSecret = "TOP-SECRET-7f3a9c";
  static inline std::unique_ptr<TempDir> web_;
  static inline std::unique_ptr<TempDir> secret_;
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

// Issue 9 §1: `GET //proc/self/cwd/data/sciweek.db` once returned the whole database
// (std::filesystem's root / "/abs" is "/abs"). Only files listed from the web root are served.
TEST_F(StaticFilesTest, NoSpellingOfAPathReachesAFileOutsideTheWebRoot) {
  const std::string secret = secret_->File("secret.txt");  // absolute
  std::string encoded;
  for (char c : secret) encoded += c == '/' ? std::string("%2F") : std::string(1, c);
  const std::vector<std::string> targets = {
      "/" + secret,                 // //tmp/…/secret.txt
      "//proc/self/root" + secret,  // through procfs, whatever the working directory
      "//proc/self/cwd/../../../../../../.." + secret,
      "/%2Fproc%2Fself%2Froot" + encoded,  // encoded slashes
      "/" + encoded,
      "/assets/..%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2F.." + encoded,
      "/assets/linked.txt",  // a symlink inside the root pointing out
      "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "//etc/passwd",
      "//proc/self/environ",  // would leak SCIWEEK_SMTP_PASSWORD and friends
      "/%2Fetc%2Fpasswd",
      "/.%2F.%2Findex.html%00.js",
  };
  for (const auto& t : targets) {
    const std::string raw = RawGet(t);
    EXPECT_EQ(raw.find(kSecret), std::string::npos) << t << " served the secret:\n" << raw;
    EXPECT_EQ(raw.find("root:x:0:0"), std::string::npos) << t << " served /etc/passwd";
    EXPECT_EQ(raw.find("PATH="), std::string::npos) << t << " served the process environment";
    const int status = StatusOf(raw);
    // Either the app (a client route) or a 404/400, never anything else.
    EXPECT_TRUE(status == 200 || status == 404 || status == 400) << t << "\n" << raw;
    if (status == 200) {
      EXPECT_NE(raw.find("<title>sciweek</title>"), std::string::npos) << t << "\n" << raw;
    }
  }
  EXPECT_EQ(Anonymous().Get("/healthz").status, 200);
}

// A new build (index.html rewritten, new hashed assets) is served without a restart.
TEST_F(StaticFilesTest, ADeployIsPickedUpWithoutARestart) {
  WriteBytes(web_->File("assets/app-9z8y.js"), "console.log(2)");
  WriteBytes(web_->File("index.html"),
             "<!doctype html><title>sciweek</title><script src=/assets/app-9z8y.js></script>");
  // The listing is refreshed at most once a second.
  HttpResponse js;
  for (int i = 0; i < 40; ++i) {
    js = Anonymous().Get("/assets/app-9z8y.js");
    if (js.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(js.status, 200) << js;
  EXPECT_EQ(js.body, "console.log(2)");
  EXPECT_NE(Anonymous().Get("/events").body.find("app-9z8y.js"), std::string::npos);
}

}  // namespace
}  // namespace sciweek::test
