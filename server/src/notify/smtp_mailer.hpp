#pragma once
// Mail through an SMTP server with libcurl: implicit TLS (smtps://) or STARTTLS, AUTH with
// whatever mechanism the server offers, certificate checks against the system's CAs (or
// ca_file). See docs/decisions/0005-smtp-with-libcurl.md for why not our own SMTP client.
#include <string>

#include "notify/mailer.hpp"

namespace sciweek::notify {

enum class StartTls {
  kAuto,     // smtp:// — use STARTTLS when offered; required when a user is set (no cleartext AUTH)
  kRequire,  // refuse to send unless STARTTLS succeeds
  kNever,    // plain SMTP (a relay on loopback)
};

struct SmtpConfig {
  std::string url;  // smtp://host[:port] or smtps://host[:port]
  std::string user;
  std::string password;
  StartTls starttls = StartTls::kAuto;
  std::string ca_file;       // PEM bundle; empty: the system's
  int timeout_seconds = 60;  // one whole delivery
};

// Empty when usable, else the reason (for the operator, in English like other CLI errors).
std::string CheckSmtpConfig(const SmtpConfig& config);

class SmtpMailer : public Mailer {
 public:
  explicit SmtpMailer(SmtpConfig config);  // initialises libcurl once (call before threads)
  SendResult Send(const std::string& from_address, const std::string& to_address, const std::string& message,
                  const std::atomic<bool>& stop) override;
  // "smtp://mail.example.org.cn:587, STARTTLS required, user kjz" — never the password.
  std::string Describe() const;

 private:
  SmtpConfig config_;
};

}  // namespace sciweek::notify
