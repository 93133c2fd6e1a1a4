// The sciweek command line: bad flags exit 2 with one line, `user add|passwd|disable` read
// passwords from stdin and act on the database a running server uses, `backup` copies an
// SQLite database online (and points PostgreSQL users to pg_dump), `demo` is idempotent.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

int LineCount(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

std::string Shell(const std::string& cmd) {
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[256];
    while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    pclose(p);
  }
  return out;
}

class CliTest : public SharedServerTest {
 protected:
  static const std::string& Db() { return server().db().url(); }
  static ProcessResult UserAdd(const std::string& login, const std::string& password) {
    return RunSciweek({"user", "add", "--db", Db(), "--login", login, "--name", "命令行用户", "--role", "reporter",
                       "--org", "110108"},
                      password + "\n");
  }
};

TEST_F(CliTest, UnknownFlagExits2WithOneLine) {
  auto r = RunSciweek({"--bogus"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(LineCount(r.err), 1) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(CliTest, UnknownFlagIsNamedInTheReason) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--bogus"}, {"serve", "--bogus"}, {"--bogus", "migrate"}}) {
    auto r = RunSciweek(args);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--bogus"), std::string::npos) << args[0] << ": " << r.err;
  }
}

TEST_F(CliTest, BadValuesAndMissingCommandExit2WithOneLine) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"serve", "--threads", "0"},
                                                                {"serve", "--listen", "nonsense"},
                                                                {"serve", "--listen", "127.0.0.1:99999"},
                                                                {"--log-level", "loud", "migrate"},
                                                                {"user", "add", "--login", "x"},
                                                                {}}) {
    auto r = RunSciweek(args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    EXPECT_EQ(r.exit_code, 2) << joined << "\n" << r.err;
    EXPECT_EQ(LineCount(r.err), 1) << joined << "\n" << r.err;
  }
}

