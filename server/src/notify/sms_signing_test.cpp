// The SMS gateways' request signatures against published vectors: HMAC (RFC 2202, RFC 4231),
// Alibaba Cloud's documented SendSms example, and the webhook's header.
#include "notify/sms_signing.hpp"

#include <gtest/gtest.h>

#include "notify/http_sms.hpp"
#include "notify/sms_json.hpp"
#include "notify/sms_sender.hpp"

namespace sciweek::notify {
namespace {

TEST(SmsSigning, HmacMatchesTheRfcVectors) {
  EXPECT_EQ(HexLower(HmacSha1("Jefe", "what do ya want for nothing?")), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(HexLower(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(SmsSigning, PercentEncodingIsRfc3986AsAliyunWantsIt) {
  EXPECT_EQ(PercentEncode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(PercentEncode(" *+/:"), "%20%2A%2B%2F%3A");
  EXPECT_EQ(PercentEncode("阿"), "%E9%98%BF");
}

// The example of Alibaba Cloud's documentation of the RPC signature (SendSms, testId /
// testSecret): its canonical query string and its signature "zJDF+Lrzhj/ThnlvIToysFRq6t4=".
TEST(SmsSigning, AliyunSignatureMatchesTheDocumentedExample) {
  const QueryParams params = {{"SignatureMethod", "HMAC-SHA1"},
                              {"SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"},
                              {"AccessKeyId", "testId"},
                              {"SignatureVersion", "1.0"},
                              {"Timestamp", "2017-07-12T02:42:19Z"},
                              {"Format", "XML"},
                              {"Action", "SendSms"},
                              {"Version", "2017-05-25"},
                              {"RegionId", "cn-hangzhou"},
                              {"PhoneNumbers", "15300000001"},
                              {"SignName", "阿里云短信测试专用"},
                              {"TemplateParam", "{\"customer\":\"test\"}"},
                              {"TemplateCode", "SMS_71390007"},
                              {"OutId", "123"}};
  EXPECT_EQ(AliyunCanonicalQuery(params),
            "AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou&"
            "SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&"
            "SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0&"
            "TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D&"
            "Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25");
  EXPECT_EQ(AliyunStringToSign("GET", params).substr(0, 20), "GET&%2F&AccessKeyId%");
  EXPECT_EQ(AliyunSignature("GET", params, "testSecret"), "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
  // Our requests are POSTs: the method is part of what is signed.
  EXPECT_NE(AliyunSignature("POST", params, "testSecret"), "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
}

TEST(SmsSigning, AliyunRequestCarriesTheTemplateAndTheIdempotencyKeyAsOutId) {
  AliyunSmsConfig c;
  c.access_key_id = "LTAI-test";
  c.sign_name = "北京科技周";
  AliyunSmsSender sender(c);
  auto p = sender.RequestParams("13912345678", "SMS_1", {{"activity", "机器人\"展\""}}, "confirmed:7",
                                "2027-05-20T01:00:00Z", "n1");
  auto get = [&](const std::string& k) {
    for (const auto& [n, v] : p)
      if (n == k) return v;
    return std::string("<absent>");
  };
  EXPECT_EQ(get("Action"), "SendSms");
  EXPECT_EQ(get("Version"), "2017-05-25");
  EXPECT_EQ(get("SignatureMethod"), "HMAC-SHA1");
  EXPECT_EQ(get("TemplateCode"), "SMS_1");
  EXPECT_EQ(get("TemplateParam"), "{\"activity\":\"机器人\\\"展\\\"\"}");
  EXPECT_EQ(get("OutId"), "confirmed:7");
  EXPECT_EQ(get("SignName"), "北京科技周");
  EXPECT_EQ(get("Signature"), "<absent>") << "signed last, over all the others";
}

TEST(SmsSigning, AliyunCodesSayWhetherToRetry) {
  EXPECT_TRUE(AliyunCodeIsTransient("isv.BUSINESS_LIMIT_CONTROL"));
  EXPECT_TRUE(AliyunCodeIsTransient("Throttling.User"));
  EXPECT_TRUE(AliyunCodeIsTransient("isp.SYSTEM_ERROR"));
  EXPECT_FALSE(AliyunCodeIsTransient("isv.MOBILE_NUMBER_ILLEGAL"));
  EXPECT_FALSE(AliyunCodeIsTransient("isv.SMS_TEMPLATE_ILLEGAL"));
  EXPECT_FALSE(AliyunCodeIsTransient("SignatureDoesNotMatch"));
}

TEST(SmsSigning, WebhookSignatureCoversTimestampAndBody) {
  const std::string body = R"({"phone":"13912345678"})";
  const auto sig = WebhookSignature("s3cret", "1700000000", body);
  EXPECT_EQ(sig, HexLower(HmacSha256("s3cret", "1700000000." + body)));
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_NE(sig, WebhookSignature("s3cret", "1700000001", body)) << "a replayed body with a new time fails";
  EXPECT_NE(sig, WebhookSignature("s3cret", "1700000000", body + " "));
  EXPECT_NE(sig, WebhookSignature("other", "1700000000", body));
}

TEST(SmsJson, QuotesAndReadsStringFields) {
  EXPECT_EQ(JsonQuote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(JsonObjectOfStrings({{"a", "1"}, {"b", "科技"}}), R"({"a":"1","b":"科技"})");
  const std::string answer = R"({"Message":"OK","RequestId":"F6","BizId":"9006^0","Code" : "OK"})";
  EXPECT_EQ(JsonStringField(answer, "Code"), "OK");
  EXPECT_EQ(JsonStringField(answer, "BizId"), "9006^0");
  EXPECT_EQ(JsonStringField(answer, "Missing"), std::nullopt);
  EXPECT_EQ(JsonStringField(R"({"x":"Code","Code":"isv.X"})", "Code"), "isv.X") << "a value equal to the name";
  EXPECT_EQ(JsonStringField(R"({"Code":12})", "Code"), std::nullopt);
  EXPECT_EQ(JsonStringField(R"({"Code":"a\"b)", "Code"), std::nullopt) << "unterminated";
}

}  // namespace
}  // namespace sciweek::notify
