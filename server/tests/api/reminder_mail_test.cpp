// Reminders by e-mail (issue 3 §5): the real server mails each chased unit through a
// loopback fake SMTP server after the reminder is committed, records each delivery in the
// chase log, retries transient failures with backoff, gives up on permanent ones, never
// sends credentials without TLS, never fails the reminder itself, and does not lose a
// pending mail when the server is killed mid-delivery.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "support/fake_smtp.hpp"
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

using namespace std::chrono_literals;

const std::string kFrom = "北京科技周组委会 <kejizhou@example.org.cn>";
const std::string kReminders = "/api/v1/campaigns/2023/reminders";

// serve's SMTP flags: quick retries for the test, with `more` replacing or adding flags.
std::vector<std::string> SmtpArgs(const std::string& url, const std::map<std::string, std::string>& more = {}) {
  std::map<std::string, std::string> flags{{"--smtp-url", url},
                                           {"--smtp-from", kFrom},
                                           {"--smtp-retry-seconds", "1"},
                                           {"--smtp-max-attempts", "3"},
                                           {"--smtp-timeout-seconds", "10"}};
  for (const auto& [k, v] : more) flags[k] = v;
  std::vector<std::string> args;
  for (const auto& [k, v] : flags) args.insert(args.end(), {k, v});
  return args;
}

// The newest chase-log row of a unit in 2023, once `done` holds for it (polled for 30 s).
nlohmann::json WaitForRow(HttpClient& c, const std::string& org,
                          const std::function<bool(const nlohmann::json&)>& done) {
  nlohmann::json last;
  const auto until = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < until) {
    auto r = c.Get(kReminders + "?org_code=" + org);
    if (r.status == 200 && !r.json()["items"].empty()) {
      last = r.json()["items"][0];
      if (done(last)) return last;
    }
    std::this_thread::sleep_for(100ms);
  }
  ADD_FAILURE() << "chase log of " << org << " never reached the expected state; last: " << last.dump();
  return last;
}

bool Settled(const nlohmann::json& row) {
  const std::string st = row["email"]["status"];
  return st != "pending" && st != "sending";
}

// A loopback port nobody listens on.
unsigned short ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0) << std::strerror(errno);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

void SetEmail(HttpClient& admin, const std::string& org, const std::string& email) {
  auto o = admin.Get("/api/v1/orgs/" + org).json();
  o["contact_email"] = email;
  auto r = admin.Put("/api/v1/orgs/" + org, o);
  ASSERT_EQ(r.status, 200) << r;
}

// One server mailing through one fake SMTP server that wants AUTH PLAIN (no TLS on loopback:
// --smtp-starttls never is the operator saying so).
class ReminderMailTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    try {
      smtp_ = std::make_unique<FakeSmtpServer>();
      ServerOptions o;
      o.serve_args = SmtpArgs(smtp_->url(), {{"--smtp-user", "kjz-sender"}, {"--smtp-starttls", "never"}});
      o.env = {{"SCIWEEK_SMTP_PASSWORD", "Mail#Secret2023"}};
      server_ = std::make_unique<TestServer>(o);
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  static void TearDownTestSuite() {
    server_.reset();
    smtp_.reset();
  }

 protected:
  void SetUp() override { ASSERT_TRUE(server_) << error_; }
  static HttpClient Admin() { return server_->LoginAs("admin"); }
  static std::vector<ReceivedMail> MailsTo(const std::string& addr) {
    std::vector<ReceivedMail> out;
    for (auto& m : smtp_->Mails())
      if (m.rcpt == std::vector<std::string>{addr}) out.push_back(m);
    return out;
  }

  static inline std::unique_ptr<FakeSmtpServer> smtp_;
  static inline std::unique_ptr<TestServer> server_;
  static inline std::string error_;
};