TEST_F(CliTest, HelpExitsZeroAndListsTheCommands) {
  auto r = RunSciweek({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* cmd : {"serve", "migrate", "demo", "user", "backup"})
    EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd << " missing from:\n" << r.out;
}

TEST_F(CliTest, PasswordIsNeverTakenFromTheCommandLine) {
  auto r = RunSciweek({"user", "add", "--db", Db(), "--login", "cli-argv", "--name", "x", "--role", "reporter", "--org",
                       "110108", "--password", "Cli#Password2024"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(IsError(Anonymous().Login("cli-argv", "Cli#Password2024"), 401, "unauthenticated"));
}

TEST_F(CliTest, UserAddReadsThePasswordFromStdinAndTheServerAcceptsIt) {
  auto r = UserAdd("cli-user", "Cli#Password2024");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  HttpClient c = Anonymous();
  auto login = c.Login("cli-user", "Cli#Password2024");
  ASSERT_EQ(login.status, 200) << login;
  EXPECT_EQ(login.json()["user"]["org"]["code"], "110108");
  EXPECT_EQ(login.json()["user"]["role"], "reporter");
}

TEST_F(CliTest, UserAddRefusesAWeakPasswordWithNonZeroExit) {
  auto r = UserAdd("cli-weak", "weakpass");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(r.err.empty());
  EXPECT_TRUE(IsError(Anonymous().Login("cli-weak", "weakpass"), 401, "unauthenticated"));
  const auto users = As("admin").Get("/api/v1/users?limit=500").json();
  for (const auto& u : users["items"]) EXPECT_NE(u["login"], "cli-weak");
}

TEST_F(CliTest, UserPasswdAndDisableActOnTheRunningServersAccounts) {
  ASSERT_EQ(UserAdd("cli-pw", "Cli#Password2024").exit_code, 0);
  HttpClient session = server().LoginAs("cli-pw", "Cli#Password2024");
  auto p = RunSciweek({"user", "passwd", "--db", Db(), "--login", "cli-pw"}, "Cli#Changed2024\n");
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(session.Get("/api/v1/me").status, 401) << "passwd ends the user's sessions";
  EXPECT_EQ(Anonymous().Login("cli-pw", "Cli#Password2024").status, 401);
  HttpClient fresh = server().LoginAs("cli-pw", "Cli#Changed2024");
  auto d = RunSciweek({"user", "disable", "--db", Db(), "--login", "cli-pw"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(fresh.Get("/api/v1/me").status, 401);
  EXPECT_EQ(Anonymous().Login("cli-pw", "Cli#Changed2024").status, 401);
}

TEST_F(CliTest, DemoIsIdempotent) {
  HttpClient a = As("admin");
  const long long orgs = Total(a, "/api/v1/orgs?limit=1");
  const long long users = Total(a, "/api/v1/users?limit=1");
  // The suite's server was loaded with --reference-only; the season's idempotence is in
  // demo_season_test.cpp.
  auto r = RunSciweek({"demo", "--db", Db(), "--reference-only"}, "", {{"SCIWEEK_DEMO_PASSWORD", "Another#Demo2024"}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Total(a, "/api/v1/orgs?limit=1"), orgs);
  EXPECT_EQ(Total(a, "/api/v1/users?limit=1"), users);
  EXPECT_EQ(Anonymous().Login("110119", kDemoPassword).status, 200) << "existing passwords are kept";
  EXPECT_EQ(RunSciweek({"migrate", "--db", Db()}).exit_code, 0);
}

TEST_F(CliTest, BackupOfSqliteIsAReadableConsistentCopy) {
  if (server().db().backend() != Backend::kSqlite) GTEST_SKIP() << "SQLite only; PostgreSQL: see next test";
  const std::string out = server().db().dir() + "/backup.db";
  auto r = RunSciweek({"backup", "--db", Db(), "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  HttpClient a = As("admin");
  const std::string count = Shell("sqlite3 '" + out + "' 'select count(*) from org_units'");
  EXPECT_EQ(std::atoll(count.c_str()), Total(a, "/api/v1/orgs?limit=1")) << "sqlite3 said: " << count;
  EXPECT_EQ(Shell("sqlite3 '" + out + "' 'pragma integrity_check'"), "ok\n");

  auto again = RunSciweek({"backup", "--db", Db(), "--out", out});
  EXPECT_NE(again.exit_code, 0) << "an existing file must not be overwritten";
  EXPECT_EQ(std::atoll(Shell("sqlite3 '" + out + "' 'select count(*) from org_units'").c_str()),
            Total(a, "/api/v1/orgs?limit=1"));
}

TEST_F(CliTest, BackupOfPostgresPointsToPgDumpAndFails) {
  if (server().db().backend() != Backend::kPostgres) GTEST_SKIP() << "PostgreSQL only";
  const std::string out = server().db().dir() + "/backup.db";
  auto r = RunSciweek({"backup", "--db", Db(), "--out", out});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE((r.err + r.out).find("pg_dump"), std::string::npos) << r.err << r.out;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace sciweek::test

namespace sciweek::test {
namespace {

// Issue 12, upgrades node by node: a node older than the schema refuses to open it (its SQL
// would no longer match), with a message that says what to do, and changes nothing.
TEST(SchemaVersionTest, AProgramOlderThanTheDatabaseRefusesToServeIt) {
  TestDatabase db;
  ASSERT_EQ(RunSciweek({"migrate", "--db", db.url()}).exit_code, 0);
  const std::string insert =
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_from_the_future', 0)";
  const std::string count = "SELECT COUNT(*) FROM schema_migrations";
  auto sql = [&](const std::string& statement) { return RunSql(db, statement); };
  const std::string before = sql(count);
  sql(insert);
  ASSERT_EQ(std::atoi(sql(count).c_str()), std::atoi(before.c_str()) + 1) << "the newer schema is recorded";

  for (const std::vector<std::string>& cmd :
       {std::vector<std::string>{"migrate", "--db", db.url()},
        std::vector<std::string>{"serve", "--db", db.url(), "--listen", "127.0.0.1:0"}}) {
    auto r = RunSciweek(cmd, "", {}, 30);
    EXPECT_NE(r.exit_code, 0) << cmd[0];
    EXPECT_NE(r.err.find("9999"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("请先升级 sciweek"), std::string::npos) << r.err;
  }
  EXPECT_EQ(std::atoi(sql(count).c_str()), std::atoi(before.c_str()) + 1) << "nothing applied or removed";
}

}  // namespace
}  // namespace sciweek::test
