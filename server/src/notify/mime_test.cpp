#include "notify/mime.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <vector>

#include "core/text.hpp"

namespace sciweek::notify {
namespace {

// A decoder written here, not shared with the code under test.
std::string DecodeBase64(const std::string& in) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0, acc = 0;
  for (char c : in) {
    if (c == '=' || c == '\r' || c == '\n') continue;
    const auto v = kAlphabet.find(c);
    if (v == std::string::npos) ADD_FAILURE() << "not base64: " << c;
    acc = (acc << 6) | static_cast<int>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

// Decodes a header value made of "=?UTF-8?B?…?=" words (whitespace between words dropped),
// checking each word on its own.
std::string DecodeWords(const std::string& value) {
  static const std::regex kWord(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
  std::string out, rest = value;
  std::smatch m;
  while (std::regex_search(rest, m, kWord)) {
    EXPECT_LE(m[0].length(), 75) << "RFC 2047: an encoded-word is at most 75 characters";
    EXPECT_TRUE(std::all_of(m.prefix().first, m.prefix().second, [](char c) {
      return c == ' ' || c == '\r' || c == '\n';
    })) << "only folding whitespace between words";
    const std::string piece = DecodeBase64(m[1]);
    EXPECT_TRUE(core::IsCleanUtf8(piece)) << "a word never splits a character";
    out += piece;
    rest = m.suffix();
  }
  EXPECT_EQ(rest, "");
  return out;
}

struct Parsed {
  std::vector<std::pair<std::string, std::string>> headers;  // unfolded
  std::string body;
  std::string Header(const std::string& name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return v;
    return "";
  }
};

Parsed Parse(const std::string& mime) {
  Parsed p;
  const auto split = mime.find("\r\n\r\n");
  EXPECT_NE(split, std::string::npos);
  const std::string head = mime.substr(0, split + 2);
  p.body = mime.substr(split + 4);
  size_t pos = 0;
  while (pos < head.size()) {
    const auto eol = head.find("\r\n", pos);
    const std::string line = head.substr(pos, eol - pos);
    pos = eol + 2;
    EXPECT_LE(line.size(), 78u) << line;
    if (line.front() == ' ' || line.front() == '\t') {
      p.headers.back().second += line;  // folded
    } else {
      const auto colon = line.find(": ");
      EXPECT_NE(colon, std::string::npos) << line;
      p.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
    }
  }
  for (char c : mime) {
    EXPECT_LT(static_cast<unsigned char>(c), 0x80) << "a MIME message is 7-bit";
    if (static_cast<unsigned char>(c) >= 0x80) break;
  }
  return p;
}

MailMessage Sample() {
  MailMessage m;
  m.from = {"北京科技周组委会", "kjz@example.org.cn"};
  m.to = {"东城区", "110101@example.org.cn"};
  m.subject = "【2023年北京科技周】统计表催报提醒";
  m.body = "东城区：\n\n请尽快填报。\n.\n";  // a lone dot line must not end the DATA
  m.date = 1686564000;
  m.message_id = MakeMessageId(m.from.address, m.date);
  return m;
}

}  // namespace

TEST(Mime, ChineseHeadersAreEncodedWordsThatDecodeBack) {
  const auto p = Parse(BuildMime(Sample()));
  EXPECT_EQ(DecodeWords(p.Header("Subject")), "【2023年北京科技周】统计表催报提醒");
  const std::string from = p.Header("From");
  ASSERT_NE(from.find(" <kjz@example.org.cn>"), std::string::npos) << from;
  EXPECT_EQ(DecodeWords(from.substr(0, from.find(" <"))), "北京科技周组委会");
  EXPECT_EQ(p.Header("To").substr(p.Header("To").find('<')), "<110101@example.org.cn>");
  EXPECT_EQ(p.Header("Date"), "Mon, 12 Jun 2023 18:00:00 +0800");
  EXPECT_TRUE(std::regex_match(p.Header("Message-ID"), std::regex(R"(<[A-Za-z0-9_-]+\.1686564000@example\.org\.cn>)")))
      << p.Header("Message-ID");
  EXPECT_EQ(p.Header("MIME-Version"), "1.0");
  EXPECT_EQ(p.Header("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(p.Header("Content-Transfer-Encoding"), "base64");
}

TEST(Mime, BodyIsBase64OfTheUtf8TextWithCrlfLines) {
  const auto p = Parse(BuildMime(Sample()));
  std::istringstream lines(p.body);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 77u);  // 76 + CR
  EXPECT_EQ(DecodeBase64(p.body), "东城区：\r\n\r\n请尽快填报。\r\n.\r\n");
}

TEST(Mime, LongSubjectsSplitBetweenCharactersAndFold) {
  MailMessage m = Sample();
  m.subject = std::string("【2023年北京科技周】") + "请尽快填报并提交科技周活动开展情况统计表以及总结材料、照片和视频";
  const auto p = Parse(BuildMime(m));
  EXPECT_EQ(DecodeWords(p.Header("Subject")), m.subject);
}

TEST(Mime, PlainAsciiStaysReadableAndLineBreaksCannotAddHeaders) {
  MailMessage m = Sample();
  m.subject = "Reminder";
  m.from.name = "";
  auto p = Parse(BuildMime(m));
  EXPECT_EQ(p.Header("Subject"), "Reminder");
  EXPECT_EQ(p.Header("From"), "kjz@example.org.cn");

  m.subject = "x\r\nBcc: victim@example.org.cn";
  p = Parse(BuildMime(m));
  EXPECT_EQ(p.Header("Bcc"), "");
  EXPECT_EQ(DecodeWords(p.Header("Subject")), "x  Bcc: victim@example.org.cn");
}

TEST(Mime, ParsesTheSenderSetting) {
  auto a = ParseMailbox("北京科技周 <kjz@example.org.cn>");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->name, "北京科技周");
  EXPECT_EQ(a->address, "kjz@example.org.cn");
  auto b = ParseMailbox("kjz@example.org.cn");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->name, "");
  auto c = ParseMailbox("\"Science Week\" <kjz@example.org.cn>");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "Science Week");
  EXPECT_FALSE(ParseMailbox("北京科技周"));
  EXPECT_FALSE(ParseMailbox("x <kjz@example.org.cn"));
  EXPECT_FALSE(ParseMailbox("x <kjz@example.org.cn>\r\nBcc: y@example.cn"));
  EXPECT_FALSE(ParseMailbox("a\nb <kjz@example.org.cn>"));
}

}  // namespace sciweek::notify
