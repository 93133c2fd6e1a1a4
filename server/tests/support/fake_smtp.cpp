#include "support/fake_smtp.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
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

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Between(const std::string& s, char open, char close) {
  const auto a = s.find(open);
  const auto b = s.find(close, a == std::string::npos ? 0 : a + 1);
  if (a == std::string::npos || b == std::string::npos) return "";
  return s.substr(a + 1, b - a - 1);
}

}  // namespace

FakeSmtpServer::FakeSmtpServer(Mode mode) : mode_(mode) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("fake smtp: socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("fake smtp: cannot listen on loopback");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

FakeSmtpServer::~FakeSmtpServer() {
  stop_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  ::close(listen_fd_);
}

void FakeSmtpServer::AcceptLoop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    {
      std::lock_guard lock(mu_);
      ++connections_;
    }
    cv_.notify_all();
    threads_.emplace_back([this, fd] {
      Serve(fd);
      ::close(fd);
    });
  }
}

void FakeSmtpServer::Serve(int fd) {
  if (mode_ == Mode::kStall) {  // hold the connection, say nothing, until the test ends or the client leaves
    char c;
    while (!stop_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) > 0 && ::recv(fd, &c, 1, 0) <= 0) return;
    }
    return;
  }
  std::string buffer;
  // One line without its CRLF; false when the client went away or the test ends.
  auto read_line = [&](std::string& line) {
    for (;;) {
      const auto eol = buffer.find("\r\n");
      if (eol != std::string::npos) {
        line = buffer.substr(0, eol);
        buffer.erase(0, eol + 2);
        return true;
      }
      if (stop_) return false;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char chunk[4096];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<size_t>(n));
    }
  };
  if (!SendAll(fd, "220 fake.sciweek.test ESMTP ready\r\n")) return;
  ReceivedMail current;
  std::string auth;
  std::string line;
  while (read_line(line)) {
    {
      std::lock_guard lock(mu_);
      commands_.push_back(line);
    }
    const std::string cmd = Upper(line.substr(0, line.find(' ')));
    std::string reply;
    if (cmd == "EHLO") {
      reply = "250-fake.sciweek.test\r\n250-AUTH PLAIN\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n";
    } else if (cmd == "HELO" || cmd == "NOOP") {
      reply = "250 ok\r\n";
    } else if (cmd == "AUTH") {
      std::string initial = line.size() > 11 ? line.substr(11) : "";  // "AUTH PLAIN " + response
      if (Upper(line.substr(0, 10)) != "AUTH PLAIN") {
        reply = "504 only PLAIN\r\n";
      } else {
        if (initial.empty()) {
          if (!SendAll(fd, "334 \r\n") || !read_line(initial)) return;
        }
        auth = DecodeBase64(initial);
        reply = "235 2.7.0 authenticated\r\n";
      }
    } else if (cmd == "MAIL") {
      std::lock_guard lock(mu_);
      if (reject_next_mail_ > 0) {
        --reject_next_mail_;
        reply = "451 4.3.0 try again later\r\n";
      } else {
        current = ReceivedMail{};
        current.mail_from = Between(line, '<', '>');
        current.auth = auth;
        reply = "250 2.1.0 ok\r\n";
      }
    } else if (cmd == "RCPT") {
      const std::string to = Between(line, '<', '>');
      std::lock_guard lock(mu_);
      if (rejected_rcpt_.contains(to)) {
        reply = "550 5.1.1 no such mailbox\r\n";
      } else {
        current.rcpt.push_back(to);
        reply = "250 2.1.5 ok\r\n";
      }
    } else if (cmd == "DATA") {
      if (!SendAll(fd, "354 end with <CRLF>.<CRLF>\r\n")) return;
      std::string data, l;
      for (;;) {
        if (!read_line(l)) return;
        if (l == ".") break;
        if (!l.empty() && l[0] == '.') l.erase(0, 1);
        data += l + "\r\n";
      }
      current.data = data;
      {
        std::lock_guard lock(mu_);
        mails_.push_back(current);
      }
      cv_.notify_all();
      reply = "250 2.0.0 queued\r\n";
    } else if (cmd == "RSET") {
      current = ReceivedMail{};
      reply = "250 ok\r\n";
    } else if (cmd == "QUIT") {
      SendAll(fd, "221 bye\r\n");
      return;
    } else {
      reply = "502 5.5.2 not implemented\r\n";
    }
    if (!SendAll(fd, reply)) return;
  }
}

void FakeSmtpServer::RejectNextMail(int count) {
  std::lock_guard lock(mu_);
  reject_next_mail_ = count;
}

void FakeSmtpServer::RejectRecipient(const std::string& addr) {
  std::lock_guard lock(mu_);
  rejected_rcpt_.insert(addr);
}

std::vector<ReceivedMail> FakeSmtpServer::Mails() const {
  std::lock_guard lock(mu_);
  return mails_;
}

std::vector<std::string> FakeSmtpServer::Commands() const {
  std::lock_guard lock(mu_);
  return commands_;
}

bool FakeSmtpServer::WaitForMails(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return mails_.size() >= n; });
}

bool FakeSmtpServer::WaitForConnections(int n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return connections_ >= n; });
}

std::string DecodeBase64(const std::string& in) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0, acc = 0;
  for (char c : in) {
    const auto v = kAlphabet.find(c);
    if (v == std::string::npos) continue;  // padding, line breaks
    acc = ((acc << 6) | static_cast<int>(v)) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

std::string MailHeader(const std::string& message, const std::string& name) {
  const std::string head = message.substr(0, message.find("\r\n\r\n") + 2);
  const std::string want = Upper(name) + ":";
  size_t pos = 0;
  while (pos < head.size()) {
    auto eol = head.find("\r\n", pos);
    if (eol == std::string::npos) break;
    std::string line = head.substr(pos, eol - pos);
    pos = eol + 2;
    if (Upper(line.substr(0, want.size())) != want) continue;
    std::string value = line.substr(want.size());
    while (pos < head.size() && (head[pos] == ' ' || head[pos] == '\t')) {  // folded continuation
      eol = head.find("\r\n", pos);
      value += head.substr(pos, eol - pos);
      pos = eol + 2;
    }
    const auto start = value.find_first_not_of(' ');
    return start == std::string::npos ? "" : value.substr(start);
  }
  return "";
}

std::string DecodeHeaderWords(const std::string& value) {
  std::string out;
  size_t pos = 0;
  while (pos < value.size()) {
    const auto start = value.find("=?", pos);
    if (start == std::string::npos) {
      out += value.substr(pos);
      break;
    }
    std::string between = value.substr(pos, start - pos);
    if (between.find_first_not_of(" \t\r\n") != std::string::npos) out += between;  // whitespace between words goes
    const std::string prefix = "=?UTF-8?B?";
    if (Upper(value.substr(start, prefix.size())) != prefix) return out + value.substr(start);
    const auto end = value.find("?=", start + prefix.size());
    if (end == std::string::npos) return out + value.substr(start);
    out += DecodeBase64(value.substr(start + prefix.size(), end - start - prefix.size()));
    pos = end + 2;
  }
  return out;
}

std::string DecodedBody(const std::string& message) {
  const auto split = message.find("\r\n\r\n");
  return split == std::string::npos ? "" : DecodeBase64(message.substr(split + 4));
}

}  // namespace sciweek::test
