#include "service/reporting/report_access.hpp"

#include "service/support/authorize.hpp"
#include "store/campaign_store.hpp"
#include "store/org_store.hpp"

namespace sciweek::service {

core::Result<domain::OrgUnit> VisibleReportingUnit(store::Tx& tx, const Ctx& ctx, const std::string& code) {
  if (!ctx.principal && !ctx.console) return core::Error::Unauthenticated();
  auto org = store::OrgStore::Find(tx, code);
  if (!org || !org->reports_expected || (!ctx.console && !CanSeeOrg(tx, *ctx.principal, code)))
    return core::Error::NotFound("该单位的报表不存在");
  if (!ctx.console && !MayReadUnitPapers(*ctx.principal)) return core::Error::NotFound("该单位的报表不存在");
  return *org;
}

core::Result<domain::Campaign> ExistingCampaign(store::Tx& tx, int year) {
  auto c = store::CampaignStore::Find(tx, year);
  if (!c) return core::Error::NotFound("该年度的科技周不存在");
  return *c;
}

bool MayEditReport(const Ctx& ctx, const std::string& org_code) {
  return ctx.principal && ctx.principal->role == domain::Role::kReporter && ctx.principal->org_code == org_code;
}

bool MayReviewReport(store::Tx& tx, const Ctx& ctx, const std::string& org_code) {
  if (!ctx.principal) return false;
  if (domain::SeesAllUnits(*ctx.principal)) return true;
  const auto role = ctx.principal->role;
  return (role == domain::Role::kReporter || role == domain::Role::kReviewer) &&
         ReviewsBelow(tx, *ctx.principal, org_code);
}

}  // namespace sciweek::service
