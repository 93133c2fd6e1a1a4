#pragma once
// The fixture of the suites about messages to visitors: one server per suite that sends SMS
// through a loopback fake gateway (webhook style, signed with a test secret), with next
// year's campaign open. A suite derives as `class XTest : public SmsSuite<XTest>` and may
// define `static std::vector<std::string> ExtraServeArgs()` for its own serve flags (the base
// is per suite: each derived class gets its own server).
#include <memory>
#include <string>
#include <vector>

#include "support/activities.hpp"
#include "support/fake_sms_gateway.hpp"
#include "support/fixtures.hpp"

namespace sciweek::test {

inline const std::string kTestPublicBase = "https://kjz.example.org.cn";
inline const EnvList kWebhookSecretEnv = {{"SCIWEEK_SMS_WEBHOOK_SECRET", "Webhook#Secret2027"}};

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
