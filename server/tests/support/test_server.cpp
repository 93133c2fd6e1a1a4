#include "support/test_server.hpp"

#include <algorithm>

#include <fcntl.h>
#include <libpq-fe.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#ifndef SCIWEEK_BIN
#error "SCIWEEK_BIN must name the sciweek binary under test"
#endif

namespace sciweek::test {
namespace fs = std::filesystem;
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string MakeTempDir() {
  std::string tmpl = (fs::temp_directory_path() / "sciweek-api-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed: " + std::string(std::strerror(errno)));
  return tmpl;
}

// fork/exec of SCIWEEK_BIN with stdin/stdout/stderr redirected to files. The child dies with
// the test process (PR_SET_PDEATHSIG) so a crashed test leaves no server behind.
int Spawn(const std::vector<std::string>& args, const EnvList& env, const std::string& in_path,
          const std::string& out_path, const std::string& err_path) {
  std::vector<std::string> argv_s{SCIWEEK_BIN};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    const std::string key = kv.substr(0, kv.find('='));
    bool overridden = false;
    for (const auto& [k, v] : env) overridden = overridden || k == key;
    if (!overridden) env_s.push_back(kv);
  }
  for (const auto& [k, v] : env) env_s.push_back(k + "=" + v);
  std::vector<char*> argv, envp;
  for (auto& s : argv_s) argv.push_back(s.data());
  argv.push_back(nullptr);
  for (auto& s : env_s) envp.push_back(s.data());
  envp.push_back(nullptr);

  const int in_fd = open(in_path.c_str(), O_RDONLY | O_CLOEXEC);
  const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) throw std::runtime_error("cannot open redirection files");
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(in_fd);
  close(out_fd);
  close(err_fd);
  if (pid < 0) throw std::runtime_error("fork failed: " + std::string(std::strerror(errno)));
  return pid;
}

// Waits for the child; its exit code (128 + signal), or nullopt on timeout.
std::optional<int> WaitFor(int pid, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (r < 0) return -1;
    if (std::chrono::steady_clock::now() > until) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// postgresql://user@host:port/db?x → same URL naming database `name`.
std::string WithDatabase(const std::string& url, const std::string& name) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) throw std::runtime_error("SCIWEEK_TEST_PG_URL is not a URL: " + url);
  const auto query = url.find('?', scheme + 3);
  const std::string base = url.substr(0, query);
  const std::string rest = query == std::string::npos ? "" : url.substr(query);
  const auto slash = base.find('/', scheme + 3);
  return (slash == std::string::npos ? base : base.substr(0, slash)) + "/" + name + rest;
}

void IgnoreNotice(void*, const char*) {}  // "database … does not exist, skipping"

void PgExec(const std::string& admin_url, const std::string& sql) {
  PGconn* conn = PQconnectdb(admin_url.c_str());
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot connect to SCIWEEK_TEST_PG_URL (" + admin_url + "): " + msg);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string msg = ok ? "" : PQerrorMessage(conn);
  PQclear(res);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + " failed: " + msg);
}

}  // namespace

Backend SelectedBackend() {
  const std::string v = Env("SCIWEEK_TEST_DB");
  if (v.empty() || v == "sqlite") return Backend::kSqlite;
  if (v == "postgres" || v == "postgresql") {
    if (Env("SCIWEEK_TEST_PG_URL").empty())
      throw std::runtime_error(
          "SCIWEEK_TEST_DB=postgres but SCIWEEK_TEST_PG_URL is not set: start a server with "
          "scripts/start-test-postgres.sh DIR and export the URL it prints (make test does this)");
    return Backend::kPostgres;
  }
  throw std::runtime_error("SCIWEEK_TEST_DB must be sqlite or postgres, got '" + v + "'");
}

const char* BackendName(Backend b) { return b == Backend::kSqlite ? "sqlite" : "postgres"; }

