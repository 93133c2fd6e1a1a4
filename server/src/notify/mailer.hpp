#pragma once
// Mailer — hands one finished message (notify/mime.hpp) to a mail server. The service's
// delivery worker sees only this (SmsSender, notify/sms_sender.hpp, answers the same way); app/ wires in SmtpMailer
// (libcurl) when SMTP is configured.
#include <atomic>
#include <string>

namespace sciweek::notify {

struct SendResult {
  bool ok = false;
  bool permanent = false;   // the server refused for good (5xx): retrying will not help
  bool cancelled = false;   // `stop` turned true mid-way: not an attempt
  std::string error;        // why not, for the chase log (ASCII, one line)
  std::string provider_id;  // the provider's id of the message, when it gives one (SMS)
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Blocks for at most the mailer's timeout, and returns soon after `stop` turns true.
  virtual SendResult Send(const std::string& from_address, const std::string& to_address, const std::string& message,
                          const std::atomic<bool>& stop) = 0;
};

}  // namespace sciweek::notify
