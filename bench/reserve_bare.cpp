// reserve_bare — the bare-database reference of bench/activities.sh (issue 5).
//
// T threads, each with its own connection, run the reservation transaction directly against
// the database for D seconds after a warm-up (default 2 s, counted apart), with no HTTP, no JSON and no server in
// between:
//   BEGIN (IMMEDIATE on SQLite)
//   SELECT the session and its activity's status          -- "check session"
//   UPDATE sessions SET taken = taken + 1 WHERE id = ? AND taken + 1 <= capacity
//   INSERT the reservation                                 -- unique (session, phone)
//   INSERT the audit row
//   COMMIT
// SQLite is opened the way the server opens it (WAL, synchronous=FULL, foreign_keys,
// busy_timeout 10 s); PostgreSQL with jit off and prepared statements, the default
// synchronous_commit=on. Sessions and phones are chosen as reserve_load chooses them (cycling
// through the ids, a phone never used before per transaction), so the oversell check after it
// reads the same shape. Prints one JSON line like reserve_load's:
//   {"threads","seconds","done","created","full","conflict","errors","created_per_s","p50_ms","p99_ms",…}
//
//   reserve_bare --db sqlite:PATH|postgresql://… --threads 64 [--group 256] --seconds 10 --sessions 17
//
// --group N hands every thread's transaction to one writer that commits up to N at once, each
// in a SAVEPOINT of its own (the server's group commit, bare): the engine at its best.
//                [--sessions-file F] [--phone-start 15000000000]
//
// The statements below are the server's own (store/reservation_store.cpp LoadSession, TryTake,
// Insert … RETURNING id; store/audit_store.cpp Append) on its schema
// (server/migrations/0004_activities.sql); keep them in step when either changes. The server
// also runs two reads this reference leaves out (HasLive: one live reservation per phone and
// session; NextWaiting: nobody in the waiting line), so it does 6 statements where this does 4.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

// One placeholder syntax for both: $1, $2 … (SQLite reads $1 as a named parameter, bound by
// position in order of first appearance, which is what we need when each appears once in order).
const char* kCheck =
    "SELECT s.capacity, s.taken, s.ends_at, s.opens_at, a.status, c.max_party_size FROM sessions s "
    "JOIN activities a ON a.id = s.activity_id JOIN campaigns c ON c.year = a.campaign_year WHERE s.id = $1";
const char* kTake = "UPDATE sessions SET taken = taken + $1 WHERE id = $2 AND taken + $3 <= capacity";
const char* kInsert =
    "INSERT INTO reservations (session_id, ticket_no, name, phone, party_size, status, day, high_demand, queue_no, "
    "offer_expires_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'confirmed', $6, 0, 0, NULL, $7, $8) "
    "RETURNING id";
const char* kAudit =
    "INSERT INTO audit_log (at, actor, action, entity_type, entity_id, before_json, after_json, request_id) "
    "VALUES ($1, 'public', 'reservation.created', 'session', $2, NULL, $3, $4)";

struct Config {
  std::string db;
  int threads = 8;
  size_t group = 0;  // > 0: one writer, up to this many per COMMIT
  double seconds = 10;
  double warmup = 2;
  long long phone_start = 15000000000LL;
  std::string day = "2027-05-20";  // reservations.day: the session's Shanghai date
  std::vector<long long> sessions;
};

struct Stats {
  long long done = 0, created = 0, full = 0, conflict = 0, errors = 0, late = 0, late_created = 0;
  long long warmup = 0, warmup_created = 0;
  std::vector<uint32_t> latency_us;
  std::string first_error;
};

enum class Outcome { kCreated, kFull, kConflict, kError };

struct Tx {  // the values of one transaction, as text (libpq) and numbers (SQLite)
  long long session, phone, now;
  int party = 1;
  std::string ticket, name, day, after, request_id;
};

