// Campaigns: the 2023 demo campaign exactly as the notice states, creating a new year
// (draft), the status path draft → open → closed → archived, and validation.
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

nlohmann::json NewCampaign(int year) {
  const std::string y = std::to_string(year);
  return {{"year", year},
          {"edition", year - 1994},
          {"name", y + "年北京科技周"},
          {"theme", "科技创新 引领未来"},
          {"start_date", y + "-05-18"},
          {"end_date", y + "-05-25"},
          {"report_deadline", y + "-06-10T18:00:00+08:00"},
          {"contacts", {{{"name", "栗英轩"}, {"phone", "55577988"}}}},
          {"contact_email", "kjz@example.cn"},
          {"mailing_address", "海淀区阜成路73号"}};
}

// The PUT body for a campaign: what GET answers, minus the year, with a new status.
nlohmann::json WithStatus(nlohmann::json c, const std::string& status) {
  c.erase("year");
  c["status"] = status;
  return c;
}

class CampaignsTest : public SharedServerTest {};

TEST_F(CampaignsTest, Campaign2023ShowsExactlyTheNoticesValues) {
  auto r = As("110108").Get("/api/v1/campaigns/2023");
  ASSERT_EQ(r.status, 200) << r;
  auto c = r.json();
  EXPECT_EQ(c["year"], 2023);
  EXPECT_EQ(c["edition"], 29);
  EXPECT_EQ(c["theme"], "热爱科学 崇尚科学");
  EXPECT_EQ(c["start_date"], "2023-05-20");
  EXPECT_EQ(c["end_date"], "2023-05-31");
  EXPECT_EQ(c["report_deadline"], "2023-06-12T18:00:00+08:00");
  EXPECT_EQ(c["status"], "open");
  EXPECT_EQ(c["contacts"],
            (nlohmann::json{{{"name", "栗英轩"}, {"phone", "55577988"}}, {{"name", "李杨"}, {"phone", "88827919"}}}));
  EXPECT_NE(c["name"].get<std::string>().find("科技周"), std::string::npos) << c["name"];
  EXPECT_TRUE(c.contains("contact_email"));
  EXPECT_TRUE(c.contains("mailing_address"));
}

TEST_F(CampaignsTest, CreateNewYearAnswers201AsDraftAndIsListedNewestFirst) {
  HttpClient a = As("admin");
  auto r = a.Post("/api/v1/campaigns", NewCampaign(2024));
  ASSERT_EQ(r.status, 201) << r;
  auto c = r.json();
  EXPECT_EQ(c["status"], "draft");
  EXPECT_EQ(c["edition"], 30);
  EXPECT_EQ(c["report_deadline"], "2024-06-10T18:00:00+08:00");
  EXPECT_EQ(a.Get("/api/v1/campaigns/2024").json(), c);
  auto list = As("reviewer").Get("/api/v1/campaigns").json();
  ASSERT_GE(list["items"].size(), 2u);
  EXPECT_EQ(list["total"], list["items"].size());
  for (size_t i = 1; i < list["items"].size(); ++i)
    EXPECT_GT(list["items"][i - 1]["year"].get<int>(), list["items"][i]["year"].get<int>());
}

TEST_F(CampaignsTest, DuplicateYearIs409AndKeepsTheOriginal) {
  HttpClient a = As("admin");
  const auto before = a.Get("/api/v1/campaigns/2023").json();
  auto r = a.Post("/api/v1/campaigns", NewCampaign(2023));
  EXPECT_TRUE(IsError(r, 409, "conflict"));
  EXPECT_EQ(a.Get("/api/v1/campaigns/2023").json(), before);
}

TEST_F(CampaignsTest, InvalidDatesAre422NamingTheField) {
  HttpClient a = As("admin");
  struct Case {
    const char* field;
    const char* value;
    const char* expect_field;
  } cases[] = {{"end_date", "2026-05-01", "end_date"},                               // before the start
               {"start_date", "2026-02-30", "start_date"},                           // no such day
               {"start_date", "26-05-18", "start_date"},                             // not YYYY-MM-DD
               {"start_date", "2027-05-18", "start_date"},                           // outside the year
               {"report_deadline", "2026-06-10T25:00:00+08:00", "report_deadline"},  // no such hour
               {"report_deadline", "六月中旬", "report_deadline"},
               {"report_deadline", "2026-05-20T18:00:00+08:00", "report_deadline"}};  // before the end
  for (const auto& k : cases) {
    auto body = NewCampaign(2026);
    body[k.field] = k.value;
    auto r = a.Post("/api/v1/campaigns", body);
    EXPECT_TRUE(IsError(r, 422, "validation_failed")) << k.field << "=" << k.value;
    EXPECT_TRUE(HasDetail(r, k.expect_field)) << k.field << "=" << k.value;
  }
  EXPECT_EQ(a.Get("/api/v1/campaigns/2026").status, 404);
}