TEST_F(ReminderMailTest, EveryChasedUnitWithAnAddressGetsOneMailInChinese) {
  auto admin = Admin();
  SetEmail(admin, "110102", "");  // 西城区 has no address
  const std::string message = "请于本周五前提交科技周活动开展情况统计表";
  const auto before = smtp_->Mails().size();
  auto r = admin.Post(kReminders, {{"message", message}, {"org_codes", {"110101", "pku", "skx", "110102"}}});
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.json()["sent"], 4);

  const std::map<std::string, std::string> expected = {
      {"110101", "东城区"}, {"pku", "北京大学"}, {"skx", "北京市科学技术协会"}};
  for (const auto& [org, name] : expected) {
    auto row = WaitForRow(admin, org, Settled);
    EXPECT_EQ(row["email"]["status"], "sent") << row.dump();
    EXPECT_EQ(row["email"]["status_label"], "已发送");
    EXPECT_EQ(row["email"]["to"], org + "@example.org.cn");
    EXPECT_EQ(row["email"]["attempts"], 1);
    EXPECT_TRUE(row["email"]["error"].is_null());
    EXPECT_TRUE(row["email"]["sent_at"].is_string());
    EXPECT_EQ(row["message"], message);
  }
  auto none = WaitForRow(admin, "110102", Settled);
  EXPECT_EQ(none["email"]["status"], "no_address") << none.dump();
  EXPECT_TRUE(none["email"]["to"].is_null());

  ASSERT_EQ(smtp_->Mails().size(), before + 3) << "one mail per unit with an address, none for 110102";
  for (const auto& [org, name] : expected) {
    const auto mails = MailsTo(org + "@example.org.cn");
    ASSERT_EQ(mails.size(), 1u) << org;
    const auto& m = mails[0];
    EXPECT_EQ(m.mail_from, "kejizhou@example.org.cn");
    EXPECT_EQ(m.auth, std::string("\0kjz-sender\0Mail#Secret2023", 27)) << "AUTH PLAIN with the configured login";
    const std::string to = MailHeader(m.data, "To");
    EXPECT_NE(to.find("<" + org + "@example.org.cn>"), std::string::npos) << to;
    EXPECT_EQ(DecodeHeaderWords(to.substr(0, to.find(" <"))), name);
    EXPECT_EQ(DecodeHeaderWords(MailHeader(m.data, "Subject")), "【2023年北京科技周】统计表催报提醒");
    EXPECT_EQ(DecodeHeaderWords(MailHeader(m.data, "From")), "北京科技周组委会 <kejizhou@example.org.cn>");
    EXPECT_FALSE(MailHeader(m.data, "Date").empty());
    EXPECT_NE(MailHeader(m.data, "Message-ID").find("@example.org.cn>"), std::string::npos);
    EXPECT_EQ(MailHeader(m.data, "Content-Type"), "text/plain; charset=UTF-8");
    const std::string body = DecodedBody(m.data);
    EXPECT_EQ(body.rfind(name, 0), 0u) << body;
    EXPECT_NE(body.find(message), std::string::npos) << body;
    EXPECT_NE(body.find("报送截止时间：2023年6月12日 18:00（北京时间）"), std::string::npos) << body;
  }
  // Distinct Message-IDs.
  std::set<std::string> ids;
  for (const auto& m : smtp_->Mails()) ids.insert(MailHeader(m.data, "Message-ID"));
  EXPECT_EQ(ids.size(), smtp_->Mails().size());
}

TEST_F(ReminderMailTest, ATransientRefusalIsRetriedAndThenSent) {
  auto admin = Admin();
  smtp_->RejectNextMail(1);
  auto r = admin.Post(kReminders, {{"org_codes", {"110105"}}});
  ASSERT_EQ(r.status, 201) << r;
  auto row = WaitForRow(admin, "110105", Settled);
  EXPECT_EQ(row["email"]["status"], "sent") << row.dump();
  EXPECT_EQ(row["email"]["attempts"], 2) << row.dump();
  EXPECT_EQ(MailsTo("110105@example.org.cn").size(), 1u);
}

TEST_F(ReminderMailTest, APermanentRefusalFailsAtOnceWithTheServersAnswer) {
  auto admin = Admin();
  SetEmail(admin, "110106", "bounce@example.org.cn");
  smtp_->RejectRecipient("bounce@example.org.cn");
  auto r = admin.Post(kReminders, {{"org_codes", {"110106"}}});
  ASSERT_EQ(r.status, 201) << r;
  auto row = WaitForRow(admin, "110106", Settled);
  EXPECT_EQ(row["email"]["status"], "failed") << row.dump();
  EXPECT_EQ(row["email"]["status_label"], "发送失败");
  EXPECT_EQ(row["email"]["attempts"], 1) << "a 5xx is not retried";
  EXPECT_NE(row["email"]["error"].get<std::string>().find("550"), std::string::npos) << row.dump();
}

