#pragma once
// A loopback SMTP server for the reminder-mail suite: listens on 127.0.0.1, port 0, and
// speaks just enough ESMTP (EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT) to
// take mail from libcurl, recording every command and message. It can refuse the next MAIL
// with a 451 (a transient failure), refuse some recipients with a 550, or stall: accept
// connections and never greet (a server that hangs mid-delivery). No STARTTLS.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace sciweek::test {

struct ReceivedMail {
  std::string mail_from;          // the address inside MAIL FROM:<…>
  std::vector<std::string> rcpt;  // the addresses inside RCPT TO:<…>
  std::string data;               // the message as sent (dot-unstuffed, CRLF)
  std::string auth;               // the decoded AUTH PLAIN credentials ("\0user\0password"), if any
};

class FakeSmtpServer {
 public:
  enum class Mode { kAnswer, kStall };
  explicit FakeSmtpServer(Mode mode = Mode::kAnswer);  // throws std::runtime_error
  ~FakeSmtpServer();
  FakeSmtpServer(const FakeSmtpServer&) = delete;
  FakeSmtpServer& operator=(const FakeSmtpServer&) = delete;

  unsigned short port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  void RejectNextMail(int count);                 // 451 to the next `count` MAIL FROM
  void RejectRecipient(const std::string& addr);  // 550 to RCPT TO:<addr>

  std::vector<ReceivedMail> Mails() const;
  std::vector<std::string> Commands() const;  // every line clients sent outside DATA
  int connections() const { return connections_; }
  // Waits until `n` mails (or connections) have arrived; false on timeout.
  bool WaitForMails(size_t n, std::chrono::milliseconds timeout) const;
  bool WaitForConnections(int n, std::chrono::milliseconds timeout) const;

 private:
  void AcceptLoop();
  void Serve(int fd);

  Mode mode_;
  int listen_fd_ = -1;
  unsigned short port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  int reject_next_mail_ = 0;
  std::set<std::string> rejected_rcpt_;
  std::vector<ReceivedMail> mails_;
  std::vector<std::string> commands_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

// Test-side decoders, independent of the server's code.
std::string DecodeBase64(const std::string& in);
// A header's value with folding removed, "" when absent (first occurrence, name case-insensitive).
std::string MailHeader(const std::string& message, const std::string& name);
// Concatenated RFC 2047 "=?UTF-8?B?…?=" words (plain text passes through).
std::string DecodeHeaderWords(const std::string& value);
// The body after the blank line, base64-decoded.
std::string DecodedBody(const std::string& message);

}  // namespace sciweek::test
