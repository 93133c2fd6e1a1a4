#include "http/link_preview.hpp"

#include <gtest/gtest.h>

#include "core/text.hpp"

namespace sciweek::http {
namespace {

TEST(LinkPreview, KnowsTheActivityPagesOnly) {
  EXPECT_EQ(ActivityPageId("/events/12"), 12);
  EXPECT_EQ(ActivityPageId("/events/12/"), 12);
  EXPECT_EQ(ActivityPageId("/p/events/7"), 7);
  for (const char* other : {"/events", "/events/", "/events/0", "/events/-3", "/events/1x", "/events/1/poster",
                            "/events/12//", "/tickets/12", "/x/events/12", "/events/99999999999999999999"})
    EXPECT_FALSE(ActivityPageId(other)) << other;
}

TEST(LinkPreview, ReplacesTheTitleAndCutsALongDescriptionBetweenCharacters) {
  service::PublicPreview p;
  p.id = 5;
  p.title = "标题";
  p.venue = "馆";
  p.description = std::string(400, 'a') + "汉字";
  const std::string html = WithLinkPreview("<html><head><title>旧</title></head></html>", p, "https://kjz.example.cn");
  EXPECT_EQ(html.find("旧"), std::string::npos);
  EXPECT_NE(html.find("<title>标题 - 北京科技周</title>"), std::string::npos) << html;
  EXPECT_NE(html.find("content=\"https://kjz.example.cn/events/5\""), std::string::npos) << html;
  EXPECT_EQ(html.find("og:image"), std::string::npos) << "no cover, no image";
  EXPECT_NE(html.find("…\" />"), std::string::npos) << html;

  // Wherever the cut falls, a multi-byte character is dropped whole, never split.
  for (size_t pad = 250; pad < 256; ++pad) {
    p.description = std::string(pad, 'b') + "汉汉汉汉汉汉汉汉";
    const std::string cut = WithLinkPreview("<head></head>", p, "");
    EXPECT_NE(cut.find("<title>标题 - 北京科技周</title>"), std::string::npos) << "inserted after <head>";
    const auto start = cut.find("og:description\" content=\"") + 25;
    const std::string d = cut.substr(start, cut.find('"', start) - start);
    EXPECT_TRUE(core::IsCleanUtf8(d, false)) << d;
    EXPECT_NE(d.find("…"), std::string::npos) << d;
  }
}

TEST(LinkPreview, LeavesAPageWithoutAHeadAlone) {
  service::PublicPreview p;
  p.title = "x";
  EXPECT_EQ(WithLinkPreview("plain", p, ""), "plain");
}

}  // namespace
}  // namespace sciweek::http

namespace sciweek::http {
namespace {

std::string OriginFor(const std::string& host) {
  Request req;
  req.headers = {{"host", host}};
  return RequestOrigin(req, HttpConfig{});
}

TEST(LinkPreview, OnlyAPlainHostBecomesTheOrigin) {
  for (const std::string host :
       {"kjz.beijing.gov.cn", "127.0.0.1:8080", "localhost", "a", "[::1]:8080", "[2001:db8::1]", "x-1.example.org:443"})
    EXPECT_EQ(OriginFor(host), "http://" + host) << host;
  for (const std::string host : {"", "bad host", "evil.example/x", "a@b", "\"q\"", "-lead.example", "trail.example-",
                                 "h:", "h:123456", "h:80x", "[::1", "[zz::1]", "[]", "a..b/", "例子.中国", "h:8080:80"})
    EXPECT_EQ(OriginFor(host), "") << host;
  EXPECT_EQ(OriginFor(std::string(300, 'a')), "");
}

}  // namespace
}  // namespace sciweek::http