std::string Ticket(std::mt19937_64& rng) {
  static const char* kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford base32
  std::string s(16, '0');
  uint64_t a = rng(), b = rng();
  for (int i = 0; i < 16; ++i) {
    uint64_t& src = i < 12 ? a : b;
    s[i] = kAlphabet[src & 31];
    src >>= 5;
  }
  return s;
}

// ---- SQLite -----------------------------------------------------------------------------------

class SqliteConn {
 public:
  explicit SqliteConn(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
      Die("open");
    for (const char* p :
         {"PRAGMA busy_timeout=10000", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"})
      Exec(p);
    check_ = Prepare(kCheck), take_ = Prepare(kTake), insert_ = Prepare(kInsert), audit_ = Prepare(kAudit);
    begin_ = Prepare("BEGIN IMMEDIATE"), commit_ = Prepare("COMMIT"), rollback_ = Prepare("ROLLBACK");
    savepoint_ = Prepare("SAVEPOINT g"), release_ = Prepare("RELEASE g"), rollback_to_ = Prepare("ROLLBACK TO g");
  }
  ~SqliteConn() {
    for (auto* s : {check_, take_, insert_, audit_, begin_, commit_, rollback_, savepoint_, release_, rollback_to_})
      sqlite3_finalize(s);
    sqlite3_close(db_);
  }

  // One transaction of its own.
  Outcome Reserve(const Tx& t, std::string& err) {
    if (!Step(begin_, err)) return Outcome::kError;
    const Outcome o = Body(t, err);
    if (o == Outcome::kCreated && !Step(commit_, err)) return Abort(Outcome::kError, err);
    return o;
  }
  // Group commit, as the server's Db::WriteGrouped: one transaction, each reservation in a
  // SAVEPOINT of its own, one COMMIT for all.
  bool BeginBatch(std::string& err) { return Step(begin_, err); }
  Outcome InBatch(const Tx& t, std::string& err) {
    batch_ = true;
    if (!Step(savepoint_, err)) return Outcome::kError;
    const Outcome o = Body(t, err);
    Step(release_, err);
    batch_ = false;
    return o;
  }
  bool CommitBatch(std::string& err) { return Step(commit_, err) || (Step(rollback_, err), false); }

 private:
  Outcome Body(const Tx& t, std::string& err) {
    sqlite3_bind_int64(check_, 1, t.session);
    int rc = sqlite3_step(check_);
    bool ok = rc == SQLITE_ROW &&
              std::strcmp(reinterpret_cast<const char*>(sqlite3_column_text(check_, 4)), "approved") == 0 &&
              sqlite3_column_int64(check_, 2) > t.now;
    sqlite3_reset(check_);  // never leave a read statement pinning the snapshot (docs/architecture.md §8)
    if (!ok) return Abort(Outcome::kError, err = "session not found, not approved or over");
    sqlite3_bind_int64(take_, 1, t.party), sqlite3_bind_int64(take_, 2, t.session),
        sqlite3_bind_int64(take_, 3, t.party);
    if (!Step(take_, err)) return Abort(Outcome::kError, err);
    if (sqlite3_changes(db_) == 0) return Abort(Outcome::kFull, err);
    sqlite3_bind_int64(insert_, 1, t.session);
    sqlite3_bind_text(insert_, 2, t.ticket.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_, 3, t.name.c_str(), -1, SQLITE_STATIC);
    const std::string phone = std::to_string(t.phone);
    sqlite3_bind_text(insert_, 4, phone.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert_, 5, t.party);
    sqlite3_bind_text(insert_, 6, t.day.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert_, 7, t.now), sqlite3_bind_int64(insert_, 8, t.now);
    rc = sqlite3_step(insert_);  // RETURNING id, as the server's store asks
    const long long id = rc == SQLITE_ROW ? sqlite3_column_int64(insert_, 0) : 0;
    if (rc == SQLITE_ROW) rc = sqlite3_step(insert_);
    sqlite3_reset(insert_);
    if (rc == SQLITE_CONSTRAINT) return Abort(Outcome::kConflict, err = sqlite3_errmsg(db_));
    if (rc != SQLITE_DONE || id == 0) return Abort(Outcome::kError, err = sqlite3_errmsg(db_));
    const std::string session = std::to_string(t.session);
    sqlite3_bind_int64(audit_, 1, t.now);
    sqlite3_bind_text(audit_, 2, session.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(audit_, 3, t.after.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(audit_, 4, t.request_id.c_str(), -1, SQLITE_STATIC);
    if (!Step(audit_, err)) return Abort(Outcome::kError, err);
    return Outcome::kCreated;
  }

  [[noreturn]] void Die(const char* what) {
    std::cerr << "reserve_bare: sqlite " << what << ": " << (db_ ? sqlite3_errmsg(db_) : "?") << "\n";
    std::exit(1);
  }
  void Exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) Die(sql);
  }
  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) Die(sql);
    return s;
  }
  bool Step(sqlite3_stmt* s, std::string& err) {
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return true;
    err = sqlite3_errmsg(db_);
    return false;
  }
  Outcome Abort(Outcome o, const std::string&) {
    sqlite3_stmt* undo = batch_ ? rollback_to_ : rollback_;  // in a batch, this reservation only
    sqlite3_step(undo);
    sqlite3_reset(undo);
    return o;
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt *check_, *take_, *insert_, *audit_, *begin_, *commit_, *rollback_;
  sqlite3_stmt *savepoint_, *release_, *rollback_to_;
  bool batch_ = false;
};

// ---- PostgreSQL -------------------------------------------------------------------------------

class PgConn {
 public:
  explicit PgConn(const std::string& url) {
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) Die("connect");
    Exec("SET jit = off");
    Prep("check", kCheck, 1), Prep("take", kTake, 3), Prep("insert", kInsert, 8), Prep("audit", kAudit, 4);
  }
  ~PgConn() { PQfinish(conn_); }

