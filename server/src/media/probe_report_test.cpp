#include "media/probe_report.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace sciweek::media {
namespace {

std::optional<ProbeReport> Parse(const std::string& text) {
  std::string why;
  auto r = ParseProbeReport(text, why);
  if (!r) {
    EXPECT_FALSE(why.empty());
  }
  return r;
}

TEST(ProbeReport, RoundTrips) {
  ProbeReport pdf{"application/pdf", std::nullopt};
  EXPECT_EQ(FormatProbeReport(pdf), "sciweek-probe 1\nmime application/pdf\nend\n");
  auto back = Parse(FormatProbeReport(pdf));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->mime, "application/pdf");
  EXPECT_FALSE(back->video);

  using S = VideoFacts::Status;
  for (auto status : {S::kMeasured, S::kUnreadable, S::kNoPicture, S::kNoDuration}) {
    ProbeReport video{"video/mp4", VideoFacts{status, status == S::kMeasured ? 179.5 : 0}};
    auto v = Parse(FormatProbeReport(video));
    ASSERT_TRUE(v) << FormatProbeReport(video);
    ASSERT_TRUE(v->video);
    EXPECT_EQ(v->video->status, status);
    EXPECT_DOUBLE_EQ(v->video->seconds, status == S::kMeasured ? 179.5 : 0);
  }
}

TEST(ProbeReport, RefusesAnythingElse) {
  const std::string head = "sciweek-probe 1\n";
  for (const std::string& bad : std::vector<std::string>{
           "",
           "garbage",
           "sciweek-probe 2\nmime application/pdf\nend\n",  // unknown version
           head + "mime application/pdf\nend",              // no final newline
           head + "mime application/pdf\nend\nmore\n",      // after end
           head + "mime application/pdf\n",                 // no end
           head + "mime application/pdf\r\nend\n",          // CR
           head + "mime application/pdf \nend\n",           // trailing space
           head + "mime pdf\nend\n",                        // no slash
           head + "mime /pdf\nend\n",
           head + "mime application/\nend\n",
           head + "mime app/pdf/x\nend\n",
           head + "mime application/pd f\nend\n",
           head + "mime " + std::string(200, 'a') + "/b\nend\n",  // too long a type
           head + "mime video/mp4\nvideo measured\nend\n",
           head + "mime video/mp4\nvideo measured -5\nend\n",
           head + "mime video/mp4\nvideo measured 0\nend\n",
           head + "mime video/mp4\nvideo measured 1e3\nend\n",
           head + "mime video/mp4\nvideo measured nan\nend\n",
           head + "mime video/mp4\nvideo measured inf\nend\n",
           head + "mime video/mp4\nvideo measured 0x10\nend\n",
           head + "mime video/mp4\nvideo measured 1.2.3\nend\n",
           head + "mime video/mp4\nvideo measured .5\nend\n",
           head + "mime video/mp4\nvideo measured 99999999999\nend\n",  // > 1e9 s
           head + "mime video/mp4\nvideo fine\nend\n",
           head + "mime video/mp4\nvideo unreadable\nvideo unreadable\nend\n",
           head + "video unreadable\nmime video/mp4\nend\n",
           std::string("sciweek-probe 1\0\nmime a/b\nend\n", 30),
           head + "mime a/b\nend\n" + std::string(600, '\n'),
       }) {
    EXPECT_FALSE(Parse(bad)) << "accepted: " << bad;
  }
  std::string why;
  EXPECT_FALSE(ParseProbeReport(head + "mime a/" + std::string(600, 'b') + "\nend\n", why));
  EXPECT_NE(why.find("longer"), std::string::npos) << why;
}

TEST(ProbeReport, MimeTokens) {
  for (const char* ok : {"application/pdf", "application/CDFV2-corrupt", "text/x-c++", "application/vnd.ms-office"})
    EXPECT_TRUE(IsMimeToken(ok)) << ok;
  for (const char* bad : {"", "text", "text/", "/x", "a/b/c", "a b/c", "a/b;charset=utf-8", "a/\xe4\xb8\xad"})
    EXPECT_FALSE(IsMimeToken(bad)) << bad;
}

}  // namespace
}  // namespace sciweek::media
