#include "domain/campaign.hpp"

#include "core/text.hpp"
#include "domain/review.hpp"

namespace sciweek::domain {

std::optional<CampaignStatus> ParseCampaignStatus(std::string_view n) {
  if (n == "draft") return CampaignStatus::kDraft;
  if (n == "open") return CampaignStatus::kOpen;
  if (n == "closed") return CampaignStatus::kClosed;
  if (n == "archived") return CampaignStatus::kArchived;
  return std::nullopt;
}

std::string_view CampaignStatusName(CampaignStatus s) {
  switch (s) {
    case CampaignStatus::kDraft: return "draft";
    case CampaignStatus::kOpen: return "open";
    case CampaignStatus::kClosed: return "closed";
    case CampaignStatus::kArchived: return "archived";
  }
  return "draft";
}

bool CanMoveCampaign(CampaignStatus from, CampaignStatus to) {
  using S = CampaignStatus;
  if (from == to) return true;
  switch (from) {
    case S::kDraft: return to == S::kOpen;
    case S::kOpen: return to == S::kClosed;
    case S::kClosed: return to == S::kOpen || to == S::kArchived;
    case S::kArchived: return false;
  }
  return false;
}

std::vector<core::FieldProblem> ValidateCampaign(const Campaign& c) {
  std::vector<core::FieldProblem> p;
  auto text = [&](const std::string& v, const char* field, size_t max, const char* label, bool required) {
    if ((required && v.empty()) || !core::IsCleanUtf8(v) || core::Utf8Length(v) > max)
      p.push_back({field, "invalid",
                   std::string(label) + (required ? "不能为空，且" : "") + "不能超过" + std::to_string(max) + "个字符",
                   0});
  };
  if (c.year < 2000 || c.year > 2100) p.push_back({"year", "invalid", "年份须在2000至2100之间", 0});
  if (c.edition < 1 || c.edition > 1000) p.push_back({"edition", "invalid", "届次须为正整数", 0});
  text(c.name, "name", 100, "活动名称", true);
  text(c.theme, "theme", 100, "主题", true);
  const auto start = core::ParseDate(c.start_date);
  const auto end = core::ParseDate(c.end_date);
  if (!start) p.push_back({"start_date", "invalid", "开始日期须为 YYYY-MM-DD 格式的有效日期", 0});
  if (!end) p.push_back({"end_date", "invalid", "结束日期须为 YYYY-MM-DD 格式的有效日期", 0});
  if (start && end && *end < *start) p.push_back({"end_date", "invalid", "结束日期不能早于开始日期", 0});
  if (start && c.start_date.substr(0, 4) != std::to_string(c.year))
    p.push_back({"start_date", "invalid", "开始日期须在该年度内", 0});
  if (end && c.report_deadline < core::ShanghaiDayStart(*end + 1))
    p.push_back({"report_deadline", "invalid", "报送截止时间须晚于活动结束日期", 0});
  if (c.contacts.size() > 10) p.push_back({"contacts", "invalid", "联系人最多10位", 0});
  for (size_t i = 0; i < c.contacts.size(); ++i) {
    const auto& ct = c.contacts[i];
    if (ct.name.empty() || !core::IsCleanUtf8(ct.name) || core::Utf8Length(ct.name) > 50)
      p.push_back({"contacts[" + std::to_string(i) + "].name", "invalid", "联系人姓名须为1至50个字符", 0});
    if (!core::IsCleanUtf8(ct.phone) || ct.phone.size() > 30)
      p.push_back({"contacts[" + std::to_string(i) + "].phone", "invalid", "联系电话不能超过30个字符", 0});
  }
  text(c.contact_email, "contact_email", 100, "电子邮箱", false);
  if (!c.contact_email.empty() && !core::IsEmailAddress(c.contact_email))
    p.push_back({"contact_email", "invalid", "电子邮箱格式不正确", 0});
  text(c.mailing_address, "mailing_address", 200, "邮寄地址", false);
  if (c.large_event_threshold < 1 || c.large_event_threshold > 1000000)
    p.push_back({"large_event_threshold", "invalid", "大型活动人数阈值须为1至1000000", 0});
  if (c.max_party_size < 1 || c.max_party_size > 20)
    p.push_back({"max_party_size", "invalid", "每次预约人数上限须为1至20", 0});
  if (c.offer_minutes < 1 || c.offer_minutes > 7 * 24 * 60)
    p.push_back({"offer_minutes", "invalid", "候补名额保留时间须为1分钟至7天", 0});
  if (c.personal_data_days < kMinPersonalDataDays || c.personal_data_days > kMaxPersonalDataDays)
    p.push_back({"personal_data_days", "invalid",
                 "观众个人信息保存天数须为1至" + std::to_string(kMaxPersonalDataDays) + "天", 0});
  if (!ValidReviewLevels(c.report_review_levels))
    p.push_back({"report_review_levels", "invalid", "报表审核级数须为1（市级）或2（区级、市级）", 0});
  if (!ValidReviewLevels(c.activity_review_levels))
    p.push_back({"activity_review_levels", "invalid", "活动审核级数须为1（市级）或2（区级、市级）", 0});
  for (const auto& m : c.required_materials)
    if (m != "summary" && m != "photo" && m != "video" && m != "scan")
      p.push_back({"required_materials", "invalid", "必需材料只能是 summary、photo、video、scan", 0});
  return p;
}

}  // namespace sciweek::domain