  Outcome Reserve(const Tx& t, std::string& err) {
    if (!Simple("BEGIN", err)) return Outcome::kError;
    const Outcome o = Body(t, err);
    if (o == Outcome::kCreated && !Simple("COMMIT", err)) return Outcome::kError;
    return o;
  }
  bool BeginBatch(std::string& err) { return Simple("BEGIN", err); }
  Outcome InBatch(const Tx& t, std::string& err) {
    batch_ = true;
    if (!Simple("SAVEPOINT g", err)) return Outcome::kError;
    const Outcome o = Body(t, err);
    Simple("RELEASE g", err);
    batch_ = false;
    return o;
  }
  bool CommitBatch(std::string& err) { return Simple("COMMIT", err); }

 private:
  Outcome Body(const Tx& t, std::string& err) {
    const std::string session = std::to_string(t.session), party = std::to_string(t.party);
    const std::string phone = std::to_string(t.phone), now = std::to_string(t.now);
    {
      const char* v[] = {session.c_str()};
      PGresult* r = PQexecPrepared(conn_, "check", 1, v, nullptr, nullptr, 0);
      bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
                std::strcmp(PQgetvalue(r, 0, 4), "approved") == 0 && std::stoll(PQgetvalue(r, 0, 2)) > t.now;
      if (!ok)
        err =
            PQresultStatus(r) == PGRES_TUPLES_OK ? "session not found, not approved or over" : PQresultErrorMessage(r);
      PQclear(r);
      if (!ok) return Abort(Outcome::kError);
    }
    {
      const char* v[] = {party.c_str(), session.c_str(), party.c_str()};
      PGresult* r = PQexecPrepared(conn_, "take", 3, v, nullptr, nullptr, 0);
      bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      bool full = ok && std::strcmp(PQcmdTuples(r), "0") == 0;
      if (!ok) err = PQresultErrorMessage(r);
      PQclear(r);
      if (!ok) return Abort(Outcome::kError);
      if (full) return Abort(Outcome::kFull);
    }
    std::string id;
    {
      const char* v[] = {session.c_str(), t.ticket.c_str(), t.name.c_str(), phone.c_str(),
                         party.c_str(),   t.day.c_str(),    now.c_str(),    now.c_str()};
      PGresult* r = PQexecPrepared(conn_, "insert", 8, v, nullptr, nullptr, 0);
      if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        bool unique = state && std::strcmp(state, "23505") == 0;
        err = PQresultErrorMessage(r);
        PQclear(r);
        return Abort(unique ? Outcome::kConflict : Outcome::kError);
      }
      id = PQgetvalue(r, 0, 0);
      PQclear(r);
    }
    {
      const char* v[] = {now.c_str(), session.c_str(), t.after.c_str(), t.request_id.c_str()};
      PGresult* r = PQexecPrepared(conn_, "audit", 4, v, nullptr, nullptr, 0);
      bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      if (!ok) err = PQresultErrorMessage(r);
      PQclear(r);
      if (!ok) return Abort(Outcome::kError);
    }
    return Outcome::kCreated;
  }

  [[noreturn]] void Die(const char* what) {
    std::cerr << "reserve_bare: postgres " << what << ": " << PQerrorMessage(conn_) << "\n";
    std::exit(1);
  }
  void Exec(const char* sql) {
    PGresult* r = PQexec(conn_, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) Die(sql);
    PQclear(r);
  }
  void Prep(const char* name, const char* sql, int n) {
    PGresult* r = PQprepare(conn_, name, sql, n, nullptr);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) Die(sql);
    PQclear(r);
  }
  bool Simple(const char* sql, std::string& err) {
    PGresult* r = PQexec(conn_, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) err = PQresultErrorMessage(r);
    PQclear(r);
    return ok;
  }
  Outcome Abort(Outcome o) {
    PGresult* r = PQexec(conn_, batch_ ? "ROLLBACK TO g" : "ROLLBACK");  // in a batch, this one only
    PQclear(r);
    return o;
  }

  PGconn* conn_ = nullptr;
  bool batch_ = false;
};

