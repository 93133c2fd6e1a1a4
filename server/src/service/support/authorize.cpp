#include "service/support/authorize.hpp"

#include "store/org_store.hpp"

namespace sciweek::service {

core::Status RequireRole(const Ctx& ctx, std::initializer_list<domain::Role> roles) {
  if (ctx.console) return {};
  if (!ctx.principal) return core::Error::Unauthenticated();
  for (auto r : roles)
    if (ctx.principal->role == r) return {};
  return core::Error::Forbidden();
}

bool CanSeeOrg(store::Tx& tx, const domain::Principal& p, const std::string& code) {
  if (domain::SeesAllUnits(p)) return true;
  return store::OrgStore::InSubtree(tx, p.org_code, code);
}

bool MayReadUnitPapers(const domain::Principal& p) { return p.role != domain::Role::kCheckin; }

bool ReviewsBelow(store::Tx& tx, const domain::Principal& p, const std::string& code) {
  return p.org_code != code && store::OrgStore::InSubtree(tx, p.org_code, code);
}

domain::ReviewerStanding StandingFor(store::Tx& tx, const domain::Principal& p, const std::string& unit, bool reviews) {
  domain::ReviewerStanding s;
  s.reviews = reviews;
  s.city = domain::SeesAllUnits(p);
  if (reviews && !s.city) s.district = store::OrgStore::DistrictAbove(tx, unit) == p.org_code;
  return s;
}

}  // namespace sciweek::service
