#include "support/activities.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>

#include "support/reporting.hpp"

namespace sciweek::test {

int CreateFutureCampaign(HttpClient& admin) {
  const int year = std::stoi(ShanghaiDate(std::time(nullptr)).substr(0, 4)) + 1;
  const nlohmann::json body = {{"year", year},
                               {"edition", year - 1994},
                               {"name", std::to_string(year) + "年北京科技周"},
                               {"theme", "热爱科学 崇尚科学"},
                               {"start_date", std::to_string(year) + "-05-20"},
                               {"end_date", std::to_string(year) + "-05-31"},
                               {"report_deadline", std::to_string(year) + "-06-12T18:00:00+08:00"},
                               {"contacts", {{{"name", "栗英轩"}, {"phone", "55577988"}}}}};
  auto r = admin.Post("/api/v1/campaigns", body);
  if (r.status != 201) {
    ADD_FAILURE() << "POST /api/v1/campaigns " << body.dump() << ": " << r;
    return 0;
  }
  auto c = admin.Get("/api/v1/campaigns/" + std::to_string(year)).json();
  c.erase("year");
  c["status"] = "open";
  r = admin.Put("/api/v1/campaigns/" + std::to_string(year), c);
  if (r.status != 200) {
    ADD_FAILURE() << "opening campaign " << year << ": " << r;
    return 0;
  }
  return year;
}

std::string MayTime(int year, int day, int hour, int minute) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-05-%02dT%02d:%02d:00+08:00", year, day, hour, minute);
  return buf;
}

nlohmann::json ActivityBody(int year, const std::string& title, int capacity, int sessions) {
  nlohmann::json list = nlohmann::json::array();
  for (int i = 0; i < sessions; ++i)
    list.push_back(
        {{"starts_at", MayTime(year, 20, 9 + i)}, {"ends_at", MayTime(year, 20, 10 + i)}, {"capacity", capacity}});
  return {{"title", title},
          {"category", "开放日"},
          {"mode", "offline"},
          {"district", "110108"},
          {"venue", "中关村科学城展示中心"},
          {"address", "海淀区中关村大街1号"},
          {"starts_at", MayTime(year, 20, 9)},
          {"ends_at", MayTime(year, 20, 9 + sessions)},
          {"audience", {"青少年", "公众"}},
          {"description", "动手体验科学实验"},
          {"contact_name", "王老师"},
          {"contact_phone", "010-62345678"},
          {"sessions", list}};
}

nlohmann::json Publish(HttpClient reporter, HttpClient reviewer, int year, const nlohmann::json& body) {
  auto r = reporter.Post("/api/v1/campaigns/" + std::to_string(year) + "/activities", body);
  if (r.status != 201) {
    ADD_FAILURE() << "creating an activity: " << r;
    return nullptr;
  }
  const std::string id = std::to_string(r.json()["id"].get<long long>());
  r = reporter.Post("/api/v1/activities/" + id + "/submit", nlohmann::json::object());
  if (r.status != 200) {
    ADD_FAILURE() << "submitting activity " << id << ": " << r;
    return nullptr;
  }
  r = reviewer.Post("/api/v1/activities/" + id + "/approve", nlohmann::json::object());
  if (r.status != 200) {
    ADD_FAILURE() << "approving activity " << id << ": " << r;
    return nullptr;
  }
  return r.json();
}

std::string TestPhone(long long n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "139%08lld", n % 100000000);
  return buf;
}

HttpResponse Reserve(HttpClient c, long long session_id, const std::string& phone, int party_size,
                     const std::string& name) {
  return c.Post("/api/v1/public/sessions/" + std::to_string(session_id) + "/reservations",
                {{"name", name}, {"phone", phone}, {"party_size", party_size}});
}

namespace {
std::string TicketPath(const std::string& code) { return "/api/v1/public/reservations/" + code; }
}  // namespace

HttpResponse GetTicket(HttpClient c, const std::string& code, const std::string& phone) {
  return c.Send("GET", TicketPath(code), "", "", {{"X-Visitor-Phone", phone}});
}

HttpResponse CancelTicket(HttpClient c, const std::string& code, const std::string& phone) {
  return c.Send("DELETE", TicketPath(code), "", "", {{"X-Visitor-Phone", phone}});
}

HttpResponse AcceptOffer(HttpClient c, const std::string& code, const std::string& phone) {
  return c.Post(TicketPath(code) + "/accept", {{"phone", phone}});
}

}  // namespace sciweek::test