// ---- group commit -----------------------------------------------------------------------------

// --group N: the engine at its best for many writers, as issue 13 asks of the reference. The
// client threads hand their reservations to one writer with one connection, which runs up to
// N of them per transaction (each in its own SAVEPOINT) and one COMMIT, then answers them all.
template <class Conn>
class GroupWriter {
 public:
  GroupWriter(const std::string& target, size_t max_batch) : conn_(target), max_batch_(max_batch) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~GroupWriter() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    queued_.notify_all();
    thread_.join();
  }
  Outcome Submit(const Tx& t, std::string& err) {
    Job job{&t, &err};
    std::unique_lock lock(mu_);
    queue_.push_back(&job);
    queued_.notify_one();
    answered_.wait(lock, [&] { return job.done; });
    return job.outcome;
  }

 private:
  struct Job {
    const Tx* t;
    std::string* err;
    Outcome outcome = Outcome::kError;
    bool done = false;
  };
  void Loop() {
    std::unique_lock lock(mu_);
    for (;;) {
      queued_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;
      std::vector<Job*> batch;
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      lock.unlock();
      std::string err;
      bool ok = conn_.BeginBatch(err);
      if (ok)
        for (Job* j : batch) j->outcome = conn_.InBatch(*j->t, *j->err);
      if (!ok || !conn_.CommitBatch(err))
        for (Job* j : batch) j->outcome = Outcome::kError, *j->err = err;
      lock.lock();
      for (Job* j : batch) j->done = true;
      answered_.notify_all();
    }
  }

  Conn conn_;
  size_t max_batch_;
  std::mutex mu_;
  std::condition_variable queued_, answered_;
  std::deque<Job*> queue_;
  bool stop_ = false;
  std::thread thread_;
};

