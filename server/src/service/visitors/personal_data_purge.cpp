#include "service/visitors/personal_data_purge.hpp"

#include "core/time.hpp"
#include "domain/personal_data.hpp"
#include "service/audit/audit.hpp"
#include "store/campaign_store.hpp"
#include "store/reservation_store.hpp"

namespace sciweek::service {

core::Result<PurgeReport> PersonalDataPurge::Run(const Ctx& ctx, bool dry_run) {
  if (!ctx.console) return core::Error::Forbidden("只有服务器本身可以删除到期的个人信息");
  const std::string today = core::ShanghaiDate(ctx.now);
  return db_.Run<PurgeReport>(!dry_run, [&](store::Tx& tx) -> core::Result<PurgeReport> {
    PurgeReport report;
    report.dry_run = dry_run;
    for (const auto& c : store::CampaignStore::List(tx)) {
      if (!domain::PersonalDataExpired(c, today)) continue;
      ExpiredCampaign e{c.year, domain::ErasureDate(c), 0};
      e.reservations = dry_run ? store::ReservationStore::CountToErase(tx, c.year)
                               : store::ReservationStore::EraseCampaign(tx, c.year, ctx.now);
      if (e.reservations > 0 && !dry_run)
        Audit(tx, ctx, "personal_data.purged", "campaign", std::to_string(c.year), nullptr,
              {{"reservations", e.reservations}, {"erasure_date", e.erasure_date}});
      report.campaigns.push_back(e);
    }
    return report;
  });
}

}  // namespace sciweek::service
