#pragma once
// A loopback HTTP server standing in for an SMS gateway (the webhook adapter's URL, or the
// 阿里云短信 endpoint): listens on 127.0.0.1, port 0, reads each request whole (one request per
// connection, Content-Length bodies) and answers it by a script the test sets per phone
// number: 200 with the provider's success body, a 4xx or 5xx, or no answer at all until the
// client gives up (a gateway that hangs). Every request is recorded.
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sciweek::test {

// clang-tidy 14 reports the implicit move constructor of a struct holding strings as throwing.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct SmsRequest {
  std::string method, target;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  // Decoded: the webhook's JSON body, or the Aliyun form's fields as a JSON object.
  nlohmann::json fields;
  std::string phone;  // "phone" (webhook) or "PhoneNumbers" (Aliyun)
  std::string key;    // "idempotency_key" (webhook) or "OutId" (Aliyun)
  std::string template_id;
  nlohmann::json params;  // the template's parameters
};

class FakeSmsGateway {
 public:
  enum class Style { kWebhook, kAliyun };
  enum class Answer { kOk, kBadRequest, kUnavailable, kHang, kAliyunBadNumber };
  explicit FakeSmsGateway(Style style = Style::kWebhook);  // throws std::runtime_error
  ~FakeSmsGateway();
  FakeSmsGateway(const FakeSmsGateway&) = delete;
  FakeSmsGateway& operator=(const FakeSmsGateway&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/sms/send"; }
  // The next answers to requests for `phone`, in order; kOk once the script is used up.
  void Script(const std::string& phone, const std::vector<Answer>& answers);

  std::vector<SmsRequest> Requests() const;
  std::vector<SmsRequest> RequestsFor(const std::string& phone) const;
  // Waits until `n` requests for `phone` have arrived (and been answered or hung); false on timeout.
  bool WaitFor(const std::string& phone, size_t n, std::chrono::milliseconds timeout) const;

 private:
  void AcceptLoop();
  void Serve(int fd);

  Style style_;
  int listen_fd_ = -1;
  unsigned short port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::map<std::string, std::deque<Answer>> script_;
  std::vector<SmsRequest> requests_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

// Percent-decoding of a form field (+ is a space).
std::string FormDecode(const std::string& s);

}  // namespace sciweek::test
