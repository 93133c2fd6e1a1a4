#include "support/fixtures.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <sstream>
#include <thread>

namespace sciweek::test {

bool HasNonAscii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return true;
  return false;
}

::testing::AssertionResult IsError(const HttpResponse& r, int status, const std::string& code) {
  auto fail = [&](const std::string& why) {
    std::ostringstream os;
    os << why << "; got " << r;
    return ::testing::AssertionFailure() << os.str();
  };
  if (r.status != status) return fail("expected HTTP " + std::to_string(status) + " " + code);
  if (r.Header("content-type").find("application/json") == std::string::npos)
    return fail("Content-Type is '" + r.Header("content-type") + "', not JSON");
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("error") || !j["error"].is_object())
    return fail("no {\"error\":{…}} object");
  const auto& e = j["error"];
  if (!e.contains("code") || e["code"] != code) return fail("error.code is not " + code);
  if (!e.contains("message") || !e["message"].is_string() || e["message"].get<std::string>().empty())
    return fail("error.message missing");
  if (!HasNonAscii(e["message"].get<std::string>())) return fail("error.message is not Chinese");
  if (!e.contains("field") || !(e["field"].is_null() || e["field"].is_string()))
    return fail("error.field missing (must be a string or null)");
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult HasDetail(const HttpResponse& r, const std::string& field, int line) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_discarded() && j.contains("error") && j["error"].contains("details") && j["error"]["details"].is_array()) {
    for (const auto& d : j["error"]["details"]) {
      if (!d.is_object() || d.value("field", "") != field) continue;
      if (!d.contains("code") || !d.contains("message") || !HasNonAscii(d["message"].get<std::string>())) continue;
      if (line > 0 && d.value("line", 0) != line) continue;
      return ::testing::AssertionSuccess();
    }
  }
  std::ostringstream os;
  os << "no error detail for field '" << field << "'" << (line ? " line " + std::to_string(line) : "") << " in " << r;
  return ::testing::AssertionFailure() << os.str();
}

nlohmann::json OrgBody(const std::string& code, const std::string& name, const std::string& type,
                       const std::string& parent_code) {
  nlohmann::json b = {
      {"code", code}, {"name", name}, {"type", type}, {"contact_name", "王老师"}, {"contact_phone", "010-12345678"}};
  b["parent_code"] = parent_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(parent_code);
  return b;
}

std::string Unique(const std::string& prefix) {
  static std::atomic<int> n{0};
  return prefix + std::to_string(++n);
}

long long Total(HttpClient& c, const std::string& target) {
  auto r = c.Get(target);
  if (r.status != 200) {
    ADD_FAILURE() << "GET " << target << ": " << r;
    return -1;
  }
  return r.json().value("total", -1LL);
}

long long MetricSample(const std::string& text, const std::string& sample) {
  const auto at = text.find("\n" + sample + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(text.substr(at + sample.size() + 2));
}

int FailUntilWaiting(const std::function<HttpResponse()>& attempt, int min_wait, int max_attempts) {
  int evaluated = 0;
  for (int i = 0; i < max_attempts; ++i) {
    auto r = attempt();
    if (r.status != 429) {
      ++evaluated;
      continue;
    }
    const int wait = std::atoi(r.Header("retry-after").c_str());
    if (wait >= min_wait) return evaluated;
    std::this_thread::sleep_for(std::chrono::seconds(std::max(wait, 1)));  // obey, then fail again
  }
  ADD_FAILURE() << "no 429 with Retry-After >= " << min_wait << " within " << max_attempts << " attempts";
  return -1;
}

HttpResponse LoginFrom(HttpClient& c, const std::string& address, const std::string& login,
                       const std::string& password) {
  auto r = c.Send("POST", "/api/v1/auth/login", nlohmann::json{{"login", login}, {"password", password}}.dump(),
                  "application/json", {{"X-Forwarded-For", address}});
  // Like HttpClient::Login: later writes of this session carry its CSRF token.
  if (r.status == 200) {
    try {
      c.set_csrf_token(r.json().value("csrf_token", ""));
    } catch (const std::exception&) {
    }
  }
  return r;
}

}  // namespace sciweek::test
