#include "app/demo_activities.hpp"

#include <stdexcept>

#include "core/crypto.hpp"
#include "domain/reservation.hpp"
#include "store/activity_store.hpp"
#include "store/reservation_store.hpp"

namespace sciweek::app {
namespace {

core::UnixTime At(const char* text) { return *core::ParseDateTime(text); }

domain::Session Slot(const char* start, const char* end, int capacity) {
  domain::Session s;
  s.starts_at = At(start);
  s.ends_at = At(end);
  s.capacity = capacity;
  return s;
}

struct Plan {
  DemoActivityText text;
  std::vector<domain::Session> sessions;
  domain::ActivityStatus status = domain::ActivityStatus::kApproved;
  std::vector<std::string> co_organizers = {};
};

}  // namespace

domain::Activity DescribedActivity(const DemoActivityText& t) {
  domain::Activity a;
  a.title = t.title;
  a.category = t.category;
  a.mode = t.mode;
  a.district_code = t.district;
  a.venue = t.venue;
  a.address = t.address;
  a.description = t.description;
  a.contact_name = "科普工作联系人";
  a.contact_phone = "010-66660000";
  return a;
}

int AddDemoActivities(store::Tx& tx, long long now) {
  using domain::ActivityStatus;
  const std::vector<Plan> plans = {
      {{"110108", "中关村科学城青少年科学实验开放日", "区域特色活动", "offline", "110108", "中关村科学城展示中心",
        "海淀区中关村大街1号", "面向中小学生的动手实验：机器人编程、趣味化学、光学小实验。"},
       {Slot("2023-05-20T09:00:00+08:00", "2023-05-20T11:00:00+08:00", 60),
        Slot("2023-05-20T14:00:00+08:00", "2023-05-20T16:00:00+08:00", 60)}},
      {{"tsinghua", "清华大学实验室开放日", "开放日", "offline", "110108", "清华大学主楼", "海淀区清华园1号",
        "开放重点实验室，科学家现场讲解前沿研究。"},
       {Slot("2023-05-21T09:00:00+08:00", "2023-05-21T12:00:00+08:00", 100)},
       ActivityStatus::kApproved,
       {"iop"}},
      {{"iop", "中国科学院物理研究所公众科学日", "开放日", "offline", "110108", "中国科学院物理研究所",
        "海淀区中关村南三街8号", "走进超导、量子与材料实验室。"},
       {Slot("2023-05-27T09:00:00+08:00", "2023-05-27T16:00:00+08:00", 300)}},
      {{"110112", "城市绿心科普嘉年华", "分会场活动", "offline", "110112", "北京城市绿心森林公园",
        "通州区北京城市绿心森林公园", "“遇见2023·和谐共生”主题科普互动体验。"},
       {Slot("2023-05-20T09:30:00+08:00", "2023-05-20T12:00:00+08:00", 200),
        Slot("2023-05-21T09:30:00+08:00", "2023-05-21T12:00:00+08:00", 200)}},
      {{"skx", "科学家讲科学·线上直播", "线上活动", "online", "110102", "", "", "科学家在线科普讲座，直播互动答疑。"},
       {}},
      {{"110105", "朝阳区人工智能科普展", "区域特色活动", "offline", "110105", "朝阳规划艺术馆", "朝阳区北辰东路",
        "人工智能互动展项与讲座。"},
       {Slot("2023-05-24T09:00:00+08:00", "2023-05-24T17:00:00+08:00", 150)},
       ActivityStatus::kSubmitted},
  };
  int added = 0;
  for (const auto& p : plans) {
    domain::Activity a = DescribedActivity(p.text);
    a.campaign_year = 2023;
    a.lead_org = p.text.lead;
    a.audience = {"青少年", "公众"};
    a.sessions = p.sessions;
    a.co_organizers = p.co_organizers;
    a.starts_at = p.sessions.empty() ? At("2023-05-22T19:00:00+08:00") : p.sessions.front().starts_at;
    a.ends_at = p.sessions.empty() ? At("2023-05-22T20:30:00+08:00") : p.sessions.back().ends_at;
    if (a.online()) {
      a.online_url = "https://live.example.cn/kejizhou2023";
      a.security_owner = "王工（网络安全负责人）";
    }
    a.status = p.status;
    a.created_at = a.updated_at = now;
    a.created_by = a.updated_by = "demo";
    if (p.status != ActivityStatus::kDraft) a.submitted_at = now;
    a.id = store::ActivityStore::Insert(tx, a);
    if (p.status == ActivityStatus::kApproved) {
      a.reviewed_at = now;
      a.reviewed_by = "reviewer";
      // The row was inserted just now in this transaction: nothing else can have changed it.
      if (!store::ActivityStore::UpdateStatus(tx, a)) throw std::runtime_error("demo activity approval did not apply");
    }
    ++added;
  }
  // The 海淀区 open day: 30 reservations in its first session, 25 checked in, and walk-ins.
  auto first = store::ActivityStore::List(tx, {2023, "approved", "110108", "", "中关村科学城", 1, 0}, nullptr);
  if (!first.empty() && !first.front().sessions.empty()) {
    const auto& s = first.front().sessions.front();
    const char* names[] = {"张", "王", "李", "赵", "刘", "陈"};
    for (int i = 0; i < 30; ++i) {
      store::ReservationRow r;
      r.session_id = s.id;
      unsigned char bytes[10];
      core::RandomBytes(bytes, sizeof bytes);
      r.ticket_no = domain::TicketNoFromBytes(bytes);
      r.name = std::string(names[i % 6]) + "同学";
      r.phone = "1380000" + std::to_string(1000 + i);
      r.party_size = 1 + i % 3;
      r.status = domain::ReservationStatus::kConfirmed;
      r.day = "2023-05-20";
      r.created_at = r.updated_at = now;
      if (!store::ReservationStore::TryTake(tx, s.id, r.party_size)) break;
      auto id = store::ReservationStore::Insert(tx, r);
      // A fresh confirmed row checks in; the scan is logged only for a check-in that applied.
      if (id && i < 25 && store::ReservationStore::CheckIn(tx, *id, s.starts_at + 300 + i * 20, "checkin")) {
        store::ReservationStore::LogScan(tx, *id, s.id, "in", s.starts_at + 300 + i * 20, "checkin");
      }
    }
    store::ActivityStore::SetWalkIns(tx, s.id, 25);
  }
  return added;
}

}  // namespace sciweek::app
