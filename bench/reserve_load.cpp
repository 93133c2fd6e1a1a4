// reserve_load — the reservation load generator of bench/activities.sh (issue 5).
//
// Opens C keep-alive connections to the server and, on each, POSTs
// /api/v1/public/sessions/{id}/reservations {"name","phone","party_size":1} back to back for
// D seconds, each request with a phone never used before in the run (mainland mobile,
// 1[3-9] + 9 digits), cycling through the session ids given (one id: a hot session; 1,000:
// spread). After a warm-up (default 2 s, answers counted apart) counts 201 / 409 / other for
// S seconds, and prints one JSON line:
//   {"connections","seconds","sent","done","created","conflict","other","rps","created_per_s",
//    "p50_ms","p90_ms","p99_ms","max_ms","statuses":{...},"errors"}
// Only answers that arrive inside the window count toward the rates; answers to requests still
// in flight at the deadline are awaited (so the database is quiet for the oversell check) but
// only counted in "late" (and "late_created" for their 201s, so the rows added can be checked).
//
//   reserve_load --port P --connections 64 --seconds 10 --sessions 17 [--sessions-file F]
//                [--phone-start 13000000000] [--threads 1] [--host 127.0.0.1]
//
// Built by bench/activities.sh with g++ -O2 (header-only Boost.Beast/Asio); not part of the
// server's build. One io_context per thread, all connections of a thread on it.
#include <utility>  // before Asio: Boost 1.74 + g++ 12 + C++20 (docs/architecture.md §8)

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Config {
  std::string host = "127.0.0.1";
  std::string port;
  int connections = 64;
  int threads = 1;
  double seconds = 10;
  double warmup = 2;
  long long phone_start = 13000000000LL;
  int party_size = 1;
  std::vector<long long> sessions;
};

struct Stats {
  long long sent = 0, done = 0, created = 0, conflict = 0, other = 0, late = 0, late_created = 0, errors = 0;
  long long warmup = 0, warmup_created = 0;
  std::map<int, long long> statuses;
  std::vector<uint32_t> latency_us;
  std::vector<std::string> samples;  // a few bodies of unexpected answers, for diagnosis
};

struct Worker;

class Conn : public std::enable_shared_from_this<Conn> {
 public:
  Conn(Worker& w, asio::io_context& io) : w_(w), socket_(io) {}
  void Start() { Connect(); }

 private:
  void Connect();
  void Send();
  void OnRead(beast::error_code ec);
  void Fail(const char* what, beast::error_code ec);

  Worker& w_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  std::unique_ptr<http::response_parser<http::string_body>> parser_;
  Clock::time_point sent_at_;
  int reconnects_ = 0;
};

struct Worker {
  const Config& cfg;
  int index;
  asio::io_context io{1};
  tcp::resolver::results_type endpoints;
  Clock::time_point start, window, deadline;
  bool stopping = false;
  long long next_seq;  // this thread's phones: phone_start + next_seq, stepping by threads
  int active = 0;
  Stats stats;

  Worker(const Config& c, int i) : cfg(c), index(i), next_seq(i) {}

  void Run(Clock::time_point t0) {
    start = t0;
    window = t0 + std::chrono::microseconds(static_cast<long long>(cfg.warmup * 1e6));
    deadline = window + std::chrono::microseconds(static_cast<long long>(cfg.seconds * 1e6));
    tcp::resolver resolver(io);
    endpoints = resolver.resolve(cfg.host, cfg.port);
    int mine = cfg.connections / cfg.threads + (index < cfg.connections % cfg.threads ? 1 : 0);
    for (int i = 0; i < mine; ++i) {
      ++active;
      std::make_shared<Conn>(*this, io)->Start();
    }
    asio::steady_timer timer(io, deadline);
    timer.async_wait([this](beast::error_code) { stopping = true; });
    // Answers still missing 10 s after the window are abandoned, so a stalled server cannot
    // hang the benchmark; they show as "abandoned" (sent − answered).
    asio::steady_timer hard(io, deadline + std::chrono::seconds(10));
    hard.async_wait([this](beast::error_code) { io.stop(); });
    io.run();
  }
};

