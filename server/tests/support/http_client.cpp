#include "support/http_client.hpp"

#include <utility>  // before Asio: see docs/architecture.md §8

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace sciweek::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr auto kTimeout = std::chrono::seconds(30);

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

bool IsMutating(const std::string& m) { return m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE"; }

// Runs one asynchronous step to completion (the stream's deadline bounds it).
template <typename Start>
beast::error_code Step(asio::io_context& ioc, Start start) {
  beast::error_code result;
  start([&result](beast::error_code ec, auto&&...) { result = ec; });
  ioc.restart();
  ioc.run();
  return result;
}

void CopyResponse(const bhttp::response<bhttp::string_body>& in, HttpResponse& out) {
  out.status = static_cast<int>(in.result_int());
  out.headers.clear();
  for (const auto& f : in) out.headers.emplace_back(Lower(std::string(f.name_string())), std::string(f.value()));
  out.body = in.body();
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  const std::string n = Lower(name);
  for (const auto& [k, v] : headers)
    if (k == n) return v;
  return {};
}

bool HttpResponse::HasHeader(std::string_view name) const {
  const std::string n = Lower(name);
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return h.first == n; });
}

nlohmann::json HttpResponse::json() const {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded())
    throw std::runtime_error("response is not JSON: HTTP " + std::to_string(status) + " " + body.substr(0, 500));
  return j;
}

std::ostream& operator<<(std::ostream& os, const HttpResponse& r) {
  if (r.status == 0) return os << "no HTTP answer (" << r.transport_error << ")";
  return os << "HTTP " << r.status << " " << (r.body.size() > 800 ? r.body.substr(0, 800) + "…" : r.body);
}

HttpResponse HttpClient::Send(const std::string& method, const std::string& target, const std::string& body,
                              const std::string& content_type,
                              const std::vector<std::pair<std::string, std::string>>& extra_headers) {
  try {
    return SendOnce(method, target, body, content_type, extra_headers);
  } catch (const std::exception& e) {  // e.g. Beast refusing a header it cannot encode
    HttpResponse out;
    out.transport_error = std::string("client: ") + e.what();
    return out;
  }
}

HttpResponse HttpClient::SendOnce(const std::string& method, const std::string& target, const std::string& body,
                                  const std::string& content_type,
                                  const std::vector<std::pair<std::string, std::string>>& extra_headers) {
  HttpResponse out;
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  auto fail = [&](const char* what, const beast::error_code& ec) {
    out.status = 0;
    out.transport_error = std::string(what) + ": " + ec.message();
    return out;
  };

  tcp::endpoint ep(asio::ip::make_address(host_), port_);
  stream.expires_after(kTimeout);
  if (auto ec = Step(ioc, [&](auto h) { stream.async_connect(ep, h); })) return fail("connect", ec);

  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  if (req.method() == bhttp::verb::unknown) req.method_string(method);
  req.set(bhttp::field::host, host_ + ":" + std::to_string(port_));
  req.set(bhttp::field::user_agent, "sciweek-api-tests");
  if (!content_type.empty()) req.set(bhttp::field::content_type, content_type);
  if (!cookies_.empty()) {
    std::string c;
    for (const auto& [k, v] : cookies_) c += (c.empty() ? "" : "; ") + k + "=" + v;
    req.set(bhttp::field::cookie, c);
  }
  if (IsMutating(method) && send_csrf_) {
    const std::string token = forged_csrf_ ? *forged_csrf_ : csrf_token_;
    if (!token.empty()) req.set("X-CSRF-Token", token);
  }
  for (const auto& [k, v] : extra_headers) req.set(k, v);
  req.body() = body;
  const bool expect_continue = body.size() > expect_continue_above_;
  if (expect_continue) req.set(bhttp::field::expect, "100-continue");
  req.prepare_payload();

  beast::flat_buffer buffer;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser;
  auto read_response = [&]() -> beast::error_code {
    parser.emplace();
    parser->body_limit(64u << 20);
    stream.expires_after(kTimeout);
    return Step(ioc, [&](auto h) { bhttp::async_read(stream, buffer, *parser, h); });
  };

  if (expect_continue) {
    bhttp::request_serializer<bhttp::string_body> sr{req};
    stream.expires_after(kTimeout);
    if (auto ec = Step(ioc, [&](auto h) { bhttp::async_write_header(stream, sr, h); })) return fail("write", ec);
    if (auto ec = read_response()) return fail("read", ec);
    if (parser->get().result() == bhttp::status::continue_) {
      stream.expires_after(kTimeout);
      if (auto ec = Step(ioc, [&](auto h) { bhttp::async_write(stream, sr, h); })) return fail("write body", ec);
      if (auto ec = read_response()) return fail("read", ec);
    }
  } else {
    stream.expires_after(kTimeout);
    auto wec = Step(ioc, [&](auto h) { bhttp::async_write(stream, req, h); });
    // A server may answer (413) and close before reading the whole body: try to read anyway.
    if (auto ec = read_response()) return fail(wec ? "write" : "read", wec ? wec : ec);
  }
  CopyResponse(parser->get(), out);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  StoreCookies(out);
  return out;
}