// ---- driver -----------------------------------------------------------------------------------

// Each thread reserves on a connection of its own, or through `group` when there is one.
template <class Conn>
void RunThread(const Config& cfg, const std::string& target, int index, const Clock::time_point& window,
               const Clock::time_point& deadline, std::atomic<int>& ready, Stats& s, GroupWriter<Conn>* group) {
  std::optional<Conn> own;
  if (!group) own.emplace(target);
  std::mt19937_64 rng(std::random_device{}() ^ (static_cast<uint64_t>(index) << 32));
  s.latency_us.reserve(1 << 16);
  ready.fetch_add(1);
  while (ready.load() >= 0) std::this_thread::yield();  // start together
  for (long long seq = index;; seq += cfg.threads) {
    auto t0 = Clock::now();
    if (t0 >= deadline) break;
    Tx t;
    t.session = cfg.sessions[static_cast<size_t>(seq) % cfg.sessions.size()];
    t.phone = cfg.phone_start + seq;
    t.now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    t.ticket = Ticket(rng);
    t.name = "基准" + std::to_string(seq % 100000);
    t.request_id = "bare-" + std::to_string(seq);
    t.day = cfg.day;
    // The shape of the server's audit row (service/reservations/reservation_service.cpp AuditView).
    const std::string ph = std::to_string(t.phone);
    t.after = "{\"id\":0,\"name\":\"基*\",\"party_size\":1,\"phone\":\"" + ph.substr(0, 3) + "****" + ph.substr(7) +
              "\",\"session_id\":" + std::to_string(t.session) + ",\"status\":\"confirmed\",\"ticket_no\":\"" +
              t.ticket + "\"}";
    std::string err;
    Outcome o = group ? group->Submit(t, err) : own->Reserve(t, err);
    auto t1 = Clock::now();
    if (t1 < window) {
      ++s.warmup;
      if (o == Outcome::kCreated) ++s.warmup_created;
      continue;
    }
    if (t1 > deadline) {
      ++s.late;
      if (o == Outcome::kCreated) ++s.late_created;
      continue;
    }
    ++s.done;
    s.latency_us.push_back(
        static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count()));
    switch (o) {
      case Outcome::kCreated: ++s.created; break;
      case Outcome::kFull: ++s.full; break;
      case Outcome::kConflict:
        if (s.first_error.empty()) s.first_error = err;
        ++s.conflict;
        break;
      case Outcome::kError:
        ++s.errors;
        if (s.first_error.empty()) s.first_error = err;
        break;
    }
  }
}

std::vector<long long> ParseIds(std::istream& in, char sep) {
  std::vector<long long> out;
  std::string tok;
  while (std::getline(in, tok, sep))
    if (!tok.empty()) out.push_back(std::stoll(tok));
  return out;
}

