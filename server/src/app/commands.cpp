#include "app/commands.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "app/demo_data.hpp"
#include "app/demo_season.hpp"
#include "app/heap_tuning.hpp"
#include "core/logging.hpp"
#include "http/dispatcher.hpp"
#include "http/server.hpp"
#include "service/accounts/user_service.hpp"
#include "service/activities/activity_service.hpp"
#include "service/activities/public_catalog.hpp"
#include "service/audit/audit_service.hpp"
#include "service/campaigns/campaign_service.hpp"
#include "service/reporting/export_service.hpp"
#include "service/reporting/material_service.hpp"
#include "service/reporting/oversight_service.hpp"
#include "service/reporting/reminder_delivery.hpp"
#include "service/reporting/report_service.hpp"
#include "service/reservations/checkin_service.hpp"
#include "service/reservations/reservation_service.hpp"
#include "service/reservations/ticket_key_rotation.hpp"
#include "service/reservations/ticket_signer.hpp"
#include "service/support/file_store.hpp"
#include "service/units/org_document_service.hpp"
#include "service/units/org_service.hpp"
#include "service/visitors/data_key.hpp"
#include "service/visitors/personal_data_purge.hpp"
#include "service/visitors/phone_verification.hpp"
#include "service/visitors/visitor_delivery.hpp"
#include "service/visitors/visitor_message_service.hpp"
#include "store/migrations.hpp"
#include "store/report_tallies.hpp"

