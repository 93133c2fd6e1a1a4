#pragma once
// The fixture of the suites about messages to visitors: one server per suite that sends SMS
// through a loopback fake gateway (webhook style, signed with a test secret), with next
// year's campaign open. A suite derives as `class XTest : public SmsSuite<XTest>` and may
// define `static std::vector<std::string> ExtraServeArgs()` for its own serve flags (the base
// is per suite: each derived class gets its own server).
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/activities.hpp"
#include "support/fake_sms_gateway.hpp"
#include "support/fixtures.hpp"

namespace sciweek::test {

inline const std::string kTestPublicBase = "https://kjz.example.org.cn";
inline const EnvList kWebhookSecretEnv = {{"SCIWEEK_SMS_WEBHOOK_SECRET", "Webhook#Secret2027"}};
// The template of one-time codes, for suites that send them: "--sms-template" kCodeTemplateArg.
inline const std::string kCodeTemplate = "SMS_900001";
inline const char* const kCodeTemplateArg = "verification_code=SMS_900001";

// serve flags for SMS through `provider` (webhook, aliyun) at `endpoint`, ticket links under
// kTestPublicBase; `extra` appended.
inline std::vector<std::string> SmsServeArgs(const std::string& provider, const std::string& endpoint,
                                             const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"--sms-provider",    provider,       "--sms-endpoint", endpoint,
                                   "--public-base-url", kTestPublicBase};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

template <typename Suite>
class SmsSuite : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    try {
      gateway_ = std::make_unique<FakeSmsGateway>();
      ServerOptions o;
      o.serve_args = SmsServeArgs("webhook", gateway_->url(), Suite::ExtraServeArgs());
      o.env = kWebhookSecretEnv;
      server_ = std::make_unique<TestServer>(o);
      HttpClient admin = server_->LoginAs("admin");
      year_ = CreateFutureCampaign(admin);
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  static void TearDownTestSuite() {
    server_.reset();
    gateway_.reset();
  }
  static std::vector<std::string> ExtraServeArgs() { return {}; }

  // POST /public/phone-codes for `phone` (reserve, manage or erase).
  static HttpResponse AskCode(const std::string& phone, const std::string& purpose = "reserve") {
    return server_->Client().Post("/api/v1/public/phone-codes", {{"phone", phone}, {"purpose", purpose}});
  }
  // The code of the n-th code message (1-based) the gateway received for `phone` (other
  // messages to the phone, such as a confirmation, are not counted); needs kCodeTemplateArg.
  static std::string CodeSentTo(const std::string& phone, size_t n = 1) {
    for (int i = 0; i < 150; ++i) {
      std::vector<SmsRequest> codes;
      for (const auto& r : gateway_->RequestsFor(phone))
        if (r.template_id == kCodeTemplate) codes.push_back(r);
      if (codes.size() >= n) return codes[n - 1].params.value("code", "");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "no code message " << n << " to " << phone << "\n" << server_->LogTail();
    return "";
  }

 protected:
  void SetUp() override {
    ASSERT_TRUE(server_) << error_;
    ASSERT_NE(year_, 0);
  }

  static inline std::unique_ptr<FakeSmsGateway> gateway_;
  static inline std::unique_ptr<TestServer> server_;
  static inline std::string error_;
  static inline int year_ = 0;
};

}  // namespace sciweek::test
