// The authorization matrix: every endpoint of docs/api.md × {anonymous, admin, reviewer,
// reporter of 110108 (海淀区), reporter of another unit (110105 朝阳区), checkin (kjg)} with
// the exact status each must get. Bodies are valid, so a refusal is about who asks.
#include <array>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

enum Who { kAnon, kAdmin, kReviewer, kReporter, kOtherReporter, kCheckin, kWhoCount };
constexpr std::array<const char*, kWhoCount> kWhoName = {"anonymous", "admin",          "reviewer",
                                                         "reporter",  "other_reporter", "checkin"};
constexpr std::array<const char*, kWhoCount> kWhoLogin = {"", "admin", "reviewer", "110108", "110105", "checkin"};

using Statuses = std::array<int, kWhoCount>;  // anonymous, admin, reviewer, reporter, other reporter, checkin
const std::string kCsvHeader = "code,name,type,parent_code,contact_name,contact_phone\n";

nlohmann::json Campaign2023() {
  return {{"edition", 29},
          {"name", "2023年北京科技周"},
          {"theme", "热爱科学 崇尚科学"},
          {"start_date", "2023-05-20"},
          {"end_date", "2023-05-31"},
          {"report_deadline", "2023-06-12T18:00:00+08:00"},
          {"status", "open"},
          {"contacts", {{{"name", "栗英轩"}, {"phone", "55577988"}}, {{"name", "李杨"}, {"phone", "88827919"}}}}};
}

struct Row {
  std::string name;
  std::string method;
  std::function<std::string(Who)> target;
  std::function<std::string(Who)> body;  // empty: no body
  Statuses expected;
  std::string content_type = "application/json";
  bool own_session = false;  // the request ends the session: use a fresh login
};

std::function<std::string(Who)> Fixed(const std::string& s) {
  return [s](Who) { return s; };
}

