#include "domain/activity_layouts.hpp"

#include <array>
#include <memory>

#include "domain/decimal.hpp"

namespace sciweek::domain {
namespace {

Cell Int(long long v) { return Cell::Number(Hundredths{v * 100}, CellStyle::kInteger); }
Cell TotalInt(long long v) { return Cell::Number(Hundredths{v * 100}, CellStyle::kTotalInteger); }
Cell Text(std::string s) { return Cell::Text(std::move(s)); }
std::string Minute(core::UnixTime t) { return core::FormatShanghai(t).substr(0, 16).replace(10, 1, " "); }

Row Header(std::initializer_list<const char*> labels) {
  Row r;
  for (const char* l : labels) r.push_back(Cell::Text(l, CellStyle::kHeader));
  return r;
}

}  // namespace

std::string ActivityStatusLabel(ActivityStatus s) {
  switch (s) {
    case ActivityStatus::kDraft: return "草稿";
    case ActivityStatus::kSubmitted: return "待审核";
    case ActivityStatus::kApproved: return "已发布";
    case ActivityStatus::kRejected: return "已退回";
    case ActivityStatus::kCancelled: return "已取消";
  }
  return "";
}

std::string ReservationStatusLabel(const std::string& status) {
  if (status == "confirmed") return "已确认";
  if (status == "checked_in") return "已入场";
  if (status == "cancelled") return "已取消";
  if (status == "waiting") return "候补中";
  if (status == "offered") return "候补待确认";
  if (status == "applied") return "已报名抽签";
  if (status == "expired") return "候补已过期";
  return status;
}

Workbook ActivitiesWorkbook(const Campaign& campaign, const std::vector<ActivityRow>& rows) {
  Workbook book;
  book.title = std::to_string(campaign.year) + "年北京科技周活动清单";
  Sheet s;
  s.name = "活动清单";
  s.column_widths = {8, 36, 14, 10, 14, 24, 24, 18, 18, 10, 8, 10, 10, 10, 10, 30};
  s.head.push_back({Cell::Text(book.title, CellStyle::kTitle)});
  s.merges.push_back({0, 0, 0, 15});
  s.head.push_back(Header({"编号", "活动名称", "类别", "形式", "所在区", "主办单位", "承办单位", "开始时间", "结束时间",
                           "状态", "场次", "名额", "已预约", "已入场", "现场入场", "活动场所"}));
  s.freeze_rows = 2;
  s.freeze_cols = 2;
  auto it = std::make_shared<size_t>(0);
  auto totals = std::make_shared<std::array<long long, 5>>();
  s.next_row = [&rows, it, totals](Row& row) {
    if (*it >= rows.size()) return false;
    const ActivityRow& r = rows[(*it)++];
    const Activity& a = r.activity;
    const char* mode = a.mode == "offline" ? "线下" : a.mode == "online" ? "线上" : "线上线下";
    row = {Int(a.id),
           Text(a.title),
           Text(a.category),
           Text(mode),
           Text(r.district_name),
           Text(r.lead_name),
           Text(r.co_organizer_names),
           Text(Minute(a.starts_at)),
           Text(Minute(a.ends_at)),
           Text(ActivityStatusLabel(a.status)),
           Int(static_cast<long long>(a.sessions.size())),
           Int(a.TotalCapacity()),
           Int(r.reserved),
           Int(r.checked_in),
           Int(r.walk_ins),
           Text(a.venue + (a.address.empty() ? "" : "（" + a.address + "）"))};
    (*totals)[0] += static_cast<long long>(a.sessions.size());
    (*totals)[1] += a.TotalCapacity();
    (*totals)[2] += r.reserved;
    (*totals)[3] += r.checked_in;
    (*totals)[4] += r.walk_ins;
    return true;
  };
  s.tail = [totals, n = rows.size()]() {
    Row r = {Cell::Text("合计", CellStyle::kTotalText),
             Cell::Text(std::to_string(n) + "项活动", CellStyle::kTotalText)};
    for (int i = 0; i < 8; ++i) r.push_back(Cell::Empty(CellStyle::kTotalText));
    for (long long v : *totals) r.push_back(TotalInt(v));
    r.push_back(Cell::Empty(CellStyle::kTotalText));
    return std::vector<Row>{r};
  };
  s.landscape = true;
  book.sheets.push_back(std::move(s));
  return book;
}

Workbook AttendeesWorkbook(const std::string& activity_title, const Session& session,
                           const std::vector<AttendeeRow>& rows) {
  Workbook book;
  book.title = activity_title + " 预约名单";
  Sheet s;
  s.name = "预约名单";
  s.column_widths = {22, 14, 16, 8, 12, 18, 18};
  s.head.push_back({Cell::Text(book.title, CellStyle::kTitle)});
  s.merges.push_back({0, 0, 0, 6});
  s.head.push_back({Cell::Text("场次：" + Minute(session.starts_at) + " 至 " + Minute(session.ends_at).substr(11) +
                                   "　名额：" + std::to_string(session.capacity),
                               CellStyle::kNote)});
  s.merges.push_back({1, 0, 1, 6});
  s.head.push_back(Header({"票号", "姓名", "手机号", "人数", "状态", "预约时间", "入场时间"}));
  s.freeze_rows = 3;
  auto it = std::make_shared<size_t>(0);
  s.next_row = [&rows, it](Row& row) {
    if (*it >= rows.size()) return false;
    const AttendeeRow& r = rows[(*it)++];
    // Phone numbers as text: Excel would otherwise show 1.38E+10.
    row = {Text(r.ticket_no),
           Text(r.name),
           Text(r.phone),
           Int(r.party_size),
           Text(r.status_label),
           Text(Minute(r.created_at)),
           Text(r.checked_in_at ? Minute(*r.checked_in_at) : "")};
    return true;
  };
  book.sheets.push_back(std::move(s));
  return book;
}

Workbook MediaReportsWorkbook(const Campaign& campaign, const std::vector<MediaReportListRow>& rows) {
  Workbook book;
  book.title = std::to_string(campaign.year) + "年北京科技周媒体报道清单";
  Sheet s;
  s.name = "媒体报道";
  s.column_widths = {6, 12, 30, 12, 12, 20, 44, 12, 48};
  s.head.push_back({Cell::Text(book.title, CellStyle::kTitle)});
  s.merges.push_back({0, 0, 0, 8});
  s.head.push_back(
      Header({"序号", "单位代码", "单位名称", "单位类型", "所在区", "媒体名称", "报道标题", "发布日期", "链接"}));
  s.freeze_rows = 2;
  auto it = std::make_shared<size_t>(0);
  s.next_row = [&rows, it](Row& row) {
    if (*it >= rows.size()) return false;
    const MediaReportListRow& r = rows[(*it)++];
    row = {Int(static_cast<long long>(*it)),
           Text(r.unit_code),
           Text(r.unit_name),
           Text(r.type_label),
           Text(r.district_name),
           Text(r.outlet),
           Text(r.title),
           Text(r.published_on),
           Text(r.url)};
    return true;
  };
  s.tail = [n = rows.size()]() {
    Row r = {Cell::Text("合计", CellStyle::kTotalText), Cell::Text(std::to_string(n) + "篇", CellStyle::kTotalText)};
    for (int i = 0; i < 7; ++i) r.push_back(Cell::Empty(CellStyle::kTotalText));
    return std::vector<Row>{r};
  };
  s.landscape = true;
  book.sheets.push_back(std::move(s));
  return book;
}

}  // namespace sciweek::domain
