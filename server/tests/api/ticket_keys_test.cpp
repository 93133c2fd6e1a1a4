// Ticket keys live outside the database (security issue 9, decision 0007): a server on the
// same database but without the key files cannot make a ticket the real one accepts; a key
// file others may read stops the server; `sciweek keys rotate` signs new tickets with a new
// kid while old tickets keep working, `--retire-now` ends a stolen key's tickets at once,
// and codes of an unknown kid are refused. On SQLite and PostgreSQL.
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/activities.hpp"
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string SecretOf(const std::string& key_file) {
  const std::string text = ReadAll(key_file);
  const auto at = text.find("secret_key: ");
  if (at == std::string::npos) return {};
  return text.substr(at + 12, text.find('\n', at) - at - 12);
}

class TicketKeysTest : public SharedServerTest {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    if (!server_) return;
    HttpClient admin = As("admin");
    year_ = CreateFutureCampaign(admin);
    auto r = admin.Post("/api/v1/users", {{"login", "tk-gate"},
                                          {"name", "海淀检票员"},
                                          {"role", "checkin"},
                                          {"org_code", "110108"},
                                          {"password", kDemoPassword}});
    if (r.status != 201) ADD_FAILURE() << r;
  }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    ASSERT_NE(year_, 0);
  }
  static std::string KeysDir(const TestServer& s = server()) { return s.db().dir() + "/data/keys"; }
  // A ticket of a fresh one-session activity of 海淀区: its code.
  static std::string NewTicket(const std::string& title, long long phone) {
    auto a = Publish(As("110108"), As("reviewer"), year_, ActivityBody(year_, title, 10));
    if (a.is_null()) return {};
    auto r = Reserve(Anonymous(), a["sessions"][0]["id"], TestPhone(phone));
    EXPECT_EQ(r.status, 201) << r;
    return r.status == 201 ? r.json()["code"].get<std::string>() : std::string();
  }
  static std::string Scan(HttpClient gate, const std::string& code) {
    auto r = gate.Post("/api/v1/checkin", {{"code", code}});
    EXPECT_EQ(r.status, 200) << r;
    return r.status == 200 ? r.json()["result"].get<std::string>() : std::string();
  }
  static ProcessResult Keys(const std::vector<std::string>& args) {
    std::vector<std::string> all{"keys"};
    all.insert(all.end(), args.begin(), args.end());
    all.insert(all.end(), {"--data-dir", server().db().dir() + "/data", "--db", server().db().url()});
    return RunSciweek(all);
  }
  // The running server re-reads its keys every 5 s: waits until it signs with `kid`.
  static bool WaitForSigningKid(const std::string& kid) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < until) {
      auto r = Anonymous().Get("/api/v1/public/ticket-key");
      if (r.status == 200 && r.json()["kid"] == kid) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return false;
  }
  static inline int year_ = 0;
};

TEST_F(TicketKeysTest, TheKeyIsAPrivateFileAndTheDatabaseHoldsNothingThatSigns) {
  const std::string code = NewTicket("密钥在库外", 8100);
  ASSERT_EQ(code.rfind("T2.k1.", 0), 0u) << code;
  const std::string file = KeysDir() + "/ticket-k1.key";
  struct stat st {};
  ASSERT_EQ(stat(file.c_str(), &st), 0) << file;
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "only the server's user reads the key";
  const std::string secret = SecretOf(file);
  ASSERT_EQ(secret.size(), 86u);
  if (server().db().backend() == Backend::kSqlite) {
    // The database file itself (and its write-ahead log) never held the secret.
    for (const std::string& f : {server().db().sqlite_path(), server().db().sqlite_path() + "-wal"})
      if (fs::exists(f)) {
        EXPECT_EQ(ReadAll(f).find(secret), std::string::npos) << f;
      }
  }
  // The proof on both databases: a server with this database but not the key files (a
  // stolen copy) has to bring a key of its own — here another installation's, through
  // SCIWEEK_TICKET_KEYS — and the real server refuses its tickets as forged.
  TestServer elsewhere;
  const std::string foreign = SecretOf(KeysDir(elsewhere) + "/ticket-k1.key");
  ASSERT_EQ(foreign.size(), 86u);
  ASSERT_NE(foreign, secret);
  TestServer thief(server().shared_db(), ServerOptions{{}, {{"SCIWEEK_TICKET_KEYS", "k1:" + foreign}}});
  auto a = Publish(As("110108"), As("reviewer"), year_, ActivityBody(year_, "伪造的票", 10));
  ASSERT_FALSE(a.is_null());
  auto forged = Reserve(thief.Client(), a["sessions"][0]["id"], TestPhone(8101));
  ASSERT_EQ(forged.status, 201) << forged;
  const std::string forged_code = forged.json()["code"];
  EXPECT_EQ(forged_code.rfind("T2.k1.", 0), 0u) << "same kid, different key";
  HttpClient gate = As("tk-gate");
  EXPECT_EQ(Scan(gate, forged_code), "unknown") << "signed without the real key: refused";
  EXPECT_EQ(Scan(gate, code), "ok") << "the real ticket passes";
}

