#include "domain/activity.hpp"

#include <algorithm>
#include <set>

#include "core/text.hpp"

namespace sciweek::domain {
namespace {

constexpr std::string_view kStatusNames[] = {"draft", "submitted", "approved", "rejected", "cancelled"};

void CheckText(std::vector<core::FieldProblem>& p, const std::string& v, const char* field, const char* label,
               size_t max, bool required, bool newlines = false) {
  if (required && core::Trim(v).empty()) {
    p.push_back({field, "required", std::string(label) + "不能为空", 0});
    return;
  }
  if (!core::IsCleanUtf8(v, newlines) || core::Utf8Length(v) > max)
    p.push_back({field, "invalid", std::string(label) + "不能超过" + std::to_string(max) + "个字符", 0});
}

bool Contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

std::optional<ActivityStatus> ParseActivityStatus(std::string_view name) {
  for (size_t i = 0; i < std::size(kStatusNames); ++i)
    if (kStatusNames[i] == name) return static_cast<ActivityStatus>(i);
  return std::nullopt;
}

std::string_view ActivityStatusName(ActivityStatus s) { return kStatusNames[static_cast<size_t>(s)]; }

const std::vector<std::string>& ActivityCategories() {
  static const std::vector<std::string> k = {"主场活动", "分会场活动",   "区域特色活动", "行业品牌活动",
                                             "开放日",   "科普基地活动", "线上活动",     "其他"};
  return k;
}

const std::vector<std::string>& ActivityAudiences() {
  static const std::vector<std::string> k = {"青少年", "公众", "专业人员", "教师", "老年人", "亲子家庭"};
  return k;
}

const std::vector<std::string>& ActivityModes() {
  static const std::vector<std::string> k = {"offline", "online", "hybrid"};
  return k;
}

long long Activity::TotalCapacity() const {
  long long total = 0;
  for (const auto& s : sessions) total += s.capacity;
  return total;
}

std::vector<core::FieldProblem> ValidateActivity(const Activity& a, core::UnixTime week_start,
                                                 core::UnixTime week_end) {
  std::vector<core::FieldProblem> p;
  CheckText(p, a.title, "title", "活动名称", 100, true);
  if (!Contains(ActivityCategories(), a.category))
    p.push_back({"category", "invalid",
                 "活动类别须为：主场活动、分会场活动、区域特色活动、行业品牌活动、开放日、科普基地活动、线上活动或其他",
                 0});
  if (!Contains(ActivityModes(), a.mode))
    p.push_back({"mode", "invalid", "活动形式须为 offline（线下）、online（线上）或 hybrid（线上线下）", 0});
  CheckText(p, a.venue, "venue", "活动场所", 100, a.offline());
  CheckText(p, a.address, "address", "地址", 200, a.offline());
  CheckText(p, a.description, "description", "活动简介", 2000, false, true);
  CheckText(p, a.contact_name, "contact_name", "联系人", 50, false);
  CheckText(p, a.contact_phone, "contact_phone", "联系电话", 30, false);
  CheckText(p, a.security_owner, "security_owner", "网络安全责任人", 50, false);
  if (!a.online_url.empty() && a.online_url.rfind("https://", 0) != 0 && a.online_url.rfind("http://", 0) != 0)
    p.push_back({"online_url", "invalid", "线上平台地址须以 http:// 或 https:// 开头", 0});
  else CheckText(p, a.online_url, "online_url", "线上平台地址", 500, false);
  std::set<std::string> seen;
  for (const auto& aud : a.audience) {
    if (!Contains(ActivityAudiences(), aud)) {
      p.push_back({"audience", "invalid", "面向对象须为：青少年、公众、专业人员、教师、老年人、亲子家庭", 0});
      break;
    }
    if (!seen.insert(aud).second) {
      p.push_back({"audience", "invalid", "面向对象不能重复", 0});
      break;
    }
  }
  if (a.safe_occupancy && (*a.safe_occupancy < 1 || *a.safe_occupancy > 1000000))
    p.push_back({"safe_occupancy", "invalid", "场馆安全容量须为1至1000000的整数", 0});
  if (a.ends_at <= a.starts_at) p.push_back({"ends_at", "invalid", "结束时间须晚于开始时间", 0});
  // The week's dates, and a day after its end for events that run late.
  if (a.starts_at < week_start || a.ends_at > week_end + core::kSecondsPerDay)
    p.push_back({"starts_at", "invalid", "活动时间须在本届科技周的日期范围内", 0});
  if (a.sessions.size() > 200) p.push_back({"sessions", "invalid", "场次不能超过200个", 0});
  for (size_t i = 0; i < a.sessions.size() && i < 200; ++i) {
    const auto& s = a.sessions[i];
    const std::string f = "sessions[" + std::to_string(i) + "]";
    if (s.capacity < 1 || s.capacity > 100000)
      p.push_back({f + ".capacity", "invalid", "场次名额须为1至100000的整数", 0});
    if (s.ends_at <= s.starts_at) p.push_back({f + ".ends_at", "invalid", "场次结束时间须晚于开始时间", 0});
    if (s.starts_at < a.starts_at || s.ends_at > a.ends_at)
      p.push_back({f + ".starts_at", "invalid", "场次时间须在活动时间之内", 0});
    if (s.lottery_cutoff && !s.high_demand)
      p.push_back({f + ".lottery_cutoff", "invalid", "只有热门场次可以设置抽签截止时间", 0});
    if (s.lottery_cutoff && *s.lottery_cutoff >= s.starts_at)
      p.push_back({f + ".lottery_cutoff", "invalid", "抽签截止时间须早于场次开始时间", 0});
    if (s.opens_at && *s.opens_at >= s.starts_at)
      p.push_back({f + ".opens_at", "invalid", "开放预约时间须早于场次开始时间", 0});
    if (s.opens_at && s.lottery_cutoff && *s.lottery_cutoff <= *s.opens_at)
      p.push_back({f + ".lottery_cutoff", "invalid", "抽签截止时间须晚于开放预约时间", 0});
  }
  if (a.mode == "online" && !a.sessions.empty()) p.push_back({"sessions", "invalid", "线上活动不设场次", 0});
  return p;
}

std::vector<core::FieldProblem> SafetyProblems(const Activity& a, long long large_event_threshold,
                                               bool has_emergency_plan) {
  std::vector<core::FieldProblem> p;
  if (a.offline()) {
    if (a.sessions.empty()) p.push_back({"sessions", "required", "线下活动须至少设置一个场次", 0});
    if (a.TotalCapacity() >= large_event_threshold && !has_emergency_plan)
      p.push_back(
          {"emergency_plan", "required",
           "线下活动总名额达到" + std::to_string(large_event_threshold) + "人，须先上传应急预案（含消防、防踩踏措施）",
           0});
  }
  if (a.online()) {
    if (core::Trim(a.online_url).empty()) p.push_back({"online_url", "required", "线上活动须填写平台地址", 0});
    if (core::Trim(a.security_owner).empty())
      p.push_back({"security_owner", "required", "线上活动须指定网络安全责任人", 0});
  }
  return p;
}

}  // namespace sciweek::domain