namespace sciweek::app {
namespace {

// Opens and migrates the database, or prints why not and returns null.
std::unique_ptr<store::Db> OpenDb(const CommonOptions& common, size_t pool) {
  auto db = store::Db::Open(common.db, pool);
  if (!db) {
    std::cerr << "sciweek: " << db.error().message << ": " << db.error().internal << "\n";
    return nullptr;
  }
  auto applied = store::Migrate(**db);
  if (!applied) {
    std::cerr << "sciweek: migration failed: " << applied.error().internal << "\n";
    return nullptr;
  }
  return std::move(db.value());
}

// Reads one password line from stdin (never argv, which other users can see in ps).
std::string ReadPassword() {
  std::string pw;
  std::getline(std::cin, pw);
  if (!pw.empty() && pw.back() == '\r') pw.pop_back();
  return pw;
}

// The SMS adapter the flags ask for, or null with the reason printed ("off" is not an error:
// `off` leaves *off true).
std::unique_ptr<notify::SmsSender> MakeSmsSender(const ServeOptions& o, bool& off) {
  off = o.sms_provider == "off";
  if (off) return nullptr;
  if (o.sms_provider != "log" && o.public_base_url.empty()) {
    std::cerr << "sciweek: --sms-provider=" << o.sms_provider
              << " needs --public-base-url (the ticket links visitors receive)\n";
    return nullptr;
  }
  if (o.sms_provider == "log") return std::make_unique<notify::LogSmsSender>();
  if (o.sms_provider == "webhook") {
    if (auto why = notify::CheckHttpUrl(o.sms_endpoint, "--sms-endpoint"); !why.empty()) {
      std::cerr << "sciweek: " << why << "\n";
      return nullptr;
    }
    auto c = o.sms_webhook;
    c.url = o.sms_endpoint;
    c.timeout_seconds = o.sms_timeout_seconds;
    return std::make_unique<notify::WebhookSmsSender>(c);
  }
  auto c = o.sms_aliyun;
  if (!o.sms_endpoint.empty()) c.endpoint = o.sms_endpoint;
  c.timeout_seconds = o.sms_timeout_seconds;
  if (auto why = notify::CheckAliyunConfig(c); !why.empty()) {
    std::cerr << "sciweek: " << why << "\n";
    return nullptr;
  }
  return std::make_unique<notify::AliyunSmsSender>(c);
}

// "--sms-template confirmed=SMS_123456" → the map of template ids; false (printed) when bad.
bool ParseTemplates(const std::vector<std::string>& specs, std::map<domain::MessageKind, std::string>& out) {
  for (const auto& spec : specs) {
    const auto eq = spec.find('=');
    const auto kind = eq == std::string::npos ? std::nullopt : domain::ParseMessageKind(spec.substr(0, eq));
    if (!kind || eq + 1 >= spec.size()) {
      std::cerr << "sciweek: --sms-template wants KIND=TEMPLATE_ID with KIND one of confirmed, offered, "
                   "offer_expired, lottery_won, lottery_lost, session_changed, session_cancelled, reminder, "
                   "staff_notice, verification_code; got '"
                << spec << "'\n";
      return false;
    }
    out[*kind] = spec.substr(eq + 1);
  }
  return true;
}

// The file store the --files setting asks for, or nullptr after saying why (exit code 2).
std::unique_ptr<service::FileStore> OpenFiles(store::Db& db, const std::string& data_dir, const std::string& setting) {
  auto home = service::ChooseFileHome(setting, db.dialect());
  if (!home) {
    std::cerr << "sciweek: " << home.error().message << "\n";
    return nullptr;
  }
  return std::make_unique<service::FileStore>(db, data_dir + "/files", *home);
}

int Report(const core::Error& e) {
  std::cerr << "sciweek: " << e.message;
  for (const auto& d : e.details) std::cerr << "; " << d.field << ": " << d.message;
  std::cerr << "\n";
  return 1;
}

}  // namespace

int Serve(const CommonOptions& common, const ServeOptions& o) {
  TuneHeapForServing();
  // SMTP settings are checked before anything is opened: a typo should not start a server
  // that silently mails nobody.
  std::optional<notify::Mailbox> mail_from;
  if (!o.smtp.url.empty()) {
    if (auto why = notify::CheckSmtpConfig(o.smtp); !why.empty()) {
      std::cerr << "sciweek: " << why << "\n";
      return 2;
    }
    mail_from = notify::ParseMailbox(o.smtp_from);
    if (!mail_from) {
      std::cerr << "sciweek: --smtp-url needs --smtp-from with a plain address, e.g. "
                   "'北京科技周 <kejizhou@example.org.cn>'\n";
      return 2;
    }
  }
  // The same for SMS: a wrong key or URL refuses to start.
  bool sms_off = true;
  auto sms = MakeSmsSender(o, sms_off);
  if (!sms && !sms_off) return 2;
  if (o.visitor_email && !mail_from) {
    std::cerr << "sciweek: --visitor-email needs --smtp-url and --smtp-from\n";
    return 2;
  }
  service::VisitorMessageSettings message_settings;
  message_settings.sms = sms != nullptr;
  message_settings.email = o.visitor_email;
  message_settings.public_base_url = o.public_base_url;
  if (!ParseTemplates(o.sms_templates, message_settings.templates)) return 2;
  // One connection more for each worker.
  auto db = OpenDb(common, o.workers + 1 + (mail_from ? 1 : 0) + (message_settings.sms || o.visitor_email ? 1 : 0));
  if (!db) return 1;
  std::unique_ptr<notify::SmtpMailer> mailer;
  std::unique_ptr<service::ReminderDelivery> delivery;
  if (mail_from) {
    mailer = std::make_unique<notify::SmtpMailer>(o.smtp);
    service::DeliverySettings ds;
    ds.from = *mail_from;
    ds.max_attempts = o.smtp_max_attempts;
    ds.retry_seconds = o.smtp_retry_seconds;
    ds.claim_seconds = 2 * o.smtp.timeout_seconds;  // a claim outlives any one send
    delivery = std::make_unique<service::ReminderDelivery>(*db, *mailer, ds);
    spdlog::info("reminders are mailed via {} from {}", mailer->Describe(), mail_from->address);
  }
  service::VisitorMessages visitor_messages(message_settings);
  std::unique_ptr<service::VisitorDelivery> visitor_delivery;
  if (visitor_messages.enabled()) {
    auto ds = o.sms_delivery;
    // A claim outlives any one send.
    ds.claim_seconds = 2 * std::max(o.sms_timeout_seconds, o.visitor_email ? o.smtp.timeout_seconds : 0) + 10;
    visitor_delivery = std::make_unique<service::VisitorDelivery>(
        *db, sms.get(), o.visitor_email ? mailer.get() : nullptr, mail_from.value_or(notify::Mailbox{}), ds);
    visitor_messages.SetWaker([d = visitor_delivery.get()] { d->Wake(); });
    if (sms) spdlog::info("visitor messages go by SMS via {}", sms->Describe());
    if (o.visitor_email) spdlog::info("visitor messages go by e-mail too, to visitors who left an address");
  }
  media::ConfigureProbes(o.media_probe);
  std::error_code ec;
  std::filesystem::create_directories(o.data_dir, ec);
  service::AuthService auth(*db, o.auth);
  service::OrgService orgs(*db);
  service::UserService users(*db);
  service::CampaignService campaigns(*db, visitor_messages.sms());
  service::AuditService audit(*db);
  service::ReportService reports(*db);
  service::OversightService oversight(*db, delivery.get());
  auto file_store = OpenFiles(*db, o.data_dir, o.files);
  if (!file_store) return 2;
  service::FileStore& files = *file_store;
  service::MaterialService materials(*db, files);
  service::ExportService exports(*db, o.data_dir + "/tmp", &files);
  service::PublicCatalog catalog(*db);
  // No key, or a key file others may read: refuse to start rather than sign with it.
  service::TicketSigner signer(service::TicketKeySourceFor(o.data_dir));
  if (auto keys = signer.Load(); !keys) {
    std::cerr << "sciweek: ticket keys: "
              << (keys.error().internal.empty() ? keys.error().message : keys.error().internal) << "\n";
    return 1;
  }
  // The data key (one-time codes' digests): like the ticket keys, never in the database.
  auto data_key = service::DataKey::Load(o.data_dir, true);
  if (!data_key) {
    std::cerr << "sciweek: data key: "
              << (data_key.error().internal.empty() ? data_key.error().message : data_key.error().internal) << "\n";
    return 1;
  }
  domain::CodePolicy code_policy;
  code_policy.resend_seconds = o.sms_code_resend_seconds;
  service::PhoneVerification verification(*db, *data_key, visitor_messages, code_policy);
  service::PersonalDataPurge purge(*db);
  service::ActivityService activities(*db, files, catalog, &visitor_messages);
  service::ReservationService reservations(*db, signer, catalog, o.reservation_limits, &visitor_messages, &verification,
                                           &*data_key);
  service::VisitorMessageService messages(*db, visitor_messages);
  service::CheckinService checkins(*db, signer);
  service::OrgDocumentService documents(*db, files);
  catalog.Rebuild();
  http::HttpConfig http_config = o.http;
  http_config.data_dir = o.data_dir;
  service::HealthService health(*db);
  service::ReportImportService report_import(*db);
  http::Services services{health,    auth,      orgs,          users,        campaigns,    audit,    reports,
                          oversight, materials, exports,       activities,   reservations, checkins, catalog,
                          documents, messages,  report_import, verification, http_config};
  http::Dispatcher dispatcher(services);
  http::ServerOptions so;
  so.host = o.host;
  so.port = o.port;
  so.io_threads = o.io_threads;
  so.pin_io_threads = o.pin_io_threads;
  // SQLite's writes are one thread's at a time: pinned I/O threads make room for it while it
  // is busy (decision 0037). PostgreSQL's batches are per session, in parallel, and mostly wait
  // on the network: pinning measured as fast or faster there (decision 0034).
  if (db->dialect() == store::Dialect::kSqlite) so.writer_busy = [&db] { return db->GroupCommitStats().running; };
  so.workers = o.workers;
  so.trust_proxy = o.http.trust_proxy;
  so.upload_dir = o.data_dir + "/files/tmp";
  so.max_connections = o.max_connections;
  so.max_connections_per_address = o.max_connections_per_address;
  so.max_uploads = o.max_uploads;
  so.max_uploads_per_user = o.max_uploads_per_user;
  so.min_free_disk_bytes = o.min_free_disk_mb << 20;
  std::filesystem::create_directories(so.upload_dir, ec);
  http::Server server(dispatcher, so);
  unsigned short port = 0;
  try {
    port = server.Listen();
  } catch (const std::exception& e) {
    std::cerr << "sciweek: cannot listen on " << o.host << ":" << o.port << ": " << e.what() << "\n";
    return 1;
  }
  if (!o.port_file.empty()) {
    // Written whole then renamed, so a reader never sees a half-written number.
    const std::string tmp = o.port_file + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::filesystem::rename(tmp, o.port_file, ec);
  }
  const std::string shown_host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  spdlog::info("sciweek listening on http://{}:{} (database {})", shown_host, port,
               db->dialect() == store::Dialect::kSqlite ? "SQLite" : "PostgreSQL");
  // Background upkeep: the calendar follows other processes' changes within a second, and
  // waiting-list offers past their time go to the next in line (every --offer-sweep-seconds).
  // The calendar is refreshed twice a second on fixed deadlines (not a sleep after the work),
  // so another node's reservation shows here within 1 s whatever a refresh costs
  // (make cluster-proof measures it); everything else runs once a second.
  std::jthread ticker([&](const std::stop_token& stop) {
    std::mutex mu;
    std::condition_variable_any cv;
    constexpr auto kBeat = std::chrono::milliseconds(500);
    auto next = std::chrono::steady_clock::now();
    for (long long beat = 0; !stop.stop_requested(); ++beat) {
      next = std::max(next + kBeat, std::chrono::steady_clock::now());  // late: start again, no burst
      std::unique_lock lock(mu);
      cv.wait_until(lock, stop, next, [] { return false; });
      if (stop.stop_requested()) break;
      const long long tick = beat / 2;  // seconds
      try {
        catalog.Tick();
        if (beat % 2 == 1) continue;
        if (tick % 5 == 0) signer.Refresh();  // keys rotated by `sciweek keys rotate`
        if (tick % 10 == 0) ReturnFreeHeap();
        if (tick % o.offer_sweep_seconds == 0) reservations.SweepExpiredOffers(core::Now());
        if (tick % 600 == 0) verification.Sweep(core::Now());  // codes past a day are not counted
        if (tick % 3600 == 0) {  // files no row uses any more; visitors' data past its erasure date
          auto swept = files.SweepDatabase(core::Now());
          if (!swept) spdlog::warn("sweeping unused files failed: {}", swept.error().internal);
          if (swept && !swept->empty()) spdlog::info("{} unused files removed from the database", swept->size());
          auto purged = purge.Run(service::Ctx::Console(), false);
          if (!purged) spdlog::warn("personal data purge failed: {}", purged.error().internal);
          for (const auto& c : purged ? purged->campaigns : std::vector<service::ExpiredCampaign>{})
            if (c.reservations > 0)
              spdlog::info("personal data of {} reservations of {} erased", c.reservations, c.year);
        }
        if (visitor_messages.enabled() && tick % o.sms_reminder_sweep_seconds == 0)
          messages.EnqueueReminders(core::Now(), o.sms_reminder_hour);
      } catch (const std::exception& e) {
        spdlog::warn("background upkeep failed: {}", e.what());
      }
    }
  });
  if (delivery) delivery->Start();  // picks up whatever an earlier process left pending
  if (visitor_delivery) visitor_delivery->Start();
  server.Run();
  ticker.request_stop();
  if (delivery) delivery->Stop();
  if (visitor_delivery) visitor_delivery->Stop();
  return 0;
}

int FilesCopyCommand(const CommonOptions& common, const FilesOptions& o) {
  auto db = OpenDb(common, 1);
  if (!db) return 1;
  auto files = OpenFiles(*db, o.data_dir, "database");
  if (!files) return 2;
  auto r = o.to_database ? files->CopyFolderToDatabase() : files->CopyDatabaseToFolder();
  if (!r) return Report(r.error());
  std::cout << "files copied " << (o.to_database ? "into the database" : "into " + o.data_dir + "/files") << ": "
            << r->copied << " (" << r->bytes << " bytes), " << r->already << " there already, " << r->failed.size()
            << " failed\n";
  for (const auto& f : r->failed) std::cerr << "  " << f << "\n";
  return r->failed.empty() ? 0 : 1;
}

int MigrateCommand(const CommonOptions& common) {
  auto db = OpenDb(common, 1);
  if (!db) return 1;
  std::cout << "database is up to date\n";
  return 0;
}

int DemoCommand(const CommonOptions& common, const DemoOptions& o) {
  auto db = OpenDb(common, 1);
  if (!db) return 1;
  const char* env = std::getenv("SCIWEEK_DEMO_PASSWORD");
  const std::string password = env && *env ? env : kDefaultDemoPassword;
  auto r = LoadDemoData(*db, password);
  if (!r) return Report(r.error());
  std::cout << "demo data: " << r->orgs_added << " units, " << r->users_added << " accounts added"
            << (r->campaign_added ? ", campaign 2023 added" : "")
            << (r->activities_added ? ", " + std::to_string(r->activities_added) + " sample activities" : "") << "\n";
  if (o.reference_only) return 0;
  auto files = OpenFiles(*db, o.data_dir, o.files);
  if (!files) return 2;
  auto season = AddLivingSeason(*db, *files, core::Now());
  if (!season) return Report(season.error());
  if (season->year)
    std::cout << "season " << season->year << " added: week " << season->start_date << " to " << season->end_date
              << ", " << season->activities << " published activities, " << season->reports << " reports filed\n";
  return 0;
}

int UserAddCommand(const CommonOptions& common, const UserOptions& u) {
  auto db = OpenDb(common, 1);
  if (!db) return 1;
  service::UserService users(*db);
  domain::User user{0, u.login, u.name, *domain::ParseRole(u.role), u.org, false};
  auto r = users.Create(service::Ctx::Console(), user, ReadPassword());
  if (!r) return Report(r.error());
  std::cout << "user " << u.login << " created\n";
  return 0;
}

int UserPasswdCommand(const CommonOptions& common, const UserOptions& u) {
  auto db = OpenDb(common, 1);
  if (!db) return 1;
  service::UserService users(*db);
  auto r = users.ResetPassword(service::Ctx::Console(), u.login, ReadPassword());
  if (!r) return Report(r.error());
  std::cout << "password of " << u.login << " set; its sessions were ended\n";
  return 0;
}

int UserDisableCommand(const CommonOptions& common, const UserOptions& u) {
  auto db = OpenDb(common, 1);
  if (!db) return 1;
  service::UserService users(*db);
  service::UserChange change;
  change.disabled = true;
  auto r = users.Update(service::Ctx::Console(), u.login, change);
  if (!r) return Report(r.error());
  std::cout << "user " << u.login << " disabled\n";
  return 0;
}

int BackupCommand(const CommonOptions& common, const std::string& out) {
  auto db = OpenDb(common, 1);
  if (!db) return 1;
  auto r = db->BackupTo(out);
  if (!r) return Report(r.error());
  std::cout << "backup written to " << out << "\n";
  return 0;
}

int PurgeCommand(const CommonOptions& common, bool dry_run) {
  auto db = OpenDb(common, 1);
  if (!db) return 1;
  service::PersonalDataPurge purge(*db);
  auto r = purge.Run(service::Ctx::Console(), dry_run);
  if (!r) return Report(r.error());
  if (r->campaigns.empty()) std::cout << "no campaign is past its erasure date\n";
  for (const auto& c : r->campaigns)
    std::cout << c.year << " (erasure date " << c.erasure_date << "): " << c.reservations << " reservation"
              << (c.reservations == 1 ? "" : "s") << (dry_run ? " would be erased" : " erased") << "\n";
  return 0;
}

int TalliesCommand(const CommonOptions& common, bool rebuild) {
  auto db = OpenDb(common, 1);
  if (!db) return 1;
  auto run = [&](store::Tx& tx) -> core::Result<std::vector<std::string>> {
    if (rebuild) store::ReportTallies::Rebuild(tx);
    return store::ReportTallies::Differences(tx);
  };
  auto r = rebuild ? db->Write<std::vector<std::string>>(run) : db->Read<std::vector<std::string>>(run);
  if (!r) return Report(r.error());
  for (const auto& d : *r) std::cout << d << "\n";
  if (!r->empty()) {
    std::cout << r->size() << " tally rows differ from the reports (sciweek tallies rebuild recomputes them)\n";
    return 1;
  }
  std::cout << (rebuild ? "tallies rebuilt; " : "") << "the tallies equal the plain sum over the reports\n";
  return 0;
}

int KeysListCommand(const KeysOptions& o) {
  auto source = service::TicketKeySourceFor(o.data_dir);
  auto ring = service::LoadTicketKeys(source, false);
  if (!ring) return Report(ring.error());
  const auto now = core::Now();
  std::cout << "ticket keys in " << source.Describe() << ":\n";
  for (const auto& k : ring->all()) {
    std::string state = "not retired (the next rotation retires it)";
    if (&k == &ring->signing()) state = "signing";
    else if (k.verify_until)
      state = (k.VerifiesAt(now) ? "verifies until " : "expired ") + core::FormatShanghai(*k.verify_until);
    std::cout << k.kid << "  " << state << "  public_key " << k.public_key
              << (k.secret_key.empty() ? "  (secret deleted)" : "") << "\n";
  }
  return 0;
}

int KeysRotateCommand(const CommonOptions& common, const KeysOptions& o) {
  auto db = OpenDb(common, 1);
  if (!db) return 1;
  auto source = service::TicketKeySourceFor(o.data_dir);
  auto r = service::RotateTicketKey(*db, source, o.retire_now, core::Now());
  if (!r) return Report(r.error());
  std::cout << "new signing key " << r->fresh.kid << "; " << r->retired.kid
            << (o.retire_now
                    ? " no longer verifies (its secret is deleted)"
                    : " verifies the tickets it signed until " + core::FormatShanghai(*r->retired.verify_until))
            << "\n";
  if (source.from_env) std::cout << "set SCIWEEK_TICKET_KEYS on every node to:\n" << r->env_value << "\n";
  else
    std::cout << "running servers pick the new key up within 5 seconds; back up " << source.dir
              << " (not in the database backup)\n";
  return 0;
}

int ExportCommand(const CommonOptions& common, const ExportOptions& o) {
  auto db = OpenDb(common, 1);
  if (!db) return 1;
  service::ExportService exports(*db, std::filesystem::temp_directory_path().string());
  auto ctx = service::Ctx::Console();
  auto r = o.format == "xlsx" ? exports.SummaryXlsx(ctx, o.year, o.out) : exports.SummaryCsv(ctx, o.year, o.out);
  if (!r) return Report(r.error());
  std::cout << "exported campaign " << o.year << " to " << o.out << "\n";
  return 0;
}

}  // namespace sciweek::app