[[noreturn]] void Usage() {
  std::cerr
      << "usage: reserve_bare --db sqlite:PATH|postgresql://… [--threads T] [--group N] [--seconds S] [--warmup S]\n"
         "                    (--sessions ID[,ID…] | --sessions-file FILE) [--phone-start N] [--day YYYY-MM-DD]\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Usage();
      return argv[++i];
    };
    if (a == "--db") cfg.db = next();
    else if (a == "--threads") cfg.threads = std::stoi(next());
    else if (a == "--group") cfg.group = static_cast<size_t>(std::stoul(next()));
    else if (a == "--seconds") cfg.seconds = std::stod(next());
    else if (a == "--warmup") cfg.warmup = std::stod(next());
    else if (a == "--phone-start") cfg.phone_start = std::stoll(next());
    else if (a == "--day") cfg.day = next();
    else if (a == "--sessions") {
      std::istringstream in(next());
      cfg.sessions = ParseIds(in, ',');
    } else if (a == "--sessions-file") {
      std::ifstream in(next());
      cfg.sessions = ParseIds(in, '\n');
    } else Usage();
  }
  if (cfg.db.empty() || cfg.sessions.empty() || cfg.threads < 1) Usage();
  const bool sqlite = cfg.db.rfind("sqlite:", 0) == 0;
  const std::string target = sqlite ? cfg.db.substr(7) : cfg.db;

  std::unique_ptr<GroupWriter<SqliteConn>> sqlite_group;
  std::unique_ptr<GroupWriter<PgConn>> pg_group;
  if (cfg.group > 0) {
    if (sqlite) sqlite_group = std::make_unique<GroupWriter<SqliteConn>>(target, cfg.group);
    else pg_group = std::make_unique<GroupWriter<PgConn>>(target, cfg.group);
  }
  std::vector<Stats> stats(cfg.threads);
  std::vector<std::thread> threads;
  std::atomic<int> ready{0};
  // Connections are opened (and statements prepared) before the clock starts.
  Clock::time_point window = Clock::time_point::max(), deadline = Clock::time_point::max();
  std::atomic<bool> go{false};
  for (int t = 0; t < cfg.threads; ++t)
    threads.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();
      if (sqlite) RunThread<SqliteConn>(cfg, target, t, window, deadline, ready, stats[t], sqlite_group.get());
      else RunThread<PgConn>(cfg, target, t, window, deadline, ready, stats[t], pg_group.get());
    });
  go.store(true);
  while (ready.load() < cfg.threads) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto t0 = Clock::now();
  // The warm-up grows the SQLite WAL to its working size first, as the running server's is: an
  // append to a growing file costs a metadata flush on top of the data (≈2× per commit here).
  window = t0 + std::chrono::microseconds(static_cast<long long>(cfg.warmup * 1e6));
  deadline = window + std::chrono::microseconds(static_cast<long long>(cfg.seconds * 1e6));
  ready.store(-1);  // release the threads; they read `deadline` after this store
  for (auto& t : threads) t.join();

  Stats all;
  for (auto& s : stats) {
    all.done += s.done, all.created += s.created, all.full += s.full, all.conflict += s.conflict;
    all.errors += s.errors, all.late += s.late, all.late_created += s.late_created;
    all.warmup += s.warmup, all.warmup_created += s.warmup_created;
    all.latency_us.insert(all.latency_us.end(), s.latency_us.begin(), s.latency_us.end());
    if (all.first_error.empty()) all.first_error = s.first_error;
  }
  std::sort(all.latency_us.begin(), all.latency_us.end());
  auto pct = [&](double p) {
    if (all.latency_us.empty()) return 0.0;
    size_t i = static_cast<size_t>(p * static_cast<double>(all.latency_us.size() - 1) + 0.5);
    return all.latency_us[std::min(i, all.latency_us.size() - 1)] / 1000.0;
  };
  if (!all.first_error.empty()) std::cerr << "reserve_bare: first error: " << all.first_error << "\n";
  std::printf(
      "{\"threads\":%d,\"group\":%zu,\"sessions\":%zu,\"seconds\":%.3f,\"warmup\":%lld,\"warmup_created\":%lld,"
      "\"done\":%lld,"
      "\"late\":%lld,\"late_created\":%lld,\"created\":%lld,\"full\":%lld,"
      "\"conflict\":%lld,\"errors\":%lld,\"tx_per_s\":%.1f,\"created_per_s\":%.1f,\"p50_ms\":%.3f,\"p90_ms\":%.3f,"
      "\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
      cfg.threads, cfg.group, cfg.sessions.size(), cfg.seconds, all.warmup, all.warmup_created, all.done, all.late,
      all.late_created, all.created, all.full, all.conflict, all.errors, all.done / cfg.seconds,
      all.created / cfg.seconds, pct(0.5), pct(0.9), pct(0.99), pct(1.0));
  return 0;
}