TEST_F(TicketKeysTest, ServersOnOneDataDirectoryShareOneKey) {
  auto key_files = [] {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(KeysDir())) n += e.path().extension() == ".key";
    return n;
  };
  const size_t before = key_files();
  TestServer second(server().shared_db(), ServerOptions{});
  EXPECT_EQ(key_files(), before) << "the second process found the first one's key rather than making its own";
  auto a = Publish(As("110108"), As("reviewer"), year_, ActivityBody(year_, "两个进程", 10));
  ASSERT_FALSE(a.is_null());
  auto t = Reserve(second.Client(), a["sessions"][0]["id"], TestPhone(8200));
  ASSERT_EQ(t.status, 201) << t;
  EXPECT_EQ(Scan(As("tk-gate"), t.json()["code"]), "ok") << "issued by one process, accepted by the other";
}

TEST_F(TicketKeysTest, AKeyFileOthersMayReadStopsTheServer) {
  TestServer other;  // a database and data folder of its own
  const std::string file = KeysDir(other) + "/ticket-k1.key";
  ASSERT_TRUE(fs::exists(file));
  other.Stop();
  ASSERT_EQ(chmod(file.c_str(), 0644), 0);
  EXPECT_THROW(other.Start(), std::runtime_error);
  EXPECT_NE(other.LogTail().find("0600"), std::string::npos) << other.LogTail();
  ASSERT_EQ(chmod(file.c_str(), 0600), 0);
  EXPECT_NO_THROW(other.Start());
}

TEST_F(TicketKeysTest, RotationSignsWithANewKidAndOldTicketsStayValidUntilRetired) {
  const std::string before = NewTicket("轮换前的票", 8300);
  const std::string before2 = NewTicket("轮换前的票二", 8301);
  ASSERT_EQ(before.rfind("T2.k1.", 0), 0u) << before;
  auto r = Keys({"rotate"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("k2"), std::string::npos) << r.out;
  struct stat st {};
  ASSERT_EQ(stat((KeysDir() + "/ticket-k2.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_TRUE(WaitForSigningKid("k2"));
  auto keys = Anonymous().Get("/api/v1/public/ticket-key").json();
  ASSERT_EQ(keys["keys"].size(), 2u) << keys;
  EXPECT_EQ(keys["keys"][0]["kid"], "k2");
  EXPECT_EQ(keys["keys"][0]["signing"], true);
  EXPECT_EQ(keys["keys"][1]["kid"], "k1");
  EXPECT_EQ(keys["keys"][1]["signing"], false);
  EXPECT_FALSE(keys["keys"][1]["verify_until"].is_null()) << "an offline scanner knows until when k1 counts";

  const std::string after = NewTicket("轮换后的票", 8302);
  EXPECT_EQ(after.rfind("T2.k2.", 0), 0u) << "new tickets carry the new kid: " << after;
  HttpClient gate = As("tk-gate");
  EXPECT_EQ(Scan(gate, before), "ok") << "a ticket signed before the rotation still enters";
  // Its holder now sees it re-issued under the new key.
  auto fresh = GetTicket(Anonymous(), before2, TestPhone(8301));
  ASSERT_EQ(fresh.status, 200) << fresh;
  EXPECT_EQ(fresh.json()["code"].get<std::string>().rfind("T2.k2.", 0), 0u);

  // A kid nobody has is refused, whatever the rest says.
  std::string unknown = after;
  unknown.replace(3, 2, "k9");
  EXPECT_EQ(Scan(gate, unknown), "unknown");

  // k2 believed stolen: retired at once, its tickets refused; the new k3 signs.
  auto stolen = Keys({"rotate", "--retire-now"});
  ASSERT_EQ(stolen.exit_code, 0) << stolen.out << stolen.err;
  ASSERT_TRUE(WaitForSigningKid("k3"));
  EXPECT_EQ(SecretOf(KeysDir() + "/ticket-k2.key"), "") << "a stolen key's secret is deleted";
  EXPECT_EQ(Scan(gate, after), "unknown") << "signed by a retired key";
  EXPECT_EQ(Scan(gate, before2), "ok") << "k1 was retired earlier with a date still ahead";
  auto listed = Keys({"list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("k3  signing"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("k2  expired"), std::string::npos) << listed.out;
  auto now_keys = Anonymous().Get("/api/v1/public/ticket-key").json();
  for (const auto& k : now_keys["keys"]) EXPECT_NE(k["kid"], "k2") << "an expired key is not offered to scanners";
}

}  // namespace
}  // namespace sciweek::test