TEST_F(ReminderMailTest, AUnitSeesTheDeliveryOfItsOwnReminders) {
  auto admin = Admin();
  ASSERT_EQ(admin.Post(kReminders, {{"org_codes", {"110107"}}}).status, 201);
  auto unit = server_->LoginAs("110107");
  auto row = WaitForRow(unit, "110107", Settled);
  EXPECT_EQ(row["email"]["status"], "sent") << row.dump();
}

// Servers with SMTP that does not work, or no SMTP at all: one server per test.
class ReminderMailFailureTest : public ::testing::Test {};

TEST_F(ReminderMailFailureTest, WithTheMailServerDownTheReminderStandsAndTheChaseLogShowsTheFailure) {
  ServerOptions o;
  o.serve_args = SmtpArgs("smtp://127.0.0.1:" + std::to_string(ClosedPort()), {{"--smtp-max-attempts", "2"}});
  TestServer server(o);
  auto admin = server.LoginAs("admin");
  const auto t0 = std::chrono::steady_clock::now();
  auto r = admin.Post(kReminders, {{"org_codes", {"110101", "pku"}}});
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s) << "mail never delays the request";
  EXPECT_EQ(r.json()["sent"], 2);
  auto row = WaitForRow(admin, "110101", Settled);
  EXPECT_EQ(row["email"]["status"], "failed") << row.dump();
  EXPECT_EQ(row["email"]["attempts"], 2) << "bounded: --smtp-max-attempts";
  EXPECT_FALSE(row["email"]["error"].get<std::string>().empty());
  EXPECT_EQ(row["message"], "请尽快填报并提交科技周活动开展情况统计表");
  auto completeness = admin.Get("/api/v1/campaigns/2023/completeness").json();
  for (const auto& u : completeness["units"])
    if (u["code"] == "110101") {
      EXPECT_EQ(u["reminders"], 1) << "the reminder itself is recorded";
      EXPECT_EQ(u["contact_email"], "110101@example.org.cn");
    }
}

TEST_F(ReminderMailFailureTest, CredentialsAreNeverSentWithoutTls) {
  FakeSmtpServer smtp;  // offers no STARTTLS
  ServerOptions o;
  o.serve_args = SmtpArgs(smtp.url(), {{"--smtp-user", "kjz-sender"}, {"--smtp-max-attempts", "1"}});
  o.env = {{"SCIWEEK_SMTP_PASSWORD", "Mail#Secret2023"}};
  TestServer server(o);
  auto admin = server.LoginAs("admin");
  ASSERT_EQ(admin.Post(kReminders, {{"org_codes", {"110101"}}}).status, 201);
  auto row = WaitForRow(admin, "110101", Settled);
  EXPECT_EQ(row["email"]["status"], "failed") << row.dump();
  EXPECT_NE(row["email"]["error"].get<std::string>().find("STARTTLS"), std::string::npos) << row.dump();
  for (const auto& c : smtp.Commands()) EXPECT_NE(c.rfind("AUTH", 0), 0u) << "sent " << c;
  EXPECT_TRUE(smtp.Mails().empty());
}

TEST_F(ReminderMailFailureTest, AMailPendingWhenTheServerIsKilledIsSentAfterTheRestart) {
  FakeSmtpServer hanging(FakeSmtpServer::Mode::kStall);
  ServerOptions first;
  first.serve_args = SmtpArgs(hanging.url(), {{"--smtp-timeout-seconds", "2"}});  // a claim lasts 4 s
  auto server = std::make_unique<TestServer>(first);
  auto db = server->shared_db();
  {
    auto admin = server->LoginAs("admin");
    ASSERT_EQ(admin.Post(kReminders, {{"org_codes", {"110101"}}}).status, 201);
  }
  ASSERT_TRUE(hanging.WaitForConnections(1, 10s)) << "the worker started delivering";
  server->Kill();  // SIGKILL mid-delivery: the mail was claimed, not sent

  FakeSmtpServer working;
  ServerOptions second;
  second.serve_args = SmtpArgs(working.url());
  TestServer restarted(db, second);
  EXPECT_TRUE(working.WaitForMails(1, 30s)) << restarted.LogTail();
  auto admin = restarted.LoginAs("admin");
  auto row = WaitForRow(admin, "110101", Settled);
  EXPECT_EQ(row["email"]["status"], "sent") << row.dump();
  EXPECT_EQ(row["email"]["attempts"], 2) << "the attempt lost with the killed server counts";
  ASSERT_EQ(working.Mails().size(), 1u);
  EXPECT_EQ(working.Mails()[0].rcpt, std::vector<std::string>{"110101@example.org.cn"});
}

