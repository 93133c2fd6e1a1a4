#include "app/demo_season.hpp"

#include "app/demo_activities.hpp"
#include "app/demo_actors.hpp"
#include "app/demo_document.hpp"
#include "app/demo_season_reports.hpp"
#include "service/activities/activity_service.hpp"
#include "service/activities/public_catalog.hpp"
#include "service/campaigns/campaign_service.hpp"
#include "service/support/file_store.hpp"
#include "store/campaign_store.hpp"

namespace sciweek::app {
namespace {

constexpr core::UnixTime kDay = 86400;

struct SlotPlan {
  int day;  // of the week, 0 = its first day
  int from_hour, from_minute, to_hour, to_minute;
  int capacity;
  bool lottery = false;  // high demand: applications until the eve of the week, then a draw
};

struct ActivityPlan {
  DemoActivityText text;
  std::vector<SlotPlan> slots;
  std::vector<std::string> co_organizers = {};
  std::vector<std::string> audience = {"青少年", "公众"};
};

// Across districts and categories: 海淀's open day (first come), two high-demand sessions
// with a lottery (清华, 天文馆), 通州's sub-venue with two co-organizers, the main event at
// 中国科技馆 large enough to need an emergency plan, an online lecture, and more.
const std::vector<ActivityPlan>& Plans() {
  static const std::vector<ActivityPlan> k = {
      {{"110108", "中关村科学城青少年科学实验开放日", "区域特色活动", "offline", "110108", "中关村科学城展示中心",
        "海淀区中关村大街1号", "面向中小学生的动手实验：机器人编程、趣味化学、光学小实验。"},
       {{0, 9, 0, 11, 0, 60}, {0, 14, 0, 16, 0, 60}, {1, 9, 0, 11, 0, 60}}},
      {{"tsinghua", "清华大学重点实验室开放日", "开放日", "offline", "110108", "清华大学主楼", "海淀区清华园1号",
        "开放重点实验室，科学家现场讲解前沿研究。名额有限，抽签确定。"},
       {{1, 9, 0, 12, 0, 100, true}, {2, 9, 0, 12, 0, 100, true}},
       {"iop"}},
      {{"twg", "天文馆星空夜：望远镜观测月球与行星", "科普基地活动", "offline", "110102", "北京天文馆",
        "西城区西直门外大街138号", "天文学家带领观测，讲解月面地形与行星。热门场次，抽签确定。"},
       {{2, 19, 0, 21, 0, 40, true}},
       {},
       {"亲子家庭", "青少年"}},
      {{"110112", "城市绿心科普嘉年华（通州分会场）", "分会场活动", "offline", "110112", "北京城市绿心森林公园",
        "通州区北京城市绿心森林公园", "分会场互动体验：生态科普、城市建设科技、消防安全体验。"},
       {{3, 9, 30, 12, 0, 200}, {4, 9, 30, 12, 0, 200}},
       {"btjt", "sylj"}},
      {{"kjg", "科技周主场活动·科学嘉年华", "主场活动", "offline", "110105", "中国科学技术馆", "朝阳区北辰东路5号",
        "主场集中展示前沿科技成果，设互动展区与科学表演。大型活动，已备应急预案。"},
       {{0, 9, 0, 17, 0, 1500}, {1, 9, 0, 17, 0, 1500}},
       {},
       {"公众", "亲子家庭", "青少年"}},
      {{"skx", "科学家讲科学·线上直播", "线上活动", "online", "110102", "", "", "科学家在线科普讲座，直播互动答疑。"},
       {}},
      {{"iop", "中国科学院物理研究所公众科学日", "开放日", "offline", "110108", "中国科学院物理研究所",
        "海淀区中关村南三街8号", "走进超导、量子与材料实验室。"},
       {{5, 9, 0, 16, 0, 300}}},
      {{"110105", "朝阳区人工智能科普展", "区域特色活动", "offline", "110105", "朝阳规划艺术馆", "朝阳区北辰东路",
        "人工智能互动展项与讲座。"},
       {{2, 9, 0, 17, 0, 150}, {3, 9, 0, 17, 0, 150}}},
      {{"zrbwg", "自然博物馆恐龙化石修复体验", "科普基地活动", "offline", "110101", "北京自然博物馆",
        "东城区天桥南大街126号", "跟随研究人员体验化石修复。"},
       {{4, 14, 0, 16, 0, 30}},
       {},
       {"亲子家庭"}},
      {{"etdz-ent", "亦庄智能制造开放工厂", "行业品牌活动", "offline", "bda", "北京亦庄创新企业示范中心",
        "北京经济技术开发区科创街", "参观机器人产线与无人配送。"},
       {{5, 10, 0, 12, 0, 80}},
       {},
       {"公众", "专业人员"}},
  };
  return k;
}

domain::Activity ToActivity(const ActivityPlan& p, const SeasonWeek& week) {
  const core::UnixTime first_day = SeasonDayStart(week.start_date);
  domain::Activity a = DescribedActivity(p.text);
  a.audience = p.audience;
  a.co_organizers = p.co_organizers;
  for (const auto& s : p.slots) {
    domain::Session session;
    const core::UnixTime day = first_day + s.day * kDay;
    session.starts_at = day + s.from_hour * 3600 + s.from_minute * 60;
    session.ends_at = day + s.to_hour * 3600 + s.to_minute * 60;
    session.capacity = s.capacity;
    if (s.lottery) {
      session.high_demand = true;
      session.lottery_cutoff = first_day - 4 * 3600;  // 20:00 on the eve of the week
    }
    a.sessions.push_back(session);
  }
  if (a.sessions.empty()) {  // the online lecture: the second evening
    a.starts_at = first_day + kDay + 19 * 3600;
    a.ends_at = a.starts_at + 90 * 60;
  } else {
    a.starts_at = a.sessions.front().starts_at;
    a.ends_at = a.sessions.front().ends_at;
    for (const auto& s : a.sessions) {
      a.starts_at = std::min(a.starts_at, s.starts_at);
      a.ends_at = std::max(a.ends_at, s.ends_at);
    }
  }
  if (a.online()) {
    a.online_url = "https://live.example.cn/kejizhou" + std::to_string(week.year);
    a.security_owner = "王工（网络安全负责人）";
  }
  return a;
}

// Plans, files, submits and publishes each activity: the lead unit's reporter writes and
// submits it (the large event with its emergency plan), the reviewer approves it.
core::Result<int> PublishActivities(store::Db& db, DemoActors& people, service::FileStore& files,
                                    const SeasonWeek& week, core::UnixTime now) {
  service::PublicCatalog catalog(db);
  service::ActivityService activities(db, files, catalog);
  int added = 0;
  for (const auto& p : Plans()) {
    const auto unit = people.As(p.text.lead, now - 10 * kDay);
    auto created = activities.Create(unit, week.year, ToActivity(p, week), "");
    if (!created) return DemoStepFailed(p.text.title, created.error());
    const long long id = created->activity.id;
    if (created->activity.offline() && created->activity.TotalCapacity() >= 500) {
      auto pdf = WriteDemoPdf(files);
      if (!pdf) return pdf.error();
      auto plan = activities.UploadFile(unit, id, "emergency_plan", "应急预案.pdf", *pdf);
      if (!plan) return DemoStepFailed(p.text.title, plan.error());
    }
    if (auto s = activities.Submit(unit, id); !s) return DemoStepFailed(p.text.title, s.error());
    if (auto s = activities.Approve(people.As("reviewer", now - 7 * kDay), id); !s)
      return DemoStepFailed(p.text.title, s.error());
    ++added;
  }
  return added;
}

}  // namespace

core::UnixTime SeasonDayStart(const std::string& date) {
  return *core::ParseDate(date) * kDay - core::kShanghaiOffsetSeconds;
}

SeasonWeek SeasonWeekFor(core::UnixTime now) {
  SeasonWeek w;
  w.start_date = core::ShanghaiDate(now + 3 * kDay);
  w.end_date = core::ShanghaiDate(now + 9 * kDay);
  if (w.start_date.substr(0, 4) != w.end_date.substr(0, 4)) {
    w.start_date = w.end_date.substr(0, 4) + "-01-01";
    w.end_date = w.end_date.substr(0, 4) + "-01-07";
  }
  w.year = std::stoi(w.start_date.substr(0, 4));
  return w;
}

core::Result<SeasonSummary> AddLivingSeason(store::Db& db, service::FileStore& files, core::UnixTime now) {
  const SeasonWeek week = SeasonWeekFor(now);
  SeasonSummary sum;
  auto exists = db.Read<bool>(
      [&](store::Tx& tx) -> core::Result<bool> { return store::CampaignStore::Find(tx, week.year).has_value(); });
  if (!exists) return exists.error();
  if (*exists) return sum;

  DemoActors people(db);
  service::CampaignService campaigns(db);
  domain::Campaign c;
  c.year = week.year;
  c.edition = week.year - 1994;  // 2023 was the 29th
  c.name = std::to_string(week.year) + "年北京科技周";
  c.theme = "科技创新 美好生活";
  c.start_date = week.start_date;
  c.end_date = week.end_date;
  c.report_deadline = SeasonDeadline(week);
  c.contacts = {{"栗英轩", "55577988"}, {"李杨", "88827919"}};
  c.contact_email = "kejizhou@example.org.cn";
  c.mailing_address = "海淀区阜成路73号裕惠大厦C座1020房间 李杨收";
  c.report_review_levels = 2;  // districts review their units' tables first (issue 10 §2)
  const auto admin = people.As("admin", now - 20 * kDay);
  auto created = campaigns.Create(admin, c);
  if (!created) return DemoStepFailed("campaign", created.error());
  created->status = domain::CampaignStatus::kOpen;
  if (auto s = campaigns.Update(admin, *created); !s) return DemoStepFailed("campaign", s.error());

  auto published = PublishActivities(db, people, files, week, now);
  if (!published) return published.error();
  auto reports = PlayReportingPhase(db, people, files, week);
  if (!reports) return reports.error();
  sum.year = week.year;
  sum.start_date = week.start_date;
  sum.end_date = week.end_date;
  sum.activities = *published;
  sum.reports = *reports;
  return sum;
}

}  // namespace sciweek::app
