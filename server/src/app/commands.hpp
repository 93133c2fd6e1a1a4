#pragma once
// The CLI commands' bodies; each returns an exit code.
#include <string>

#include <vector>
#include "http/services.hpp"
#include "media/probe_sandbox.hpp"
#include "notify/http_post.hpp"
#include "notify/http_sms.hpp"
#include "notify/smtp_mailer.hpp"
#include "service/accounts/auth_service.hpp"
#include "service/visitors/visitor_delivery.hpp"

namespace sciweek::app {

struct CommonOptions {
  std::string db = "sqlite:data/sciweek.db";
  std::string log_level = "info";
};

struct ServeOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::string data_dir = "data";
  std::string files = "auto";  // where uploads live: auto | database | folder (service/support/file_store.hpp)
  std::string port_file;
  size_t io_threads = 2;
  bool pin_io_threads = true;  // http::ServerOptions::pin_io_threads
  size_t workers = 8;
  http::HttpConfig http;
  service::AuthConfig auth;
  service::ReservationLimits reservation_limits;
  int offer_sweep_seconds = 30;  // how often expired waiting-list offers pass to the next in line
  // Connection and upload caps (http::ServerOptions says what each means).
  size_t max_connections = 0;
  size_t max_connections_per_address = 256;
  size_t max_uploads = 16;
  size_t max_uploads_per_user = 2;
  unsigned long long min_free_disk_mb = 1024;
  // Reminders by e-mail: off while smtp.url is empty.
  notify::SmtpConfig smtp;
  std::string smtp_from;  // "北京科技周 <kjz@example.org.cn>" or a bare address
  int smtp_max_attempts = 5;
  int smtp_retry_seconds = 60;
  media::ProbeSettings media_probe;  // limits of the child that parses uploads (decision 0008)
  // Messages to visitors (decision 0015): off | log | webhook | aliyun.
  std::string sms_provider = "off";
  std::string sms_endpoint;  // the webhook's URL, or the Aliyun endpoint
  notify::WebhookSmsConfig sms_webhook;
  notify::AliyunSmsConfig sms_aliyun;
  std::vector<std::string> sms_templates;  // "kind=template id"
  std::string public_base_url;             // the ticket links' start
  int sms_timeout_seconds = 15;
  bool visitor_email = false;            // messages by e-mail too, to visitors who left an address (needs SMTP)
  int sms_reminder_hour = 10;            // day-before reminders go out from this hour (Shanghai)
  int sms_code_resend_seconds = 60;      // between two SMS codes to one phone
  int sms_reminder_sweep_seconds = 300;  // how often each server looks for reminders to enqueue
  service::VisitorDeliverySettings sms_delivery;
};

struct UserOptions {
  std::string login, name, role, org;
};

int Serve(const CommonOptions& common, const ServeOptions& options);
int MigrateCommand(const CommonOptions& common);
struct DemoOptions {
  std::string data_dir = "data";  // the same default as serve's
  std::string files = "auto";     // the same setting as serve's
  bool reference_only = false;    // for tests that create this year's campaign themselves
};
int DemoCommand(const CommonOptions& common, const DemoOptions& o);
int UserAddCommand(const CommonOptions& common, const UserOptions& user);
int UserPasswdCommand(const CommonOptions& common, const UserOptions& user);
int UserDisableCommand(const CommonOptions& common, const UserOptions& user);
int BackupCommand(const CommonOptions& common, const std::string& out);
// Erases visitors' personal data past each campaign's erasure date (dry_run: only says what).
int PurgeCommand(const CommonOptions& common, bool dry_run);

struct ExportOptions {
  int year = 0;
  std::string format;
  std::string out;
};
int ExportCommand(const CommonOptions& common, const ExportOptions& options);

// `sciweek files to-database` / `to-folder`: copy every upload between the data folder and
// the database (PostgreSQL), e.g. when a shared folder gives way to files in the database.
struct FilesOptions {
  std::string data_dir = "data";
  bool to_database = true;
};
int FilesCopyCommand(const CommonOptions& common, const FilesOptions& options);

struct KeysOptions {
  std::string data_dir = "data";
  bool retire_now = false;  // the old key is believed stolen: its tickets stop verifying now
};
// `sciweek tallies check|rebuild` (store/report_tallies.hpp).
int TalliesCommand(const CommonOptions& common, bool rebuild);
int KeysListCommand(const KeysOptions& options);
int KeysRotateCommand(const CommonOptions& common, const KeysOptions& options);

}  // namespace sciweek::app