std::vector<Row> Rows() {
  const Statuses all_read = {401, 200, 200, 200, 200, 200};
  const Statuses admin_only = {401, 200, 403, 403, 403, 403};
  const Statuses admin_creates = {401, 201, 403, 403, 403, 403};
  const Statuses admin_204 = {401, 204, 403, 403, 403, 403};
  return {
      {"healthz", "GET", Fixed("/healthz"), nullptr, {200, 200, 200, 200, 200, 200}},
      {"metrics", "GET", Fixed("/metrics"), nullptr, {401, 200, 401, 401, 401, 401}},
      {"me", "GET", Fixed("/api/v1/me"), nullptr, all_read},
      {"logout",
       "POST",
       Fixed("/api/v1/auth/logout"),
       Fixed("{}"),
       {401, 204, 204, 204, 204, 204},
       "application/json",
       true},
      {"change_password_wrong_old",
       "POST",
       Fixed("/api/v1/auth/password"),
       Fixed(nlohmann::json{{"old_password", "Not#Mine12345"}, {"new_password", "Whatever#2024x"}}.dump()),
       {401, 422, 422, 422, 422, 422}},
      {"list_orgs", "GET", Fixed("/api/v1/orgs"), nullptr, all_read},
      {"get_org_pku_in_110108", "GET", Fixed("/api/v1/orgs/pku"), nullptr, {401, 200, 200, 200, 404, 404}},
      {"get_org_kjg_in_110105", "GET", Fixed("/api/v1/orgs/kjg"), nullptr, {401, 200, 200, 404, 200, 200}},
      {"get_org_110108", "GET", Fixed("/api/v1/orgs/110108"), nullptr, {401, 200, 200, 200, 404, 404}},
      {"get_org_missing", "GET", Fixed("/api/v1/orgs/no-such-unit"), nullptr, {401, 404, 404, 404, 404, 404}},
      {"create_org", "POST", Fixed("/api/v1/orgs"),
       [](Who w) { return OrgBody(std::string("mx-new-") + kWhoName[w], "矩阵新单位", "other", "110108").dump(); },
       admin_creates},
      {"update_org_pku", "PUT", Fixed("/api/v1/orgs/pku"),
       Fixed(OrgBody("pku", "北京大学", "university", "110108").dump()), admin_only},
      {"delete_org", "DELETE", [](Who w) { return std::string("/api/v1/orgs/mx-del-") + kWhoName[w]; }, nullptr,
       admin_204},
      {"import_orgs_dry_run", "POST", Fixed("/api/v1/orgs/import?dry_run=1"),
       Fixed(kCsvHeader + "mx-dry,试导入,other,110108,,\n"), admin_only, "text/csv"},
      {"import_orgs", "POST", Fixed("/api/v1/orgs/import"),
       [](Who w) { return kCsvHeader + "mx-imp-" + kWhoName[w] + ",导入单位,other,110108,,\n"; }, admin_only,
       "text/csv"},
      {"list_users", "GET", Fixed("/api/v1/users"), nullptr, admin_only},
      {"create_user", "POST", Fixed("/api/v1/users"),
       [](Who w) {
         return nlohmann::json{{"login", std::string("mx-u-") + kWhoName[w]},
                               {"name", "矩阵用户"},
                               {"role", "reporter"},
                               {"org_code", "110108"},
                               {"password", "Matrix#Pass2024"}}
             .dump();
       },
       admin_creates},
      {"update_user", "PUT", Fixed("/api/v1/users/mx-user"), Fixed(R"({"name":"改名的矩阵用户"})"), admin_only},
      {"update_own_account", "PUT", Fixed("/api/v1/users/110108"), Fixed(R"({"name":"海淀区报送员"})"), admin_only},
      {"reset_password", "POST", Fixed("/api/v1/users/mx-pw/password"), Fixed(R"({"password":"Reset#Pass2024"})"),
       admin_204},
      {"list_campaigns", "GET", Fixed("/api/v1/campaigns"), nullptr, all_read},
      {"get_campaign_2023", "GET", Fixed("/api/v1/campaigns/2023"), nullptr, all_read},
      {"get_campaign_missing", "GET", Fixed("/api/v1/campaigns/1999"), nullptr, {401, 404, 404, 404, 404, 404}},
      {"create_campaign", "POST", Fixed("/api/v1/campaigns"),
       Fixed(nlohmann::json{{"year", 2090},
                            {"edition", 96},
                            {"name", "2090年北京科技周"},
                            {"theme", "矩阵"},
                            {"start_date", "2090-05-20"},
                            {"end_date", "2090-05-27"},
                            {"report_deadline", "2090-06-12T18:00:00+08:00"}}
                 .dump()),
       admin_creates},
      {"update_campaign_2023", "PUT", Fixed("/api/v1/campaigns/2023"), Fixed(Campaign2023().dump()), admin_only},
      {"audit", "GET", Fixed("/api/v1/audit"), nullptr, admin_only},
      // Activities of the demo's 2023 week: 1 is 海淀区's open day (sessions 1, 2), 6 is
      // 朝阳区's plan waiting for review (session 7).
      {"list_activities", "GET", Fixed("/api/v1/campaigns/2023/activities"), nullptr, all_read},
      {"get_activity_of_110108", "GET", Fixed("/api/v1/activities/1"), nullptr, {401, 200, 200, 200, 404, 404}},
      {"get_activity_of_110105", "GET", Fixed("/api/v1/activities/6"), nullptr, {401, 200, 200, 404, 200, 404}},
      {"session_counter_of_110108",
       "GET",
       Fixed("/api/v1/sessions/1/counter"),
       nullptr,
       {401, 200, 200, 200, 404, 404}},
      {"attendees_of_110108",
       "GET",
       Fixed("/api/v1/sessions/1/attendees.xlsx"),
       nullptr,
       {401, 200, 403, 200, 404, 404}},
      {"activities_xlsx", "GET", Fixed("/api/v1/campaigns/2023/activities.xlsx"), nullptr, all_read},
      // A unit's implementation plan and leading group: its reporters, its ancestors'
      // reporters, reviewers and admins — not its check-in staff (kjg's, here).
      {"documents_of_kjg",
       "GET",
       Fixed("/api/v1/campaigns/2023/orgs/kjg/documents"),
       nullptr,
       {401, 200, 200, 404, 200, 404}},
      {"suggestions_110108",
       "GET",
       Fixed("/api/v1/campaigns/2023/reports/110108/suggestions"),
       nullptr,
       {401, 200, 200, 200, 404, 404}},
      {"lottery_not_lottery_session",
       "POST",
       Fixed("/api/v1/sessions/7/lottery"),
       Fixed("{}"),
       {401, 409, 403, 404, 409, 404}},
      {"walk_ins_of_110108",
       "PUT",
       Fixed("/api/v1/sessions/1/walk-ins"),
       Fixed(R"({"count":25})"),
       {401, 200, 403, 200, 404, 404}},
      {"checkin_unknown_code",
       "POST",
       Fixed("/api/v1/checkin"),
       Fixed(R"({"code":"0000-0000-0000-0000"})"),
       {401, 200, 403, 200, 200, 200}},
      {"public_calendar",
       "GET",
       Fixed("/api/v1/public/activities?campaign=2023"),
       nullptr,
       {200, 200, 200, 200, 200, 200}},
      {"public_activity_draft_hidden",
       "GET",
       Fixed("/api/v1/public/activities/6"),
       nullptr,
       {404, 404, 404, 404, 404, 404}},
  };
}

using Param = std::tuple<size_t, Who>;

class AuthzMatrix : public ServerSuite<::testing::TestWithParam<Param>> {
 public:
  static void SetUpTestSuite() {
    ServerSuite::SetUpTestSuite();
    if (!server_) return;
    try {
      HttpClient admin = server_->LoginAs("admin");
      for (auto w : kWhoName)
        Require(admin.Post("/api/v1/orgs", OrgBody(std::string("mx-del-") + w, "待删除", "other", "110108")), 201);
      for (const char* login : {"mx-user", "mx-pw"})
        Require(admin.Post("/api/v1/users", {{"login", login},
                                             {"name", "矩阵目标"},
                                             {"role", "reporter"},
                                             {"org_code", "110108"},
                                             {"password", "Matrix#Pass2024"}}),
                201);
    } catch (const std::exception& e) {
      error_ = std::string("preparing the matrix: ") + e.what();
      server_.reset();
    }
  }

 private:
  static void Require(const HttpResponse& r, int status) {
    if (r.status != status) {
      std::ostringstream os;
      os << "expected " << status << ", got " << r;
      throw std::runtime_error(os.str());
    }
  }
};

TEST_P(AuthzMatrix, AnswersExactStatus) {
  const auto [index, who] = GetParam();
  const Row row = Rows()[index];
  HttpClient c = who == kAnon ? Anonymous() : row.own_session ? server().LoginAs(kWhoLogin[who]) : As(kWhoLogin[who]);
  const std::string body = row.body ? row.body(who) : "";
  auto r = c.Send(row.method, row.target(who), body, row.body ? row.content_type : "");
  EXPECT_EQ(r.status, row.expected[who]) << row.method << " " << row.target(who) << " as " << kWhoName[who] << ": "
                                         << r;
  if (r.status >= 400) {
    const std::map<int, std::string> codes = {{401, "unauthenticated"},
                                              {403, "forbidden"},
                                              {404, "not_found"},
                                              {409, "conflict"},
                                              {422, "validation_failed"}};
    EXPECT_TRUE(IsError(r, r.status, codes.contains(r.status) ? codes.at(r.status) : "?"));
  }
}

INSTANTIATE_TEST_SUITE_P(Matrix, AuthzMatrix,
                         ::testing::Combine(::testing::Range<size_t>(0, Rows().size()),
                                            ::testing::Values(kAnon, kAdmin, kReviewer, kReporter, kOtherReporter,
                                                              kCheckin)),
                         [](const ::testing::TestParamInfo<Param>& info) {
                           return Rows()[std::get<0>(info.param)].name + "__" + kWhoName[std::get<1>(info.param)];
                         });

// What a refused write was refused for: the object is still as it was.
class AuthzEffects : public SharedServerTest {};

TEST_F(AuthzEffects, ReporterListSeesExactlyItsOwnSubtree) {
  auto codes = [](HttpClient c) {
    std::set<std::string> out;
    const auto page = c.Get("/api/v1/orgs?limit=500").json();
    for (const auto& o : page["items"]) out.insert(o["code"].get<std::string>());
    return out;
  };
  EXPECT_EQ(codes(As("110108")), (std::set<std::string>{"110108", "tsinghua", "pku", "iop"}));
  EXPECT_EQ(codes(As("110105")), (std::set<std::string>{"110105", "kjg", "ioz"}));
  EXPECT_EQ(codes(As("checkin")), (std::set<std::string>{"kjg"}));
  EXPECT_EQ(codes(As("reviewer")), codes(As("admin")));
  EXPECT_EQ(codes(As("admin")).size(), 33u);
  EXPECT_EQ(As("110108").Get("/api/v1/orgs").json()["total"], 4);
}

TEST_F(AuthzEffects, ReporterFiltersCannotWidenItsSubtree) {
  auto r = As("110108").Get("/api/v1/orgs?parent_code=110105");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.json()["total"], 0) << r;
  EXPECT_EQ(As("110108").Get("/api/v1/orgs?q=%E7%A7%91%E6%8A%80%E9%A6%86").json()["total"], 0);  // q=科技馆 (kjg)
}

TEST_F(AuthzEffects, RefusedWritesLeaveObjectsUnchanged) {
  HttpClient reviewer = As("reviewer");
  const auto before = As("admin").Get("/api/v1/orgs/twg").json();
  EXPECT_EQ(reviewer.Put("/api/v1/orgs/twg", OrgBody("twg", "改名", "science_base", "110102")).status, 403);
  EXPECT_EQ(reviewer.Delete("/api/v1/orgs/twg").status, 403);
  EXPECT_EQ(As("110108").Post("/api/v1/orgs", OrgBody("mx-sneak", "偷建", "other", "110108")).status, 403);
  EXPECT_EQ(As("admin").Get("/api/v1/orgs/twg").json(), before);
  EXPECT_EQ(As("admin").Get("/api/v1/orgs/mx-sneak").status, 404);
  EXPECT_EQ(As("reviewer").Put("/api/v1/users/110108", {{"role", "admin"}}).status, 403);
  EXPECT_EQ(As("110108").Get("/api/v1/me").json()["user"]["role"], "reporter");
}

}  // namespace
}  // namespace sciweek::test
