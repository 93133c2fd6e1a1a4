#include "app/cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/commands.hpp"
#include "core/logging.hpp"
#include "media/probe_sandbox.hpp"

namespace sciweek::app {
namespace {

// "127.0.0.1:8080" → host and port; false when malformed.
bool SplitListen(const std::string& listen, std::string& host, unsigned short& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string p = listen.substr(colon + 1);
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
  const long v = std::stol(p);
  if (v > 65535) return false;
  port = static_cast<unsigned short>(v);
  return true;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"sciweek — 北京科技周活动与统计报送平台"};
  app.require_subcommand(1);
  app.fallthrough();  // --db and --log-level may come after the command too
  app.set_help_all_flag("--help-all", "Show help for every command");

  CommonOptions common;
  app.add_option("--db", common.db, "Database: sqlite:PATH or postgresql://…")
      ->envname("SCIWEEK_DB")
      ->capture_default_str();
  app.add_option("--log-level", common.log_level, "trace|debug|info|warn|error")
      ->envname("SCIWEEK_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();

  ServeOptions serve;
  std::string listen = "127.0.0.1:8080";
  auto* serve_cmd = app.add_subcommand("serve", "Migrate the database and serve HTTP");
  serve_cmd->add_option("--listen", listen, "HOST:PORT to listen on (port 0: any free port)")
      ->envname("SCIWEEK_LISTEN")
      ->capture_default_str();
  serve_cmd->add_option("--data-dir", serve.data_dir, "Folder for uploads")
      ->envname("SCIWEEK_DATA_DIR")
      ->capture_default_str();
  const auto files_check = CLI::IsMember({"auto", "database", "folder"});
  serve_cmd
      ->add_option("--files", serve.files,
                   "Where uploads live: database (PostgreSQL; any node serves any file), folder (--data-dir, "
                   "one node or a shared volume), auto (database on PostgreSQL, else folder)")
      ->envname("SCIWEEK_FILES")
      ->check(files_check)
      ->capture_default_str();
  serve_cmd->add_option("--web-dir", serve.http.web_dir, "Built front end to serve (empty: none)")
      ->envname("SCIWEEK_WEB_DIR")
      ->capture_default_str();
  serve_cmd->add_option("--threads", serve.io_threads, "I/O threads")
      ->envname("SCIWEEK_THREADS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve_cmd
      ->add_option("--pin-io-threads", serve.pin_io_threads,
                   "Pin each I/O thread to a CPU of its own and serve a connection on the thread of the CPU its "
                   "packets arrive on (with 2 or more --threads, no more than the CPUs)")
      ->envname("SCIWEEK_PIN_IO_THREADS")
      ->capture_default_str();
  serve_cmd->add_option("--workers", serve.workers, "Handler worker threads (and database connections)")
      ->envname("SCIWEEK_WORKERS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve_cmd->add_option("--port-file", serve.port_file, "Write the bound port to this file")
      ->envname("SCIWEEK_PORT_FILE");
  serve_cmd->add_option("--session-idle-seconds", serve.auth.idle_seconds, "Idle expiry of a login session")
      ->envname("SCIWEEK_SESSION_IDLE_SECONDS")
      ->check(CLI::Range(1, 30 * 86400))
      ->capture_default_str();
  serve_cmd->add_option("--session-absolute-seconds", serve.auth.absolute_seconds, "Absolute expiry of a login session")
      ->envname("SCIWEEK_SESSION_ABSOLUTE_SECONDS")
      ->check(CLI::Range(1, 90 * 86400))
      ->capture_default_str();
  serve_cmd->add_flag("--secure-cookies", serve.http.secure_cookies, "Mark cookies Secure (serve behind TLS)")
      ->envname("SCIWEEK_SECURE_COOKIES");
  size_t max_upload_mb = 500;
  serve_cmd->add_option("--max-upload-mb", max_upload_mb, "Largest accepted upload (videos), in MB")
      ->envname("SCIWEEK_MAX_UPLOAD_MB")
      ->check(CLI::Range(1, 20000))
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-connections", serve.max_connections, "Open connections at most (0: from the open-file limit)")
      ->envname("SCIWEEK_MAX_CONNECTIONS")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-connections-per-address", serve.max_connections_per_address,
                   "Open connections per client address (0: no limit; not applied with --trust-proxy)")
      ->envname("SCIWEEK_MAX_CONNECTIONS_PER_ADDRESS")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  serve_cmd->add_option("--max-uploads", serve.max_uploads, "Uploads in progress at once, in total")
      ->envname("SCIWEEK_MAX_UPLOADS")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  serve_cmd->add_option("--max-uploads-per-user", serve.max_uploads_per_user, "Uploads in progress at once per account")
      ->envname("SCIWEEK_MAX_UPLOADS_PER_USER")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  serve_cmd->add_option("--min-free-disk-mb", serve.min_free_disk_mb, "Free disk an upload must leave, in MB")
      ->envname("SCIWEEK_MIN_FREE_DISK_MB")
      ->check(CLI::Range(0, 10000000))
      ->capture_default_str();
  serve_cmd->add_flag("--trust-proxy", serve.http.trust_proxy, "Take client addresses from X-Forwarded-For")
      ->envname("SCIWEEK_TRUST_PROXY");
  serve_cmd
      ->add_option("--metrics-token", serve.http.metrics_token,
                   "Bearer token Prometheus sends to read /metrics (prefer SCIWEEK_METRICS_TOKEN: argv is public)")
      ->envname("SCIWEEK_METRICS_TOKEN")
      ->check([](const std::string& t) {
        return t.size() >= 16 && t.size() <= 256 ? std::string() : std::string("must be 16 to 256 characters");
      });
  serve_cmd
      ->add_option("--reserve-rate-per-ip", serve.reservation_limits.per_ip_per_minute,
                   "Public reservation requests per client address per minute (0: no limit)")
      ->envname("SCIWEEK_RESERVE_RATE_PER_IP")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  serve_cmd
      ->add_option("--reserve-rate-per-phone", serve.reservation_limits.per_phone_per_day,
                   "Reservations per phone number per 24 hours (0: no limit)")
      ->envname("SCIWEEK_RESERVE_RATE_PER_PHONE")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  serve_cmd
      ->add_option("--offer-sweep-seconds", serve.offer_sweep_seconds,
                   "How often expired waiting-list offers pass to the next in line")
      ->envname("SCIWEEK_OFFER_SWEEP_SECONDS")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  // Reminders by e-mail (off unless --smtp-url is given). The password comes only from the
  // environment: the command line is visible to every user in ps.
  serve_cmd
      ->add_option("--smtp-url", serve.smtp.url,
                   "Mail reminders via smtp://HOST:PORT or smtps://HOST:PORT (empty: off)")
      ->envname("SCIWEEK_SMTP_URL")
      ->group("E-mail");
  serve_cmd->add_option("--smtp-user", serve.smtp.user, "SMTP login (password: SCIWEEK_SMTP_PASSWORD)")
      ->envname("SCIWEEK_SMTP_USER")
      ->group("E-mail");
  std::string smtp_password_flag;
  serve_cmd->add_option("--smtp-password", smtp_password_flag, "Not accepted: set SCIWEEK_SMTP_PASSWORD")->group("");
  serve_cmd->add_option("--smtp-from", serve.smtp_from, "Sender, e.g. '北京科技周 <kejizhou@example.org.cn>'")
      ->envname("SCIWEEK_SMTP_FROM")
      ->group("E-mail");
  std::string starttls = "auto";
  serve_cmd
      ->add_option("--smtp-starttls", starttls,
                   "smtp:// only: auto (when offered; required with --smtp-user), require, never")
      ->envname("SCIWEEK_SMTP_STARTTLS")
      ->check(CLI::IsMember({"auto", "require", "never"}))
      ->capture_default_str()
      ->group("E-mail");
  serve_cmd
      ->add_option("--smtp-ca-file", serve.smtp.ca_file, "PEM CA bundle to verify the server (default: the system's)")
      ->envname("SCIWEEK_SMTP_CA_FILE")
      ->check(CLI::ExistingFile)
      ->group("E-mail");
  serve_cmd->add_option("--smtp-timeout-seconds", serve.smtp.timeout_seconds, "Longest one delivery may take")
      ->envname("SCIWEEK_SMTP_TIMEOUT_SECONDS")
      ->check(CLI::Range(1, 600))
      ->capture_default_str()
      ->group("E-mail");
  serve_cmd->add_option("--smtp-max-attempts", serve.smtp_max_attempts, "Attempts per mail before it is marked failed")
      ->envname("SCIWEEK_SMTP_MAX_ATTEMPTS")
      ->check(CLI::Range(1, 20))
      ->capture_default_str()
      ->group("E-mail");
  serve_cmd
      ->add_option("--smtp-retry-seconds", serve.smtp_retry_seconds,
                   "Wait before the first retry; doubles after each failure (at most 1 h)")
      ->envname("SCIWEEK_SMTP_RETRY_SECONDS")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str()
      ->group("E-mail");

  // Messages to visitors by SMS (decision 0015; off by default). Secrets come only from the
  // environment: SCIWEEK_SMS_WEBHOOK_SECRET, SCIWEEK_SMS_ALIYUN_ACCESS_KEY_SECRET.
  serve_cmd
      ->add_option("--sms-provider", serve.sms_provider,
                   "Messages to visitors: off, log (log only, for development), webhook, aliyun (阿里云短信)")
      ->envname("SCIWEEK_SMS_PROVIDER")
      ->check(CLI::IsMember({"off", "log", "webhook", "aliyun"}))
      ->capture_default_str()
      ->group("SMS");
  serve_cmd
      ->add_option("--sms-endpoint", serve.sms_endpoint,
                   "webhook: the URL messages are POSTed to; aliyun: the API endpoint (default "
                   "https://dysmsapi.aliyuncs.com/)")
      ->envname("SCIWEEK_SMS_ENDPOINT")
      ->group("SMS");
  serve_cmd
      ->add_option("--sms-aliyun-access-key-id", serve.sms_aliyun.access_key_id,
                   "aliyun: AccessKeyId (the secret: SCIWEEK_SMS_ALIYUN_ACCESS_KEY_SECRET)")
      ->envname("SCIWEEK_SMS_ALIYUN_ACCESS_KEY_ID")
      ->group("SMS");
  serve_cmd->add_option("--sms-sign-name", serve.sms_aliyun.sign_name, "aliyun: the registered 签名, e.g. 北京科技周")
      ->envname("SCIWEEK_SMS_SIGN_NAME")
      ->group("SMS");
  serve_cmd
      ->add_option("--sms-template", serve.sms_templates,
                   "KIND=TEMPLATE_ID, once per kind (e.g. confirmed=SMS_123456); default: the kind's name")
      ->envname("SCIWEEK_SMS_TEMPLATES")
      ->delimiter(',')
      ->group("SMS");
  serve_cmd
      ->add_option("--public-base-url", serve.public_base_url,
                   "Where visitors reach the site, e.g. https://kejizhou.example.org.cn (ticket links in messages)")
      ->envname("SCIWEEK_PUBLIC_BASE_URL")
      ->group("SMS");
  serve_cmd
      ->add_option("--sms-timeout-seconds", serve.sms_timeout_seconds, "Longest one request to the gateway may take")
      ->envname("SCIWEEK_SMS_TIMEOUT_SECONDS")
      ->check(CLI::Range(1, 120))
      ->capture_default_str()
      ->group("SMS");
  serve_cmd
      ->add_option("--sms-max-attempts", serve.sms_delivery.max_attempts, "Attempts per message before it is failed")
      ->envname("SCIWEEK_SMS_MAX_ATTEMPTS")
      ->check(CLI::Range(1, 20))
      ->capture_default_str()
      ->group("SMS");
  serve_cmd
      ->add_option("--sms-retry-seconds", serve.sms_delivery.retry_seconds,
                   "Wait before the first retry; doubles after each failure (at most 1 h)")
      ->envname("SCIWEEK_SMS_RETRY_SECONDS")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str()
      ->group("SMS");
  serve_cmd
      ->add_option("--sms-per-phone-per-hour", serve.sms_delivery.per_phone_per_hour,
                   "Messages per phone per rolling hour; more wait (0: no limit)")
      ->envname("SCIWEEK_SMS_PER_PHONE_PER_HOUR")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str()
      ->group("SMS");
  serve_cmd
      ->add_option("--sms-per-second", serve.sms_delivery.per_second,
                   "Messages per second from this node (0: no limit)")
      ->envname("SCIWEEK_SMS_PER_SECOND")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str()
      ->group("SMS");
  serve_cmd
      ->add_option("--sms-code-resend-seconds", serve.sms_code_resend_seconds,
                   "Seconds a phone waits between two verification codes")
      ->envname("SCIWEEK_SMS_CODE_RESEND_SECONDS")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str()
      ->group("SMS");
  serve_cmd
      ->add_option("--sms-reminder-hour", serve.sms_reminder_hour,
                   "Day-before reminders go out from this hour of the day before (Beijing time)")
      ->envname("SCIWEEK_SMS_REMINDER_HOUR")
      ->check(CLI::Range(0, 23))
      ->capture_default_str()
      ->group("SMS");
  serve_cmd
      ->add_option("--sms-reminder-sweep-seconds", serve.sms_reminder_sweep_seconds,
                   "How often each server looks for day-before reminders to queue")
      ->envname("SCIWEEK_SMS_REMINDER_SWEEP_SECONDS")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str()
      ->group("SMS");
  serve_cmd
      ->add_flag("--visitor-email", serve.visitor_email,
                 "Also e-mail visitors who left an address with their reservation (needs --smtp-url)")
      ->envname("SCIWEEK_VISITOR_EMAIL")
      ->group("SMS");
  std::string sms_secret_flag;
  serve_cmd->add_option("--sms-secret", sms_secret_flag, "Not accepted: use the environment")->group("");

  // Uploads are parsed by a child process under these limits (docs/decisions/0008).
  serve_cmd
      ->add_option("--media-probe-cpu-seconds", serve.media_probe.cpu_seconds,
                   "CPU seconds one upload check may use (RLIMIT_CPU)")
      ->envname("SCIWEEK_MEDIA_PROBE_CPU_SECONDS")
      ->check(CLI::Range(1, 600))
      ->capture_default_str()
      ->group("Upload checks");
  serve_cmd
      ->add_option("--media-probe-memory-mb", serve.media_probe.memory_mb,
                   "Address space of one upload check, in MB (RLIMIT_AS)")
      ->envname("SCIWEEK_MEDIA_PROBE_MEMORY_MB")
      ->check(CLI::Range(64, 65536))
      ->capture_default_str()
      ->group("Upload checks");
  serve_cmd
      ->add_option("--media-probe-timeout-ms", serve.media_probe.timeout_ms,
                   "Wall-clock limit of one upload check, and of the wait for a free slot")
      ->envname("SCIWEEK_MEDIA_PROBE_TIMEOUT_MS")
      ->check(CLI::Range(1, 600000))
      ->capture_default_str()
      ->group("Upload checks");
  serve_cmd
      ->add_option("--media-probe-concurrency", serve.media_probe.max_concurrent,
                   "Upload checks running at once; more uploads wait for a slot")
      ->envname("SCIWEEK_MEDIA_PROBE_CONCURRENCY")
      ->check(CLI::Range(1, 64))
      ->capture_default_str()
      ->group("Upload checks");

  // Hidden: the server re-executes itself with this to parse an upload in a limited child.
  auto* probe_cmd = app.add_subcommand("probe-media", "")->group("");
  std::string probe_file;
  probe_cmd->add_option("--file", probe_file, "The upload to probe")->required();

  auto* migrate_cmd = app.add_subcommand("migrate", "Apply pending database migrations");

  auto* demo_cmd = app.add_subcommand("demo", "Load demo data (idempotent)");
  std::string demo_password;
  demo_cmd->add_option("--password", demo_password, "Not accepted: set SCIWEEK_DEMO_PASSWORD")->group("");
  DemoOptions demo;
  demo_cmd->add_option("--data-dir", demo.data_dir, "The server's data folder (the season's uploads go there)")
      ->envname("SCIWEEK_DATA_DIR")
      ->capture_default_str();
  demo_cmd->add_option("--files", demo.files, "Where the season's uploads go, as serve's --files")
      ->envname("SCIWEEK_FILES")
      ->check(files_check)
      ->capture_default_str();
  demo_cmd->add_flag("--reference-only", demo.reference_only,
                     "Only the units, accounts and the 2023 campaign: no current season");

  auto* user_cmd = app.add_subcommand("user", "Manage accounts (passwords are read from stdin)");
  user_cmd->require_subcommand(1);
  UserOptions user;
  auto* user_add = user_cmd->add_subcommand("add", "Create an account");
  user_add->add_option("--login", user.login, "Login name")->envname("SCIWEEK_USER_LOGIN")->required();
  user_add->add_option("--name", user.name, "Display name")->envname("SCIWEEK_USER_NAME")->required();
  user_add->add_option("--role", user.role, "admin|reviewer|reporter|checkin")
      ->envname("SCIWEEK_USER_ROLE")
      ->required()
      ->check(CLI::IsMember({"admin", "reviewer", "reporter", "checkin"}));
  user_add->add_option("--org", user.org, "Org unit code")->envname("SCIWEEK_USER_ORG")->required();
  auto* user_passwd = user_cmd->add_subcommand("passwd", "Set an account's password");
  user_passwd->add_option("--login", user.login, "Login name")->envname("SCIWEEK_USER_LOGIN")->required();
  auto* user_disable = user_cmd->add_subcommand("disable", "Disable an account and end its sessions");
  user_disable->add_option("--login", user.login, "Login name")->envname("SCIWEEK_USER_LOGIN")->required();

  auto* export_cmd = app.add_subcommand("export", "Write a campaign's summary workbook or CSV offline");
  ExportOptions exp;
  export_cmd->add_option("--campaign", exp.year, "Campaign year")
      ->envname("SCIWEEK_EXPORT_CAMPAIGN")
      ->required()
      ->check(CLI::Range(2000, 2100));
  export_cmd->add_option("--format", exp.format, "xlsx|csv")
      ->envname("SCIWEEK_EXPORT_FORMAT")
      ->required()
      ->check(CLI::IsMember({"xlsx", "csv"}));
  export_cmd->add_option("--out", exp.out, "Destination file")->envname("SCIWEEK_EXPORT_OUT")->required();

  auto* backup_cmd = app.add_subcommand("backup", "Consistent online copy of a SQLite database");
  std::string backup_out;
  backup_cmd->add_option("--out", backup_out, "Destination file (must not exist)")
      ->envname("SCIWEEK_BACKUP_OUT")
      ->required();

  auto* purge_cmd = app.add_subcommand(
      "purge", "Erase visitors' names and phones past each campaign's personal_data_days (the server does it hourly)");
  bool purge_dry_run = false;
  purge_cmd->add_flag("--dry-run", purge_dry_run, "Only show how many reservations of which campaigns would be erased");

  auto* files_cmd = app.add_subcommand("files", "Move uploads between the data folder and the database");
  files_cmd->require_subcommand(1);
  FilesOptions files;
  auto* files_to_db = files_cmd->add_subcommand("to-database", "Copy every file of the data folder into PostgreSQL");
  auto* files_to_folder =
      files_cmd->add_subcommand("to-folder", "Copy every file kept in PostgreSQL into the data folder");
  for (auto* c : {files_to_db, files_to_folder})
    c->add_option("--data-dir", files.data_dir, "The data folder (its files/ holds the uploads)")
        ->envname("SCIWEEK_DATA_DIR")
        ->capture_default_str();

  auto* tallies_cmd = app.add_subcommand("tallies", "The running totals of the reports (the organizer's totals)");
  tallies_cmd->require_subcommand(1);
  auto* tallies_check = tallies_cmd->add_subcommand(
      "check", "Compare them with the plain sum over every report; exit 1 and list the rows that differ");
  auto* tallies_rebuild = tallies_cmd->add_subcommand(
      "rebuild", "Recompute them from the reports (after reports were loaded around the server)");

  auto* keys_cmd = app.add_subcommand("keys", "Ticket signing keys (kept outside the database)");
  keys_cmd->require_subcommand(1);
  KeysOptions keys;
  auto* keys_list = keys_cmd->add_subcommand("list", "Show the ticket keys and their state");
  auto* keys_rotate = keys_cmd->add_subcommand(
      "rotate", "Make a new signing key; the old one verifies until its tickets' campaign ends");
  for (auto* c : {keys_list, keys_rotate})
    c->add_option("--data-dir", keys.data_dir, "Data folder holding keys/ (ignored when SCIWEEK_TICKET_KEYS is set)")
        ->envname("SCIWEEK_DATA_DIR")
        ->capture_default_str();
  keys_rotate->add_flag("--retire-now", keys.retire_now,
                        "The old key is compromised: its tickets stop verifying now and its secret is deleted");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 complains about the missing command before an unknown flag; name the flag.
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (a.rfind('-', 0) != 0) break;
      const std::string name = a.substr(0, a.find('='));
      if (name != "--db" && name != "--log-level" && name != "--help" && name != "-h" && name != "--help-all") {
        std::cerr << "sciweek: unknown option " << name << " (see --help)\n";
        return 2;
      }
      if (a.find('=') == std::string::npos && (name == "--db" || name == "--log-level")) ++i;
    }
    std::cerr << "sciweek: " << e.what() << " (see --help)\n";
    return 2;
  }
  if (!demo_password.empty()) {
    std::cerr << "sciweek: passwords are never taken from the command line; set SCIWEEK_DEMO_PASSWORD\n";
    return 2;
  }
  if (!sms_secret_flag.empty()) {
    std::cerr << "sciweek: secrets are never taken from the command line; set SCIWEEK_SMS_WEBHOOK_SECRET or "
                 "SCIWEEK_SMS_ALIYUN_ACCESS_KEY_SECRET\n";
    return 2;
  }
  if (!smtp_password_flag.empty()) {
    std::cerr << "sciweek: passwords are never taken from the command line; set SCIWEEK_SMTP_PASSWORD\n";
    return 2;
  }