std::string HttpClient::CookieHeader() const {
  std::string c;
  for (const auto& [k, v] : cookies_) c += (c.empty() ? "" : "; ") + k + "=" + v;
  return c;
}

HttpResponse HttpClient::SendFile(const std::string& method, const std::string& target, const std::string& path,
                                  const std::string& content_type, bool chunked) {
  try {
    return SendFileOnce(method, target, path, content_type, chunked);
  } catch (const std::exception& e) {
    HttpResponse out;
    out.transport_error = std::string("client: ") + e.what();
    return out;
  }
}

HttpResponse HttpClient::SendFileOnce(const std::string& method, const std::string& target, const std::string& path,
                                      const std::string& content_type, bool chunked) {
  HttpResponse out;
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    out.transport_error = "client: cannot open " + path;
    return out;
  }
  const auto size = static_cast<unsigned long long>(in.tellg());
  in.seekg(0);

  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  auto fail = [&](const char* what, const beast::error_code& ec) {
    out.status = 0;
    out.transport_error = std::string(what) + ": " + ec.message();
    return out;
  };
  tcp::endpoint ep(asio::ip::make_address(host_), port_);
  stream.expires_after(kTimeout);
  if (auto ec = Step(ioc, [&](auto h) { stream.async_connect(ep, h); })) return fail("connect", ec);

  std::string head = method + " " + target + " HTTP/1.1\r\nHost: " + host_ + ":" + std::to_string(port_) +
                     "\r\nUser-Agent: sciweek-api-tests\r\n";
  if (!content_type.empty()) head += "Content-Type: " + content_type + "\r\n";
  if (!cookies_.empty()) head += "Cookie: " + CookieHeader() + "\r\n";
  if (IsMutating(method) && send_csrf_) {
    const std::string token = forged_csrf_ ? *forged_csrf_ : csrf_token_;
    if (!token.empty()) head += "X-CSRF-Token: " + token + "\r\n";
  }
  head += chunked ? std::string("Transfer-Encoding: chunked\r\n") : "Content-Length: " + std::to_string(size) + "\r\n";
  head += "\r\n";

  auto write = [&](const std::string& bytes) {
    stream.expires_after(kTimeout);
    return Step(ioc, [&](auto h) { asio::async_write(stream, asio::buffer(bytes), h); });
  };
  beast::error_code wec = write(head);
  std::string piece(64 * 1024, '\0');
  while (!wec && in) {
    in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
    const auto n = static_cast<size_t>(in.gcount());
    if (n == 0) break;
    if (chunked) {
      char len[32];
      std::snprintf(len, sizeof len, "%zx\r\n", n);
      wec = write(len + piece.substr(0, n) + "\r\n");
    } else {
      wec = write(piece.substr(0, n));
    }
  }
  if (!wec && chunked) wec = write("0\r\n\r\n");

  // A server may answer (413) and close before reading the whole body: read anyway.
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64u << 20);
  stream.expires_after(kTimeout);
  if (auto ec = Step(ioc, [&](auto h) { bhttp::async_read(stream, buffer, parser, h); }))
    return fail(wec ? "write" : "read", wec ? wec : ec);
  CopyResponse(parser.get(), out);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  StoreCookies(out);
  return out;
}

HttpResponse HttpClient::Login(const std::string& login, const std::string& password) {
  auto r = Post("/api/v1/auth/login", {{"login", login}, {"password", password}});
  if (r.status == 200) {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_discarded() && j.contains("csrf_token") && j["csrf_token"].is_string())
      csrf_token_ = j["csrf_token"].get<std::string>();
  }
  return r;
}

std::optional<std::string> HttpClient::Cookie(const std::string& name) const {
  auto it = cookies_.find(name);
  if (it == cookies_.end()) return std::nullopt;
  return it->second;
}

void HttpClient::StoreCookies(const HttpResponse& r) {
  for (const auto& [k, v] : r.headers) {
    if (k != "set-cookie") continue;
    const auto semi = v.find(';');
    const std::string pair = v.substr(0, semi);
    const auto eq = pair.find('=');
    if (eq == std::string::npos) continue;
    const std::string name = Trim(pair.substr(0, eq));
    const std::string value = Trim(pair.substr(eq + 1));
    const std::string attrs = Lower(semi == std::string::npos ? "" : v.substr(semi));
    const bool expired = value.empty() || attrs.find("max-age=0") != std::string::npos;
    if (expired) cookies_.erase(name);
    else cookies_[name] = value;
  }
}

}  // namespace sciweek::test
