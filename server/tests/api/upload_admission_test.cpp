// Issue 9 §3: an anonymous `POST …/materials?kind=video` announcing 400 MB was read and
// written to disk before anyone asked who sent it. Uploads are now admitted on their
// headers alone — session, CSRF, the route's own permission check, a free slot, enough
// disk — before 100-continue and before a byte is stored; a refusal is a JSON error and
// the connection closes without reading the body.
#include <chrono>
#include <thread>

#include "support/fixtures.hpp"
#include "support/raw_connection.hpp"
#include "support/reporting.hpp"

namespace sciweek::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kVideo = "/api/v1/campaigns/2023/reports/110105/materials?kind=video&filename=a.mp4";

// The request line and headers of an upload, without its body.
std::string UploadHead(const std::string& target, const std::string& auth_headers, bool expect_continue,
                       const std::string& length = "400000000") {
  return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n" +
         (length.empty() ? std::string("Transfer-Encoding: chunked\r\n") : "Content-Length: " + length + "\r\n") +
         (expect_continue ? "Expect: 100-continue\r\n" : "") + auth_headers + "\r\n";
}

std::string AuthHeaders(const HttpClient& c) {
  return "Cookie: sciweek_session=" + c.Cookie("sciweek_session").value_or("") + "\r\nX-CSRF-Token: " + c.csrf_token() +
         "\r\n";
}

class UploadAdmissionTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    try {
      server_ = std::make_unique<TestServer>(ServerOptions{{"--max-uploads-per-user", "2", "--max-uploads", "3"}});
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }

 protected:
  static std::string TempUploads() { return server().db().dir() + "/data/files/tmp"; }

  // Sends the head (and, without Expect, a first MiB of body), returns the answer.
  static std::string Attempt(const std::string& target, const std::string& auth, bool expect_continue,
                             const std::string& length = "400000000") {
    RawConnection c(server().port());
    c.Send(UploadHead(target, auth, expect_continue, length));
    if (!expect_continue) c.Send(std::string(1 << 20, 'x'));  // may fail once the server closes: fine
    auto raw = c.Read(seconds(10));
    EXPECT_TRUE(c.ClosedWithin(seconds(5))) << "a refused upload must close its connection";
    return raw;
  }
};

TEST_F(UploadAdmissionTest, AnonymousUploadIsRefusedBeforeAnyByteIsStored) {
  const size_t files_before = CountFiles(server().db().dir() + "/data");
  for (bool expect : {true, false}) {
    const auto raw = Attempt(kVideo, "", expect);
    EXPECT_EQ(StatusOf(raw), 401) << raw;
    EXPECT_EQ(raw.find("100 Continue"), std::string::npos) << "continued an anonymous upload:\n" << raw;
    EXPECT_NE(BodyOf(raw).find("\"unauthenticated\""), std::string::npos) << raw;
  }
  EXPECT_EQ(CountFiles(server().db().dir() + "/data"), files_before) << "an anonymous upload left a file";
  EXPECT_EQ(Anonymous().Get("/healthz").status, 200);
}

TEST_F(UploadAdmissionTest, WrongUnitWrongKindAndMissingCsrfAreRefusedOnTheHeaders) {
  auto other = server().LoginAs("110101");  // 东城区 may not upload to 朝阳区's report
  EXPECT_EQ(StatusOf(Attempt(kVideo, AuthHeaders(other), true)) / 100, 4);
  const auto forbidden = Attempt(kVideo, AuthHeaders(other), true);
  EXPECT_TRUE(StatusOf(forbidden) == 403 || StatusOf(forbidden) == 404) << forbidden;

  auto owner = server().LoginAs("110105");
  const auto bad_kind =
      Attempt("/api/v1/campaigns/2023/reports/110105/materials?kind=exe&filename=a.exe", AuthHeaders(owner), true);
  EXPECT_EQ(StatusOf(bad_kind), 400) << bad_kind;
  EXPECT_NE(BodyOf(bad_kind).find("\"kind\""), std::string::npos) << bad_kind;

  const auto no_csrf =
      Attempt(kVideo, "Cookie: sciweek_session=" + owner.Cookie("sciweek_session").value_or("") + "\r\n", true);
  EXPECT_EQ(StatusOf(no_csrf), 403) << no_csrf;

  // Activity files and unit documents are admitted the same way.
  EXPECT_EQ(StatusOf(Attempt("/api/v1/activities/1/files?kind=cover&filename=c.png", "", true)), 401);
  EXPECT_EQ(StatusOf(Attempt("/api/v1/campaigns/2023/orgs/110105/documents?kind=implementation_plan&filename=p.pdf", "",
                             true)),
            401);
  EXPECT_EQ(CountFiles(TempUploads()), 0u);
}

