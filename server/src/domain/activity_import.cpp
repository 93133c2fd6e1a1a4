#include "domain/activity_import.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string_view>

#include "core/text.hpp"
#include "core/time.hpp"

namespace sciweek::domain {
namespace {

// The template's columns: header text → the API's field name.
constexpr std::pair<const char*, const char*> kColumns[] = {
    {"活动名称", "title"},      {"活动类别", "category"},
    {"活动形式", "mode"},       {"所在区", "district"},
    {"活动场所", "venue"},      {"地址", "address"},
    {"开始时间", "starts_at"},  {"结束时间", "ends_at"},
    {"面向对象", "audience"},   {"活动简介", "description"},
    {"联系人", "contact_name"}, {"联系电话", "contact_phone"},
    {"是否免费", "is_free"},    {"需要预约", "reservation_required"},
    {"场次", "sessions"}};
constexpr const char* kSessionsHint = "场次格式：09:00-10:00 50；2027-05-21 14:00-15:30 80（日期可省略，名额为人数）";

std::string Text(const RawValue& v) {
  if (v.kind == RawValue::Kind::kString) return core::Trim(v.text);
  if (v.kind == RawValue::Kind::kNumber && std::isfinite(v.number) && v.number == std::floor(v.number) &&
      std::fabs(v.number) < 1e15)
    return std::to_string(static_cast<long long>(v.number));
  return {};
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

struct Ymd {
  int y = 0, mo = 0, d = 0;
};

// Reads the two formats of a cell (a time, a list of sessions) left to right. Written rather
// than std::regex, as in http/link_preview.cpp: libstdc++'s matcher recurses per character, so
// its stack grows with a hostile cell; this is linear and cannot recurse.
struct Cursor {
  std::string_view text;
  size_t at = 0;

  bool AtEnd() const { return at >= text.size(); }
  // Skips ASCII white space; how much was skipped.
  size_t Spaces() {
    const size_t from = at;
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
    return at - from;
  }
  bool OneOf(std::string_view chars) {
    if (AtEnd() || chars.find(text[at]) == std::string_view::npos) return false;
    ++at;
    return true;
  }
  // min..max decimal digits (as many as there are, up to max); nothing is consumed on failure.
  std::optional<int> Digits(size_t min, size_t max) {
    size_t n = 0;
    int value = 0;
    while (n < max && at + n < text.size() && std::isdigit(static_cast<unsigned char>(text[at + n])))
      value = value * 10 + (text[at + n++] - '0');
    if (n < min) return std::nullopt;
    at += n;
    return value;
  }
  // 2027-05-20, 2027/5/20 or 2027.5.20
  std::optional<Ymd> Date() {
    const size_t from = at;
    auto y = Digits(4, 4);
    std::optional<int> mo, day;
    if (y && OneOf("-/.") && (mo = Digits(1, 2)) && OneOf("-/.") && (day = Digits(1, 2))) return Ymd{*y, *mo, *day};
    at = from;
    return std::nullopt;
  }
};

std::optional<core::UnixTime> WallTime(int y, int mo, int d, int h, int mi) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) return std::nullopt;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:00+08:00", y, mo, d, h, mi);
  return core::ParseDateTime(buf);
}

// "2027-05-20 09:00", "2027/5/20 9:00:00", "2027-05-20T09:00:00.000Z" (a spreadsheet time
// has no zone: it is read as Beijing time), or an Excel date-time serial number.
std::optional<core::UnixTime> ReadTime(const RawValue& v) {
  if (v.kind == RawValue::Kind::kNumber) {
    if (!std::isfinite(v.number) || v.number < 1 || v.number > 2958465) return std::nullopt;
    const auto wall = static_cast<long long>(std::llround((v.number - 25569.0) * 86400.0 / 60.0)) * 60;
    return wall - core::kShanghaiOffsetSeconds;
  }
  const std::string s = Replace(Text(v), "：", ":");
  Cursor c{s};
  c.Spaces();
  const auto date = c.Date();
  if (!date || !c.OneOf(" T")) return std::nullopt;
  while (c.OneOf(" T")) {
  }
  const auto h = c.Digits(1, 2);
  if (!h || !c.OneOf(":")) return std::nullopt;
  const auto mi = c.Digits(2, 2);
  if (!mi) return std::nullopt;
  if (c.OneOf(":")) {
    if (!c.Digits(2, 2)) return std::nullopt;
    if (c.OneOf(".") && !c.Digits(1, 9)) return std::nullopt;
    while (c.Digits(1, 1)) {
    }
  }
  c.OneOf("Z");
  c.Spaces();
  if (!c.AtEnd()) return std::nullopt;
  return WallTime(date->y, date->mo, date->d, *h, *mi);
}

std::optional<bool> ReadYesNo(const RawValue& v, bool empty_means) {
  if (v.kind == RawValue::Kind::kOther) return std::nullopt;  // booleans arrive as kOther: not sent by the reader
  const std::string s = Text(v);
  if (s.empty()) return empty_means;
  if (s == "是" || s == "Y" || s == "y" || s == "1") return true;
  if (s == "否" || s == "N" || s == "n" || s == "0") return false;
  return std::nullopt;
}

std::vector<std::string> SplitList(std::string s, std::initializer_list<const char*> separators) {
  for (const char* sep : separators) s = Replace(s, sep, "\n");
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t end = s.find('\n', start);
    const std::string item = core::Trim(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (!item.empty()) out.push_back(item);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

// The sessions cell; false when an entry does not read (the plan then has none).
bool ReadSessions(const std::string& cell, core::UnixTime activity_start, std::vector<Session>& out) {
  std::string s = cell;
  for (const char* dash : {"～", "~", "至", "—", "－", "–"}) s = Replace(s, dash, "-");
  s = Replace(Replace(s, "：", ":"), "人", "");
  const std::string day = core::ShanghaiDate(activity_start);
  for (const auto& entry : SplitList(s, {"；", ";"})) {
    Cursor c{entry};
    Ymd on{std::stoi(day.substr(0, 4)), std::stoi(day.substr(5, 2)), std::stoi(day.substr(8, 2))};
    // A date first, followed by a space, else the activity's first day.
    if (auto date = c.Date(); date && c.Spaces() > 0) on = *date;
    else c.at = 0;
    const auto h1 = c.Digits(1, 2);
    if (!h1 || !c.OneOf(":")) return false;
    const auto m1 = c.Digits(2, 2);
    c.Spaces();
    if (!m1 || !c.OneOf("-")) return false;
    c.Spaces();
    const auto h2 = c.Digits(1, 2);
    if (!h2 || !c.OneOf(":")) return false;
    const auto m2 = c.Digits(2, 2);
    if (!m2 || c.Spaces() == 0) return false;
    const auto capacity = c.Digits(1, 6);
    if (!capacity || !c.AtEnd()) return false;
    auto from = WallTime(on.y, on.mo, on.d, *h1, *m1);
    auto to = WallTime(on.y, on.mo, on.d, *h2, *m2);
    if (!from || !to) return false;
    Session session;
    session.starts_at = *from;
    session.ends_at = *to;
    session.capacity = *capacity;
    out.push_back(session);
  }
  return true;
}

Row HeaderRow() {
  Row r;
  for (const auto& [header, field] : kColumns) r.push_back(Cell::Text(header, CellStyle::kHeader));
  return r;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : "、") + i;
  return out;
}

}  // namespace

Workbook ActivityTemplateWorkbook(const Campaign& campaign,
                                  const std::vector<std::pair<std::string, std::string>>& districts) {
  Workbook book;
  book.title = std::to_string(campaign.year) + "年北京科技周活动导入模板";
  Sheet s;
  s.name = "活动";
  s.column_widths = {30, 12, 10, 12, 24, 30, 17, 17, 18, 40, 10, 14, 9, 9, 40};
  s.head.push_back({Cell::Text(book.title + "（每行一个活动，填写后在“活动”页面导入为草稿）", CellStyle::kTitle)});
  s.merges.push_back({0, 0, 0, static_cast<int>(std::size(kColumns)) - 1});
  s.head.push_back(HeaderRow());
  s.freeze_rows = 2;
  book.sheets.push_back(std::move(s));

  Sheet help;
  help.name = "填写说明";
  help.column_widths = {16, 100};
  auto line = [&](const std::string& a, const std::string& b) { help.head.push_back({Cell::Text(a), Cell::Text(b)}); };
  help.head.push_back({Cell::Text("填写说明", CellStyle::kTitle)});
  line("活动名称", "必填，100字以内");
  line("活动类别", "必填，" + Joined(ActivityCategories()) + " 之一");
  line("活动形式", "必填，offline（线下）、online（线上）或 hybrid（线上线下）");
  std::vector<std::string> names;
  names.reserve(districts.size());
  for (const auto& [code, name] : districts) names.push_back(name + "（" + code + "）");
  line("所在区", "必填，区的名称或单位代码：" + Joined(names));
  line("开始时间 / 结束时间", "必填，北京时间，如 " + campaign.start_date + " 09:00；须在本届科技周（" +
                                  campaign.start_date + " 至 " + campaign.end_date + "）之内");
  line("面向对象", "可多选，用顿号分隔：" + Joined(ActivityAudiences()));
  line("是否免费 / 需要预约", "填“是”或“否”，空着为“是”");
  line("场次", std::string(kSessionsHint) + "；线下活动至少一个场次，线上活动不填");
  line("示例",
       "青少年机器人编程体验 | 科普基地活动 | offline | 海淀区 | 中关村科学城展示中心 | 海淀区中关村大街1号 | " +
           campaign.start_date + " 09:00 | " + campaign.start_date +
           " 12:00 | 青少年、亲子家庭 | … | 王老师 | "
           "010-62345678 | 是 | 是 | 09:00-10:30 40；10:30-12:00 40");
  line("导入后", "每行成为本单位的一个活动草稿：核对后逐个提交审核。已有同名同时间的活动不会重复导入。");
  book.sheets.push_back(std::move(help));
  return book;
}

std::vector<ImportedActivity> ReadActivityGrid(const std::vector<ImportSheet>& sheets,
                                               std::vector<ImportProblem>& problems) {
  std::vector<ImportedActivity> out;
  for (const auto& sheet : sheets) {
    const size_t limit = std::min<size_t>(sheet.rows.size(), 12);
    std::optional<size_t> header;
    std::map<std::string, size_t> col;  // field → column
    for (size_t r = 0; r < limit && !header; ++r) {
      std::map<std::string, size_t> found;
      for (size_t c = 0; c < sheet.rows[r].size(); ++c)
        for (const auto& [text, field] : kColumns)
          if (Text(sheet.rows[r][c]) == text && !found.contains(field)) found[field] = c;
      if (found.contains("title") && found.contains("starts_at")) header = r, col = std::move(found);
    }
    if (!header) continue;
    for (size_t r = *header + 1; r < sheet.rows.size(); ++r) {
      const auto& row = sheet.rows[r];
      auto cell = [&](const char* field) -> const RawValue& {
        static const RawValue kEmpty;
        auto it = col.find(field);
        return it == col.end() || it->second >= row.size() ? kEmpty : row[it->second];
      };
      bool blank = true;
      for (const auto& v : row) blank = blank && Text(v).empty() && v.kind != RawValue::Kind::kNumber;
      if (blank) continue;
      ImportedActivity a;
      a.sheet = sheet.name;
      a.row = static_cast<int>(r) + 1;
      for (const auto& [field, c] : col) a.cells[field] = CellName(static_cast<int>(r), static_cast<int>(c));
      auto problem = [&](const std::string& field, const std::string& message) {
        a.problems.push_back(
            {sheet.name, a.cells.contains(field) ? a.cells[field] : "", "", field, "invalid", message});
      };
      auto& p = a.plan;
      p.title = Text(cell("title"));
      p.category = Text(cell("category"));
      p.mode = Text(cell("mode"));
      if (p.mode == "线下") p.mode = "offline";
      if (p.mode == "线上") p.mode = "online";
      if (p.mode == "线上线下") p.mode = "hybrid";
      p.district_code = Text(cell("district"));
      p.venue = Text(cell("venue"));
      p.address = Text(cell("address"));
      p.description = Text(cell("description"));
      p.contact_name = Text(cell("contact_name"));
      p.contact_phone = Text(cell("contact_phone"));
      p.audience = SplitList(Text(cell("audience")), {"、", "，", ",", "；", ";"});
      const auto start = ReadTime(cell("starts_at")), end = ReadTime(cell("ends_at"));
      if (!start) problem("starts_at", "开始时间须为北京时间，如 2027-05-20 09:00");
      if (!end) problem("ends_at", "结束时间须为北京时间，如 2027-05-20 12:00");
      p.starts_at = start.value_or(0);
      p.ends_at = end.value_or(0);
      const auto is_free = ReadYesNo(cell("is_free"), true),
                 reservation = ReadYesNo(cell("reservation_required"), true);
      if (!is_free) problem("is_free", "是否免费须填“是”或“否”");
      if (!reservation) problem("reservation_required", "需要预约须填“是”或“否”");
      p.is_free = is_free.value_or(true);
      p.reservation_required = reservation.value_or(true);
      const std::string sessions = Text(cell("sessions"));
      if (start && !sessions.empty() && !ReadSessions(sessions, *start, p.sessions)) {
        p.sessions.clear();
        problem("sessions", kSessionsHint);
      }
      out.push_back(std::move(a));
    }
  }
  if (out.empty())
    problems.push_back({"", "", "", "", "no_table",
                        "文件中没有找到活动表：请使用本页下载的活动导入模板（表头须有“活动名称”和“开始时间”）"});
  return out;
}

std::string CellOfField(const ImportedActivity& a, const std::string& field) {
  const std::string base = field.substr(0, field.find_first_of(".["));
  auto it = a.cells.find(base);
  return it == a.cells.end() ? CellName(a.row - 1, 0) : it->second;
}

}  // namespace sciweek::domain