  if (*probe_cmd) return media::RunProbeChild(probe_file);  // stdout is the report: no logging set up
  core::InitLogging(common.log_level);
  if (*serve_cmd) {
    if (!SplitListen(listen, serve.host, serve.port)) {
      std::cerr << "sciweek: --listen must be HOST:PORT, got '" << listen << "'\n";
      return 2;
    }
    serve.http.max_upload_bytes = max_upload_mb << 20;
    serve.smtp.starttls = starttls == "require" ? notify::StartTls::kRequire
                          : starttls == "never" ? notify::StartTls::kNever
                                                : notify::StartTls::kAuto;
    if (const char* pw = std::getenv("SCIWEEK_SMTP_PASSWORD")) serve.smtp.password = pw;
    if (const char* k = std::getenv("SCIWEEK_SMS_WEBHOOK_SECRET")) serve.sms_webhook.secret = k;
    if (const char* k = std::getenv("SCIWEEK_SMS_ALIYUN_ACCESS_KEY_SECRET")) serve.sms_aliyun.access_key_secret = k;
    return Serve(common, serve);
  }
  if (*migrate_cmd) return MigrateCommand(common);
  if (*demo_cmd) return DemoCommand(common, demo);
  if (*user_add) return UserAddCommand(common, user);
  if (*user_passwd) return UserPasswdCommand(common, user);
  if (*user_disable) return UserDisableCommand(common, user);
  if (*backup_cmd) return BackupCommand(common, backup_out);
  if (*purge_cmd) return PurgeCommand(common, purge_dry_run);
  if (*export_cmd) return ExportCommand(common, exp);
  if (*files_to_db || *files_to_folder) {
    files.to_database = files_to_db->parsed();
    return FilesCopyCommand(common, files);
  }
  if (*tallies_check) return TalliesCommand(common, false);
  if (*tallies_rebuild) return TalliesCommand(common, true);
  if (*keys_list) return KeysListCommand(keys);
  if (*keys_rotate) return KeysRotateCommand(common, keys);
  return 2;
}

}  // namespace sciweek::app
