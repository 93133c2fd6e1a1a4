#include "service/campaigns/campaign_service.hpp"

#include "service/audit/audit.hpp"
#include "service/campaigns/form_json.hpp"
#include "service/support/authorize.hpp"
#include "service/support/snapshots.hpp"
#include "store/campaign_extras_store.hpp"
#include "store/campaign_store.hpp"

namespace sciweek::service {

using domain::Role;

core::Result<std::vector<domain::Campaign>> CampaignService::List(const Ctx& ctx) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  return db_.Read<std::vector<domain::Campaign>>(
      [&](store::Tx& tx) -> core::Result<std::vector<domain::Campaign>> { return store::CampaignStore::List(tx); });
}

core::Result<domain::Campaign> CampaignService::Get(const Ctx& ctx, int year) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  return db_.Read<domain::Campaign>([&](store::Tx& tx) -> core::Result<domain::Campaign> {
    auto c = store::CampaignStore::Find(tx, year);
    if (!c) return core::Error::NotFound("该年度的科技周不存在");
    return *c;
  });
}

std::vector<core::FieldProblem> CampaignService::Problems(const domain::Campaign& c) const {
  auto p = domain::ValidateCampaign(c);
  // A rule no visitor could meet would close every reservation it covers.
  if (c.phone_verification != domain::PhoneVerification::kOff && !sms_)
    p.push_back(
        {"phone_verification", "sms_off", "本平台未开通短信服务（启动参数 --sms-provider），不能要求预约短信验证", 0});
  return p;
}

core::Result<domain::Campaign> CampaignService::Create(const Ctx& ctx, domain::Campaign c) {
  if (auto s = RequireRole(ctx, {Role::kAdmin}); !s) return s.error();
  c.status = domain::CampaignStatus::kDraft;
  if (auto p = Problems(c); !p.empty()) return core::Error::Validation(std::move(p));
  return db_.Write<domain::Campaign>([&](store::Tx& tx) -> core::Result<domain::Campaign> {
    if (store::CampaignStore::Find(tx, c.year)) return core::Error::Conflict("该年度的科技周已存在", "year");
    store::CampaignStore::Insert(tx, c, ctx.now);
    // A new campaign starts from the latest form in use; admins edit the copy.
    auto form = store::CampaignExtrasStore::LatestFormBefore(tx, c.year);
    store::CampaignExtrasStore::PutFormDefinition(tx, c.year, form.value_or(FormJson(domain::DefaultTemplate()).dump()),
                                                  ctx.now);
    Audit(tx, ctx, "campaign.created", "campaign", std::to_string(c.year), nullptr, CampaignJson(c));
    return c;
  });
}

core::Result<domain::Campaign> CampaignService::Update(const Ctx& ctx, const domain::Campaign& c) {
  if (auto s = RequireRole(ctx, {Role::kAdmin}); !s) return s.error();
  if (auto p = Problems(c); !p.empty()) return core::Error::Validation(std::move(p));
  return db_.Write<domain::Campaign>([&](store::Tx& tx) -> core::Result<domain::Campaign> {
    auto before = store::CampaignStore::Find(tx, c.year);
    if (!before) return core::Error::NotFound("该年度的科技周不存在");
    if (!domain::CanMoveCampaign(before->status, c.status))
      return core::Error::Validation({{"status", "transition",
                                       "不能从“" + std::string(domain::CampaignStatusName(before->status)) +
                                           "”变更为“" + std::string(domain::CampaignStatusName(c.status)) + "”",
                                       0}});
    store::CampaignStore::Update(tx, c, ctx.now);
    const bool moved = before->status != c.status;
    Audit(tx, ctx, moved ? "campaign." + std::string(domain::CampaignStatusName(c.status)) : "campaign.updated",
          "campaign", std::to_string(c.year), CampaignJson(*before), CampaignJson(c));
    return c;
  });
}

}  // namespace sciweek::service