std::string RunSql(const TestDatabase& db, const std::string& statement) {
  // Statements come from the tests themselves; double quotes stay out of them. The server
  // writes on its own (sweeps, outboxes), so SQLite waits for its lock as the server does
  // rather than failing at once; a statement that still fails fails the test, loudly.
  const std::string cmd = db.backend() == Backend::kSqlite
                              ? "sqlite3 -bail -cmd '.timeout 10000' '" + db.sqlite_path() + "' \"" + statement + "\""
                              : "psql -qtA -v ON_ERROR_STOP=1 '" + db.url() + "' -c \"" + statement + "\"";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("cannot run: " + cmd);
  char buf[256];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  if (pclose(p) != 0) throw std::runtime_error("failed (its error is above): " + statement);
  return out;
}

void EndServerConnections(const TestDatabase& db) {
  const std::string others =
      "FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> "
      "pg_backend_pid()";
  RunSql(db, "SELECT COUNT(pg_terminate_backend(pid)) " + others);
  // pg_terminate_backend only asks: wait until they are gone (each flushes its statistics as
  // it exits).
  for (int i = 0; i < 100 && RunSql(db, "SELECT COUNT(*) " + others) != "0\n"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

ProcessResult RunSciweek(const std::vector<std::string>& args, const std::string& input, const EnvList& env,
                         int timeout_seconds) {
  const std::string dir = MakeTempDir();
  const std::string in = dir + "/stdin", out = dir + "/stdout", err = dir + "/stderr";
  std::ofstream(in, std::ios::binary) << input;
  ProcessResult r;
#ifdef SCIWEEK_SANITIZED
  // ASan+UBSan run the CLI several times slower: the demo's living season on PostgreSQL took
  // over a minute under them on a loaded two-core machine (make test-sanitize, 2026-12-03).
  timeout_seconds *= 4;
#endif
  const int pid = Spawn(args, env, in, out, err);
  auto code = WaitFor(pid, std::chrono::seconds(timeout_seconds));
  if (!code) {
    kill(pid, SIGKILL);
    code = WaitFor(pid, std::chrono::seconds(10));
    r.err = "[killed after " + std::to_string(timeout_seconds) + " s]\n";
  }
  r.exit_code = code.value_or(-1);
  r.out = ReadFile(out);
  r.err += ReadFile(err);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return r;
}

TestDatabase::TestDatabase() : backend_(SelectedBackend()) {
  dir_ = MakeTempDir();
  if (backend_ == Backend::kSqlite) {
    sqlite_path_ = dir_ + "/sciweek.db";
    url_ = "sqlite:" + sqlite_path_;
    return;
  }
  static std::atomic<int> counter{0};
  pg_admin_url_ = Env("SCIWEEK_TEST_PG_URL");
  pg_name_ = "sciweek_t" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  try {
    PgExec(pg_admin_url_, "DROP DATABASE IF EXISTS " + pg_name_);
    PgExec(pg_admin_url_, "CREATE DATABASE " + pg_name_ + " ENCODING 'UTF8'");
  } catch (...) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    throw;
  }
  url_ = WithDatabase(pg_admin_url_, pg_name_);
}

TestDatabase::~TestDatabase() {
  if (!pg_name_.empty()) {
    try {
      PgExec(pg_admin_url_, "DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // Best effort: the throw-away cluster is deleted after the run anyway.
    }
  }
  std::error_code ec;
  if (Env("SCIWEEK_TEST_KEEP").empty()) fs::remove_all(dir_, ec);
}

TestServer::TestServer(ServerOptions options) : options_(std::move(options)) {
  db_ = std::make_shared<TestDatabase>();
  static std::atomic<int> counter{0};
  const std::string n = std::to_string(++counter);
  log_path_ = db_->dir() + "/server" + n + ".log";
  port_file_ = db_->dir() + "/port" + n;
  data_dir_ = db_->dir() + "/data";
  std::vector<std::string> demo_args{"demo", "--db", db_->url(), "--data-dir", data_dir_};
  if (!options_.living_season) demo_args.emplace_back("--reference-only");
  auto demo = RunSciweek(demo_args, "", {{"SCIWEEK_DEMO_PASSWORD", kDemoPassword}});
  if (demo.exit_code != 0)
    throw std::runtime_error("`sciweek demo` exited " + std::to_string(demo.exit_code) + ": " + demo.err + demo.out);
  Start();
}

TestServer::TestServer(std::shared_ptr<TestDatabase> db, ServerOptions options)
    : options_(std::move(options)), db_(std::move(db)) {
  static std::atomic<int> counter{0};
  const std::string n = "peer" + std::to_string(++counter);
  log_path_ = db_->dir() + "/server" + n + ".log";
  port_file_ = db_->dir() + "/port" + n;
  data_dir_ = db_->dir() + "/data";
  if (options_.own_data_dir) {
    data_dir_ = db_->dir() + "/data-" + n;
    fs::create_directories(data_dir_);
    fs::copy(db_->dir() + "/data/keys", data_dir_ + "/keys", fs::copy_options::recursive);
  }
  Start();
}

TestServer::~TestServer() {
  if (pid_ > 0) Kill();
}

void TestServer::Start() {
  if (pid_ > 0) throw std::runtime_error("server already running");
  std::error_code ec;
  fs::remove(port_file_, ec);
  std::ofstream(log_path_, std::ios::app) << "---- serve ----\n";
  std::vector<std::string> args{"serve",       "--db",     db_->url(),   "--listen", "127.0.0.1:0",
                                "--port-file", port_file_, "--data-dir", data_dir_};
  // No front end unless the test serves one.
  const auto& extra = options_.serve_args;
  if (std::find(extra.begin(), extra.end(), "--web-dir") == extra.end()) args.insert(args.end(), {"--web-dir", ""});
  args.insert(args.end(), extra.begin(), extra.end());
  EnvList env{{"SCIWEEK_DEMO_PASSWORD", kDemoPassword}};
  env.insert(env.end(), options_.env.begin(), options_.env.end());
  pid_ = Spawn(args, env, "/dev/null", log_path_, log_path_);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    if (auto code = WaitFor(pid_, std::chrono::milliseconds(0))) {
      pid_ = -1;
      throw std::runtime_error("`sciweek serve` exited " + std::to_string(*code) + " before listening:\n" + LogTail());
    }
    if (fs::exists(port_file_)) {
      const std::string text = ReadFile(port_file_);
      const int port = std::atoi(text.c_str());
      if (port > 0 && port < 65536) {
        port_ = static_cast<unsigned short>(port);
        if (Client().Get("/healthz").status == 200) return;
      }
    }
    if (std::chrono::steady_clock::now() > until) {
      Kill();
      throw std::runtime_error("`sciweek serve` did not become healthy within 30 s:\n" + LogTail());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

int TestServer::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  auto code = WaitFor(pid_, std::chrono::seconds(30));
  if (!code) {
    kill(pid_, SIGKILL);
    WaitFor(pid_, std::chrono::seconds(10));
  }
  pid_ = -1;
  return code.value_or(-1);
}

void TestServer::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  WaitFor(pid_, std::chrono::seconds(10));
  pid_ = -1;
}

HttpClient TestServer::LoginAs(const std::string& login, const std::string& password) const {
  HttpClient c = Client();
  auto r = c.Login(login, password);
  if (r.status != 200) {
    std::ostringstream os;
    os << "login as " << login << " failed: " << r;
    throw std::runtime_error(os.str());
  }
  return c;
}

std::string TestServer::LogTail(size_t bytes) const {
  const std::string all = ReadFile(log_path_);
  return all.size() <= bytes ? all : "…" + all.substr(all.size() - bytes);
}

}  // namespace sciweek::test
