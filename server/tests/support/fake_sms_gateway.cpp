#include "support/fake_sms_gateway.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace sciweek::test {
namespace {

bool SendAll(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Reply(int status, const std::string& reason, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

}  // namespace

std::string FormDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') out += ' ';
    else if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else out += s[i];
  }
  return out;
}

FakeSmsGateway::FakeSmsGateway(Style style) : style_(style) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("fake sms: socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("fake sms: cannot listen on loopback");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

FakeSmsGateway::~FakeSmsGateway() {
  stop_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  ::close(listen_fd_);
}

void FakeSmsGateway::Script(const std::string& phone, const std::vector<Answer>& answers) {
  std::lock_guard lock(mu_);
  auto& q = script_[phone];
  for (auto a : answers) q.push_back(a);
}

std::vector<SmsRequest> FakeSmsGateway::Requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

std::vector<SmsRequest> FakeSmsGateway::RequestsFor(const std::string& phone) const {
  std::vector<SmsRequest> out;
  for (auto& r : Requests())
    if (r.phone == phone) out.push_back(r);
  return out;
}

bool FakeSmsGateway::WaitFor(const std::string& phone, size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] {
    size_t k = 0;
    for (const auto& r : requests_) k += r.phone == phone;
    return k >= n;
  });
}

void FakeSmsGateway::AcceptLoop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    threads_.emplace_back([this, fd] {
      Serve(fd);
      ::close(fd);
    });
  }
}

void FakeSmsGateway::Serve(int fd) {
  std::string buffer;
  size_t header_end = std::string::npos, need = 0;
  SmsRequest req;
  for (;;) {
    if (stop_) return;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char chunk[8192];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return;
    buffer.append(chunk, static_cast<size_t>(n));
    if (header_end == std::string::npos) {
      header_end = buffer.find("\r\n\r\n");
      if (header_end == std::string::npos) continue;
      const std::string head = buffer.substr(0, header_end);
      size_t line_end = head.find("\r\n");
      const std::string first = head.substr(0, line_end);
      req.method = first.substr(0, first.find(' '));
      req.target = first.substr(first.find(' ') + 1, first.rfind(' ') - first.find(' ') - 1);
      while (line_end != std::string::npos) {
        const size_t next = head.find("\r\n", line_end + 2);
        const std::string line =
            head.substr(line_end + 2, next == std::string::npos ? std::string::npos : next - line_end - 2);
        const auto colon = line.find(':');
        if (colon != std::string::npos) {
          std::string value = line.substr(colon + 1);
          while (!value.empty() && value.front() == ' ') value.erase(0, 1);
          req.headers[Lower(line.substr(0, colon))] = value;
        }
        line_end = next;
      }
      need = req.headers.contains("content-length") ? std::stoul(req.headers["content-length"]) : 0;
    }
    if (buffer.size() - header_end - 4 >= need) break;
  }
  req.body = buffer.substr(header_end + 4, need);
  if (style_ == Style::kWebhook) {
    req.fields = nlohmann::json::parse(req.body, nullptr, false);
    if (req.fields.is_object()) {
      req.phone = req.fields.value("phone", "");
      req.key = req.fields.value("idempotency_key", "");
      req.template_id = req.fields.value("template_id", "");
      req.params = req.fields.value("params", nlohmann::json::object());
    }
  } else {
    req.fields = nlohmann::json::object();
    size_t start = 0;
    while (start <= req.body.size()) {
      const size_t amp = req.body.find('&', start);
      const std::string pair = req.body.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      const auto eq = pair.find('=');
      if (eq != std::string::npos) req.fields[FormDecode(pair.substr(0, eq))] = FormDecode(pair.substr(eq + 1));
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
    req.phone = req.fields.value("PhoneNumbers", "");
    req.key = req.fields.value("OutId", "");
    req.template_id = req.fields.value("TemplateCode", "");
    req.params = nlohmann::json::parse(req.fields.value("TemplateParam", "{}"), nullptr, false);
  }
  Answer answer = Answer::kOk;
  size_t serial = 0;
  {
    std::lock_guard lock(mu_);
    auto& q = script_[req.phone];
    if (!q.empty()) {
      answer = q.front();
      q.pop_front();
    }
    requests_.push_back(req);
    serial = requests_.size();
  }
  cv_.notify_all();
  const std::string id = "fake-" + std::to_string(serial);
  switch (answer) {
    case Answer::kOk:
      SendAll(fd, Reply(200, "OK",
                        style_ == Style::kWebhook
                            ? R"({"id":")" + id + R"("})"
                            : R"({"Message":"OK","RequestId":"R)" + id + R"(","BizId":")" + id + R"(","Code":"OK"})"));
      return;
    case Answer::kBadRequest: SendAll(fd, Reply(400, "Bad Request", R"({"error":"invalid template"})")); return;
    case Answer::kAliyunBadNumber:
      SendAll(fd, Reply(200, "OK",
                        R"({"Message":"invalid mobile number )" + req.phone +
                            R"(","RequestId":"R1","Code":"isv.MOBILE_NUMBER_ILLEGAL"})"));
      return;
    case Answer::kUnavailable: SendAll(fd, Reply(503, "Service Unavailable", R"({"error":"busy"})")); return;
    case Answer::kHang:
      while (!stop_) {  // say nothing until the client gives up
        pollfd p{fd, POLLIN, 0};
        char c;
        if (::poll(&p, 1, 50) > 0 && ::recv(fd, &c, 1, 0) <= 0) return;
      }
      return;
  }
}

}  // namespace sciweek::test