TEST_F(UploadAdmissionTest, AnAdmittedUploadGetsContinueAndUploadsAreCappedPerUser) {
  auto owner = server().LoginAs("110106");
  const std::string target = "/api/v1/campaigns/2023/reports/110106/materials?kind=video&filename=a.mp4";
  // Two uploads in flight (each told to continue, then stalled)…
  RawConnection first(server().port()), second(server().port());
  first.Send(UploadHead(target, AuthHeaders(owner), true, "1000000"));
  EXPECT_NE(first.Read(seconds(10)).find("100 Continue"), std::string::npos);
  second.Send(UploadHead(target, AuthHeaders(owner), true, "1000000"));
  EXPECT_NE(second.Read(seconds(10)).find("100 Continue"), std::string::npos);
  // …so the same user's third waits its turn.
  const auto third = Attempt(target, AuthHeaders(owner), true, "1000000");
  EXPECT_EQ(StatusOf(third), 429) << third;
  EXPECT_NE(third.find("Retry-After:"), std::string::npos) << third;
  // Another user still may (the total cap is 3), and is the one that fills it.
  auto neighbour = server().LoginAs("110107");
  RawConnection other(server().port());
  other.Send(UploadHead("/api/v1/campaigns/2023/reports/110107/materials?kind=video&filename=b.mp4",
                        AuthHeaders(neighbour), true, "1000000"));
  EXPECT_NE(other.Read(seconds(10)).find("100 Continue"), std::string::npos);
  auto fourth_user = server().LoginAs("110102");
  const auto full = Attempt("/api/v1/campaigns/2023/reports/110102/materials?kind=video&filename=c.mp4",
                            AuthHeaders(fourth_user), true, "1000000");
  EXPECT_EQ(StatusOf(full), 503) << full;
  // A dropped upload frees its slot and leaves no temp file.
  first.Close();
  other.Close();
  const auto until = std::chrono::steady_clock::now() + seconds(5);
  std::string again;
  while (std::chrono::steady_clock::now() < until) {
    RawConnection retry(server().port());
    retry.Send(UploadHead(target, AuthHeaders(owner), true, "1000000"));
    again = retry.Read(seconds(5));
    if (again.find("100 Continue") != std::string::npos) break;
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_NE(again.find("100 Continue"), std::string::npos) << again;
}

// A server whose disk is "full" (the margin larger than any disk) refuses uploads at once.
TEST(UploadDiskMarginTest, AnUploadThatWouldEatTheLastFreeDiskIsRefused) {
  TestServer server(ServerOptions{{"--min-free-disk-mb", "10000000"}});
  auto owner = server.LoginAs("110108");
  RawConnection c(server.port());
  c.Send(UploadHead("/api/v1/campaigns/2023/reports/110108/materials?kind=video&filename=a.mp4", AuthHeaders(owner),
                    true, "1000"));
  const auto raw = c.Read(seconds(10));
  EXPECT_EQ(StatusOf(raw), 507) << raw;
  EXPECT_NE(BodyOf(raw).find("\"error\""), std::string::npos) << raw;
  // Everything else still works.
  EXPECT_EQ(owner.Get("/api/v1/me").status, 200);
}

}  // namespace
}  // namespace sciweek::test
