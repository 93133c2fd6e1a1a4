// The route table of the real server (every endpoint of docs/api.md) matched against a
// fuzzed method and decoded path. Properties: a match has a literal segment wherever the
// pattern has one, each {param} is one non-empty segment (never a '/'), and the pattern
// with its parameters filled in is the path.
#include "http/dispatcher.hpp"
#include "http/request_target.hpp"
#include "service/reservations/ticket_signer.hpp"
#include "service/support/file_store.hpp"
#include "support/fuzz_support.hpp"
#include "support/temp_db.hpp"

namespace {

using namespace sciweek;

// The services only have to exist: Find never calls a handler.
const http::Dispatcher& Dispatcher() {
  static const http::Dispatcher* dispatcher = [] {
    store::Db& db = fuzz::TempDb();
    const std::string dir = fuzz::ScratchDir();
    auto* auth = new service::AuthService(db, {});
    auto* orgs = new service::OrgService(db);
    auto* users = new service::UserService(db);
    auto* campaigns = new service::CampaignService(db);
    auto* audit = new service::AuditService(db);
    auto* reports = new service::ReportService(db);
    auto* oversight = new service::OversightService(db);
    auto* files = new service::FileStore(db, dir + "/files", service::FileHome::kDirectory);
    auto* materials = new service::MaterialService(db, *files);
    auto* exports = new service::ExportService(db, dir + "/tmp");
    auto* catalog = new service::PublicCatalog(db);
    auto* signer = new service::TicketSigner(service::TicketKeySourceFor(dir));
    auto* activities = new service::ActivityService(db, *files, *catalog);
    auto* reservations = new service::ReservationService(db, *signer, *catalog, {});
    auto* checkins = new service::CheckinService(db, *signer);
    auto* documents = new service::OrgDocumentService(db, *files);
    auto* health = new service::HealthService(db);
    auto* visitor_messages = new service::VisitorMessages();
    auto* messages = new service::VisitorMessageService(db, *visitor_messages);
    auto* report_import = new service::ReportImportService(db);
    auto* data_key = new service::DataKey(service::DataKey::ForTesting("fuzz"));
    auto* verification = new service::PhoneVerification(db, *data_key, *visitor_messages);
    auto* services = new http::Services{
        *health,    *auth,      *orgs,          *users,        *campaigns,        *audit,    *reports,
        *oversight, *materials, *exports,       *activities,   *reservations,     *checkins, *catalog,
        *documents, *messages,  *report_import, *verification, http::HttpConfig{}};
    return new http::Dispatcher(*services);
  }();
  return *dispatcher;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input = fuzz::AsString(data, size);
  static const char* kMethods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", ""};
  const std::string method = kMethods[fuzz::TakeSelector(input) % 8];
  const std::string path = http::PathOfTarget(input);

  const auto& d = Dispatcher();
  const auto match = d.router().Find(method, path);
  d.BodyFor(method, input);
  if (!match.route) return 0;
  FUZZ_CHECK(!match.method_mismatch, "a match is not a mismatch");
  // Writing the pattern back with its parameters filled in gives the path again.
  std::string rebuilt;
  for (const auto& p : match.route->segments) {
    rebuilt += '/';
    if (p.size() > 2 && p.front() == '{') {
      const auto it = match.params.find(p.substr(1, p.size() - 2));
      FUZZ_CHECK(it != match.params.end(), "every parameter of the pattern is set");
      FUZZ_CHECK(!it->second.empty() && it->second.find('/') == std::string::npos, "a parameter is one segment");
      rebuilt += it->second;
    } else {
      rebuilt += p;
    }
  }
  FUZZ_CHECK(rebuilt == path, "the pattern with its parameters is the path");
  return 0;
}