// Each server that claims the mail dies mid-send (the SMTP server never answers): every such
// attempt counts, so the mail fails at --smtp-max-attempts instead of being sent again after
// every restart, and the server that finds the attempts spent gives up without sending.
TEST_F(ReminderMailFailureTest, AMailWhoseSendersKeepDyingFailsAtTheAttemptLimit) {
  FakeSmtpServer hanging(FakeSmtpServer::Mode::kStall);
  ServerOptions stalled;
  stalled.serve_args = SmtpArgs(hanging.url(), {{"--smtp-timeout-seconds", "2"}, {"--smtp-max-attempts", "2"}});
  auto first = std::make_unique<TestServer>(stalled);
  auto db = first->shared_db();
  {
    auto admin = first->LoginAs("admin");
    ASSERT_EQ(admin.Post(kReminders, {{"org_codes", {"110101"}}}).status, 201);
    auto row = WaitForRow(admin, "110101", [](const nlohmann::json& r) { return r["email"]["status"] == "sending"; });
    EXPECT_EQ(row["email"]["status_label"], "发送中") << row.dump();
  }
  ASSERT_TRUE(hanging.WaitForConnections(1, 10s)) << "the first server started delivering";
  first->Kill();
  // The next server takes the lapsed claim over and dies mid-send in its turn.
  auto second = std::make_unique<TestServer>(db, stalled);
  ASSERT_TRUE(hanging.WaitForConnections(2, 30s)) << second->LogTail();
  second->Kill();

  FakeSmtpServer working;
  ServerOptions third;
  third.serve_args = SmtpArgs(working.url(), {{"--smtp-max-attempts", "2"}});
  TestServer restarted(db, third);
  auto admin = restarted.LoginAs("admin");
  auto row = WaitForRow(admin, "110101", Settled);
  EXPECT_EQ(row["email"]["status"], "failed") << row.dump();
  EXPECT_EQ(row["email"]["attempts"], 2) << "two attempts, both lost: no third was made";
  EXPECT_FALSE(row["email"]["error"].get<std::string>().empty()) << row.dump();
  std::this_thread::sleep_for(1s);
  EXPECT_TRUE(working.Mails().empty()) << "not sent again once its attempts were spent";
}

TEST_F(ReminderMailFailureTest, WithoutSmtpRemindersAreRecordedAndNotMailed) {
  TestServer server;
  auto admin = server.LoginAs("admin");
  ASSERT_EQ(admin.Post(kReminders, {{"org_codes", {"110101"}}}).status, 201);
  auto rows = admin.Get(kReminders + "?org_code=110101").json()["items"];
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["email"]["status"], "off");
  EXPECT_TRUE(rows[0]["email"]["to"].is_null());
}

TEST_F(ReminderMailFailureTest, BadSmtpSettingsStopTheServerFromStarting) {
  TestDatabase db;
  auto no_from =
      RunSciweek({"serve", "--db", db.url(), "--listen", "127.0.0.1:0", "--smtp-url", "smtp://127.0.0.1:25"});
  EXPECT_EQ(no_from.exit_code, 2) << no_from.err;
  EXPECT_NE(no_from.err.find("--smtp-from"), std::string::npos) << no_from.err;
  auto scheme = RunSciweek({"serve", "--db", db.url(), "--listen", "127.0.0.1:0", "--smtp-url", "http://x.example.cn",
                            "--smtp-from", "kjz@example.org.cn"});
  EXPECT_EQ(scheme.exit_code, 2) << scheme.err;
  auto secret = RunSciweek({"serve", "--db", db.url(), "--smtp-password", "Mail#Secret2023"});
  EXPECT_EQ(secret.exit_code, 2) << secret.err;
  EXPECT_NE(secret.err.find("SCIWEEK_SMTP_PASSWORD"), std::string::npos) << secret.err;
  auto in_url = RunSciweek({"serve", "--db", db.url(), "--listen", "127.0.0.1:0", "--smtp-url",
                            "smtp://kjz:pw@127.0.0.1:25", "--smtp-from", "kjz@example.org.cn"});
  EXPECT_EQ(in_url.exit_code, 2) << in_url.err;
}

}  // namespace
}  // namespace sciweek::test
