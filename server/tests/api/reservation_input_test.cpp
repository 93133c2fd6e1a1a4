// The reservation routes answer later (decision 0027), taken on the connection's I/O thread
// (decision 0036): their refusals go back through a reply rather than a return value. Hostile input to both of them
// still gets a JSON error with a Chinese message, writes nothing, and leaves the batch queue working for the next
// visitor.
#include <algorithm>
#include <string>

#include "support/activities.hpp"
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

class ReservationInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    try {
      server_ = std::make_unique<TestServer>();
    } catch (const std::exception& e) {
      FAIL() << "server did not start: " << e.what();
    }
    admin_ = std::make_unique<HttpClient>(server_->LoginAs("admin"));
    reporter_ = std::make_unique<HttpClient>(server_->LoginAs("110108"));
    const int year = CreateFutureCampaign(*admin_);
    ASSERT_NE(year, 0);
    auto a = Publish(*reporter_, *admin_, year, ActivityBody(year, "恶意输入", 5));
    ASSERT_FALSE(a.is_null());
    session_ = a["sessions"][0]["id"].get<long long>();
  }

  long long Reserved() {
    auto c = reporter_->Get("/api/v1/sessions/" + std::to_string(session_) + "/counter");
    EXPECT_EQ(c.status, 200) << c;
    return c.status == 200 ? c.json()["reserved"].get<long long>() : -1;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<HttpClient> admin_, reporter_;
  long long session_ = 0;
};

// A JSON error: status, code, and a message in Chinese (at least one CJK character).
::testing::AssertionResult IsChineseError(const HttpResponse& r, int status, const std::string& code) {
  auto is = IsError(r, status, code);
  if (!is) return is;
  const std::string message = r.json()["error"]["message"].get<std::string>();
  // The common CJK ideographs (U+4E00–U+9FFF) start with the UTF-8 bytes E4–E9.
  const bool chinese = std::any_of(message.begin(), message.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0xE4 && b <= 0xE9;
  });
  if (!chinese) return ::testing::AssertionFailure() << "message not in Chinese: " << message;
  return ::testing::AssertionSuccess();
}

TEST_F(ReservationInputTest, HostileInputToEitherRouteIsRefusedAndWritesNothing) {
  HttpClient visitor("127.0.0.1", server_->port());
  const std::string id = std::to_string(session_);
  const std::string good = R"({"name":"张三","phone":")" + TestPhone(1) + R"(","party_size":1})";
  for (const std::string route : {"reservations", "waitlist"}) {
    SCOPED_TRACE(route);
    for (const std::string odd : {"abc", "-1", "0", "1e3", "99999999999999999999999", "%00", "%E4%B8%AD"})
      EXPECT_TRUE(
          IsChineseError(visitor.PostRaw("/api/v1/public/sessions/" + odd + "/" + route, good), 404, "not_found"))
          << odd;
    const std::string path = "/api/v1/public/sessions/" + id + "/" + route;
    EXPECT_TRUE(IsChineseError(visitor.PostRaw(path, ""), 400, "invalid_input"));
    EXPECT_TRUE(IsChineseError(visitor.PostRaw(path, "{\"name\":"), 400, "invalid_input"));
    EXPECT_TRUE(IsChineseError(visitor.PostRaw(path, "[1,2,3]"), 400, "invalid_input"));
    EXPECT_TRUE(
        IsChineseError(visitor.PostRaw(path, std::string(1000, '[') + std::string(1000, ']')), 400, "invalid_input"));
    EXPECT_TRUE(IsChineseError(visitor.PostRaw(path, R"({"name":"\u0000)" + std::string("\xff\xfe") + R"(","phone":")" +
                                                         TestPhone(2) + R"(","party_size":1})"),
                               400, "invalid_input"));
    EXPECT_TRUE(IsChineseError(
        visitor.PostRaw(path, R"({"name":"李四","phone":")" + TestPhone(3) + R"(","party_size":"many"})"), 422,
        "validation_failed"));
    EXPECT_TRUE(IsChineseError(
        visitor.PostRaw(path, R"({"name":"李四","phone":")" + TestPhone(3) + R"(","party_size":1000000000})"), 422,
        "validation_failed"));
    EXPECT_TRUE(IsChineseError(visitor.PostRaw(path, R"({"name":"李四","phone":"not-a-phone","party_size":1})"), 422,
                               "validation_failed"));
    // A phone code sent along sends the request from its I/O thread on to a worker (decision
    // 0036): hostile input there is refused alike.
    EXPECT_TRUE(IsChineseError(
        visitor.PostRaw(path, R"({"name":"李四","phone":"not-a-phone","party_size":1,"phone_code":"123456"})"), 422,
        "validation_failed"));
    EXPECT_TRUE(IsChineseError(
        visitor.PostRaw(path, R"({"name":"李四","phone":")" + TestPhone(4) + R"(","party_size":1,"phone_code":")" +
                                  std::string("\xff\xfe") + R"("})"),
        400, "invalid_input"));
    EXPECT_TRUE(IsChineseError(
        visitor.PostRaw(path, R"({"name":"李四","phone":")" + TestPhone(4) + R"(","party_size":1,"phone_code":")" +
                                  std::string(2000, '9') + R"("})"),
        422, "validation_failed"));
    auto huge = visitor.PostRaw(path, "{\"name\":\"" + std::string(8000, 'x') + "\"}");
    EXPECT_EQ(huge.status, 413) << huge;
  }
  EXPECT_EQ(Reserved(), 0) << "a refused request took a place";
  EXPECT_EQ(RunSql(server_->db(), "SELECT COUNT(*) FROM reservations WHERE session_id = " + id), "0\n");
  // The queue still works: the next well-formed reservation lands.
  auto ok = visitor.PostRaw("/api/v1/public/sessions/" + id + "/reservations", good);
  EXPECT_EQ(ok.status, 201) << ok << server_->LogTail();
  EXPECT_EQ(Reserved(), 1);
}

}  // namespace
}  // namespace sciweek::test
