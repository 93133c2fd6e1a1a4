#pragma once
// Runs the real `sciweek` binary (SCIWEEK_BIN) for the black-box suite: a fresh database per
// server (a temp SQLite file, or `CREATE DATABASE sciweek_t<pid>_<n>` on the PostgreSQL
// server named by SCIWEEK_TEST_PG_URL), `sciweek demo`, then `sciweek serve` on port 0.
// SCIWEEK_TEST_DB selects the backend: sqlite (default) or postgres. Postgres without
// SCIWEEK_TEST_PG_URL is an error, never a silent skip.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support/http_client.hpp"

namespace sciweek::test {

enum class Backend { kSqlite, kPostgres };

// From SCIWEEK_TEST_DB; throws std::runtime_error on an unknown value or a missing PG URL.
Backend SelectedBackend();
const char* BackendName(Backend b);

// The password every demo account gets (SCIWEEK_DEMO_PASSWORD of `sciweek demo`).
inline constexpr const char* kDemoPassword = "Kejizhou#Api2023";

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
};

using EnvList = std::vector<std::pair<std::string, std::string>>;

// Runs `sciweek args…` to completion with `input` on stdin (killed after timeout_seconds).
ProcessResult RunSciweek(const std::vector<std::string>& args, const std::string& input = "", const EnvList& env = {},
                         int timeout_seconds = 60);

class TestDatabase;
// Runs one SQL statement on the database behind a server (sqlite3 or psql, as the operator
// would) and returns what it printed, values separated by '|', one row a line. For what the
// API never shows: what is stored, and how.
std::string RunSql(const TestDatabase& db, const std::string& statement);
// PostgreSQL: ends every connection the server holds to its database (as a restart or a DBA's
// pg_terminate_backend would) and returns once they are gone. The server reopens them at its
// next transaction.
void EndServerConnections(const TestDatabase& db);

// A fresh, empty database on the selected backend; dropped (or deleted) on destruction.
class TestDatabase {
 public:
  TestDatabase();  // throws std::runtime_error with the reason
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Backend backend() const { return backend_; }
  const std::string& url() const { return url_; }                  // what `--db` takes
  const std::string& dir() const { return dir_; }                  // a private temp folder (both backends)
  const std::string& sqlite_path() const { return sqlite_path_; }  // empty on PostgreSQL

 private:
  Backend backend_;
  std::string dir_, url_, sqlite_path_, pg_admin_url_, pg_name_;
};

struct ServerOptions {
  std::vector<std::string> serve_args;  // added to `serve`, e.g. {"--session-idle-seconds", "2"}
  EnvList env;                          // added to serve's environment (secrets such as SCIWEEK_SMTP_PASSWORD)
  // The demo's current season (this year's campaign, its activities and reports). Off by
  // default: most suites create this year's campaign themselves, on an otherwise quiet demo.
  bool living_season = false;
  // A data folder of its own, as a node on another machine has: the secrets of the
  // database's first folder (keys/) are copied in, nothing else. Off: the servers of one
  // database share one folder.
  bool own_data_dir = false;
};

class TestServer {
 public:
  // Fresh database, `sciweek demo`, `sciweek serve`; throws std::runtime_error on failure.
  explicit TestServer(ServerOptions options = {});
  // Another server process on an existing database (several processes behind a proxy).
  TestServer(std::shared_ptr<TestDatabase> db, ServerOptions options);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  void Start();  // serve (again) on the same database; waits for the port file and /healthz
  int Stop();    // SIGTERM, then waits (30 s, else SIGKILL and -1); the exit code
  void Kill();   // SIGKILL, then waits
  bool running() const { return pid_ > 0; }
  int pid() const { return pid_; }

  unsigned short port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  const TestDatabase& db() const { return *db_; }
  std::shared_ptr<TestDatabase> shared_db() const { return db_; }
  HttpClient Client() const { return HttpClient("127.0.0.1", port_); }
  // A client logged in as `login`; throws when the login is not answered 200.
  HttpClient LoginAs(const std::string& login, const std::string& password = kDemoPassword) const;
  // The end of the server's stdout+stderr, for failure messages.
  std::string LogTail(size_t bytes = 3000) const;

 private:
  ServerOptions options_;
  std::shared_ptr<TestDatabase> db_;
  std::string log_path_, port_file_, data_dir_;
  int pid_ = -1;
  unsigned short port_ = 0;
};

}  // namespace sciweek::test