TEST_F(CampaignsTest, CreatingWithAStatusOtherThanDraftIsRefused) {
  auto body = NewCampaign(2027);
  body["status"] = "open";
  auto r = As("admin").Post("/api/v1/campaigns", body);
  EXPECT_TRUE(IsError(r, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(r, "status"));
  EXPECT_EQ(As("admin").Get("/api/v1/campaigns/2027").status, 404);
}

TEST_F(CampaignsTest, StatusMovesDraftOpenClosedArchived) {
  HttpClient a = As("admin");
  auto created = a.Post("/api/v1/campaigns", NewCampaign(2028));
  ASSERT_EQ(created.status, 201) << created;
  for (std::string status : {"open", "closed", "archived"}) {
    auto r = a.Put("/api/v1/campaigns/2028", WithStatus(created.json(), status));
    ASSERT_EQ(r.status, 200) << status << ": " << r;
    EXPECT_EQ(r.json()["status"], status);
    EXPECT_EQ(a.Get("/api/v1/campaigns/2028").json()["status"], status);
  }
  auto back = a.Put("/api/v1/campaigns/2028", WithStatus(created.json(), "open"));
  EXPECT_TRUE(IsError(back, 422, "validation_failed")) << "archived is final";
  EXPECT_EQ(a.Get("/api/v1/campaigns/2028").json()["status"], "archived");
  auto log = a.Get("/api/v1/audit?entity_type=campaign&entity_id=2028").json();
  EXPECT_EQ(log["total"], 4) << log;  // created, open, closed, archived
}

TEST_F(CampaignsTest, DraftCannotJumpToArchivedOrClosed) {
  HttpClient a = As("admin");
  auto created = a.Post("/api/v1/campaigns", NewCampaign(2029));
  ASSERT_EQ(created.status, 201) << created;
  for (std::string status : {"archived", "closed"}) {
    auto r = a.Put("/api/v1/campaigns/2029", WithStatus(created.json(), status));
    EXPECT_TRUE(IsError(r, 422, "validation_failed")) << status;
    EXPECT_TRUE(HasDetail(r, "status")) << status;
  }
  auto bogus = a.Put("/api/v1/campaigns/2029", WithStatus(created.json(), "published"));
  EXPECT_TRUE(HasDetail(bogus, "status")) << bogus;
  EXPECT_EQ(a.Get("/api/v1/campaigns/2029").json()["status"], "draft");
}

TEST_F(CampaignsTest, UpdateChangesFieldsButNotTheYear) {
  HttpClient a = As("admin");
  auto created = a.Post("/api/v1/campaigns", NewCampaign(2030));
  ASSERT_EQ(created.status, 201) << created;
  auto body = WithStatus(created.json(), "draft");
  body["theme"] = "新主题";
  auto r = a.Put("/api/v1/campaigns/2030", body);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(a.Get("/api/v1/campaigns/2030").json()["theme"], "新主题");
  body["year"] = 2031;
  auto moved = a.Put("/api/v1/campaigns/2030", body);
  EXPECT_TRUE(IsError(moved, 422, "validation_failed"));
  EXPECT_TRUE(HasDetail(moved, "year"));
  EXPECT_EQ(a.Get("/api/v1/campaigns/2031").status, 404);
}

TEST_F(CampaignsTest, UnknownYearIs404ForReadAndUpdate) {
  HttpClient a = As("admin");
  EXPECT_TRUE(IsError(a.Get("/api/v1/campaigns/2099"), 404, "not_found"));
  EXPECT_TRUE(IsError(a.Put("/api/v1/campaigns/2099", WithStatus(NewCampaign(2099), "draft")), 404, "not_found"));
  EXPECT_TRUE(IsError(a.Get("/api/v1/campaigns/20x3"), 404, "not_found"));
}

}  // namespace
}  // namespace sciweek::test