void Conn::Connect() {
  auto self = shared_from_this();
  asio::async_connect(socket_, w_.endpoints, [self](beast::error_code ec, const tcp::endpoint&) {
    if (ec) return self->Fail("connect", ec);
    self->socket_.set_option(tcp::no_delay(true));
    self->Send();
  });
}

void Conn::Send() {
  if (w_.stopping || Clock::now() >= w_.deadline) {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    if (--w_.active == 0) w_.io.stop();  // nothing left but the timers
    return;
  }
  const long long seq = w_.next_seq;
  w_.next_seq += w_.cfg.threads;
  const long long phone = w_.cfg.phone_start + seq;
  const long long session = w_.cfg.sessions[static_cast<size_t>(seq) % w_.cfg.sessions.size()];
  req_ = {};
  req_.method(http::verb::post);
  req_.target("/api/v1/public/sessions/" + std::to_string(session) + "/reservations");
  req_.version(11);
  req_.set(http::field::host, w_.cfg.host);
  req_.set(http::field::content_type, "application/json");
  req_.keep_alive(true);
  req_.body() = "{\"name\":\"压测" + std::to_string(seq % 100000) + "\",\"phone\":\"" + std::to_string(phone) +
                "\",\"party_size\":" + std::to_string(w_.cfg.party_size) + "}";
  req_.prepare_payload();
  parser_ = std::make_unique<http::response_parser<http::string_body>>();
  parser_->body_limit(1 << 20);
  ++w_.stats.sent;
  sent_at_ = Clock::now();
  auto self = shared_from_this();
  http::async_write(socket_, req_, [self](beast::error_code ec, size_t) {
    if (ec) return self->Fail("write", ec);
    http::async_read(self->socket_, self->buffer_, *self->parser_,
                     [self](beast::error_code ec2, size_t) { self->OnRead(ec2); });
  });
}

void Conn::OnRead(beast::error_code ec) {
  if (ec) return Fail("read", ec);
  const auto now = Clock::now();
  auto& res = parser_->get();
  const int status = res.result_int();
  Stats& s = w_.stats;
  if (now < w_.window) {
    ++s.warmup;
    if (status == 201) ++s.warmup_created;
  } else if (now <= w_.deadline) {
    ++s.done;
    ++s.statuses[status];
    if (status == 201) ++s.created;
    else if (status == 409) ++s.conflict;
    else ++s.other;
    s.latency_us.push_back(
        static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(now - sent_at_).count()));
  } else {
    ++s.late;
    if (status == 201) ++s.late_created;
  }
  if (status != 201 && status != 409 && s.samples.size() < 3)
    s.samples.push_back(std::to_string(status) + " " + res.body().substr(0, 300));
  if (!res.keep_alive()) {
    beast::error_code ignored;
    socket_.close(ignored);
    socket_ = tcp::socket(w_.io);
    buffer_.clear();
    return Connect();
  }
  Send();
}

void Conn::Fail(const char* what, beast::error_code ec) {
  ++w_.stats.errors;
  if (w_.stats.samples.size() < 3) w_.stats.samples.push_back(std::string(what) + ": " + ec.message());
  beast::error_code ignored;
  socket_.close(ignored);
  if (w_.stopping || ++reconnects_ > 100) {
    if (--w_.active == 0) w_.io.stop();
    return;
  }
  socket_ = tcp::socket(w_.io);
  buffer_.clear();
  Connect();
}

static void Usage() {
  std::cerr << "usage: reserve_load --port P [--host H] [--connections C] [--threads T] [--seconds S] [--warmup S]\n"
               "                    (--sessions ID[,ID…] | --sessions-file FILE) [--phone-start N] [--party-size N]\n";
  std::exit(2);
}

static std::vector<long long> ParseIds(std::istream& in, char sep) {
  std::vector<long long> out;
  std::string tok;
  while (std::getline(in, tok, sep))
    if (!tok.empty() && tok != "\n") out.push_back(std::stoll(tok));
  return out;
}

int main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Usage();
      return argv[++i];
    };
    if (a == "--host") cfg.host = next();
    else if (a == "--port") cfg.port = next();
    else if (a == "--connections") cfg.connections = std::stoi(next());
    else if (a == "--threads") cfg.threads = std::stoi(next());
    else if (a == "--seconds") cfg.seconds = std::stod(next());
    else if (a == "--warmup") cfg.warmup = std::stod(next());
    else if (a == "--phone-start") cfg.phone_start = std::stoll(next());
    else if (a == "--party-size") cfg.party_size = std::stoi(next());
    else if (a == "--sessions") {
      std::istringstream in(next());
      cfg.sessions = ParseIds(in, ',');
    } else if (a == "--sessions-file") {
      std::ifstream in(next());
      cfg.sessions = ParseIds(in, '\n');
    } else Usage();
  }
  if (cfg.port.empty() || cfg.sessions.empty() || cfg.connections < 1 || cfg.threads < 1 ||
      cfg.threads > cfg.connections)
    Usage();
  // Phones must stay mainland mobiles: 1[3-9] followed by 9 digits.
  if (cfg.phone_start < 13000000000LL || cfg.phone_start > 19899999999LL) {
    std::cerr << "reserve_load: --phone-start must be within 13000000000..19899999999\n";
    return 2;
  }

  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < cfg.threads; ++t) workers.push_back(std::make_unique<Worker>(cfg, t));
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (auto& w : workers) threads.emplace_back([&w, t0] { w->Run(t0); });
  for (auto& t : threads) t.join();
  const double waited = std::chrono::duration<double>(Clock::now() - t0).count();

  Stats all;
  for (auto& w : workers) {
    const Stats& s = w->stats;
    all.sent += s.sent, all.done += s.done, all.created += s.created, all.conflict += s.conflict;
    all.other += s.other, all.late += s.late, all.late_created += s.late_created, all.errors += s.errors;
    all.warmup += s.warmup, all.warmup_created += s.warmup_created;
    for (auto [k, v] : s.statuses) all.statuses[k] += v;
    all.latency_us.insert(all.latency_us.end(), s.latency_us.begin(), s.latency_us.end());
    for (auto& x : s.samples)
      if (all.samples.size() < 5) all.samples.push_back(x);
  }
  std::sort(all.latency_us.begin(), all.latency_us.end());
  auto pct = [&](double p) {
    if (all.latency_us.empty()) return 0.0;
    size_t i = static_cast<size_t>(p * static_cast<double>(all.latency_us.size() - 1) + 0.5);
    return all.latency_us[std::min(i, all.latency_us.size() - 1)] / 1000.0;
  };
  for (auto& s : all.samples) std::cerr << "reserve_load: unexpected: " << s << "\n";
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(3);
  out << "{\"connections\":" << cfg.connections << ",\"threads\":" << cfg.threads
      << ",\"sessions\":" << cfg.sessions.size() << ",\"seconds\":" << cfg.seconds << ",\"wall\":" << waited
      << ",\"sent\":" << all.sent << ",\"done\":" << all.done << ",\"late\":" << all.late
      << ",\"late_created\":" << all.late_created << ",\"created\":" << all.created << ",\"conflict\":" << all.conflict
      << ",\"other\":" << all.other << ",\"errors\":" << all.errors
      << ",\"abandoned\":" << std::max(0LL, all.sent - all.warmup - all.done - all.late - all.errors)
      << ",\"warmup\":" << all.warmup << ",\"warmup_created\":" << all.warmup_created
      << ",\"rps\":" << all.done / cfg.seconds << ",\"created_per_s\":" << all.created / cfg.seconds
      << ",\"p50_ms\":" << pct(0.50) << ",\"p90_ms\":" << pct(0.90) << ",\"p99_ms\":" << pct(0.99)
      << ",\"max_ms\":" << pct(1.0) << ",\"phones_used\":" << all.sent << ",\"statuses\":{";
  bool first = true;
  for (auto [k, v] : all.statuses) {
    out << (first ? "" : ",") << "\"" << k << "\":" << v;
    first = false;
  }
  out << "}}";
  std::cout << out.str() << std::endl;
  return 0;
}
