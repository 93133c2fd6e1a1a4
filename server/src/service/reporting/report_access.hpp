#pragma once
// Who may do what with a unit's report. Another unit's report answers 404 to a reporter,
// exactly as a report that does not exist, so codes cannot be probed.
#include <string>

#include "core/result.hpp"
#include "domain/campaign.hpp"
#include "domain/org_unit.hpp"
#include "service/support/context.hpp"
#include "store/db.hpp"

namespace sciweek::service {

// The unit, when it exists, is expected to report, and the principal may see it.
core::Result<domain::OrgUnit> VisibleReportingUnit(store::Tx& tx, const Ctx& ctx, const std::string& code);
core::Result<domain::Campaign> ExistingCampaign(store::Tx& tx, int year);
// Only the unit's own staff fill its table.
bool MayEditReport(const Ctx& ctx, const std::string& org_code);
// The organizer reviews every unit; a district reviewer, and a reporter, units strictly below
// their own. Which of them decides a submitted report depends on its level (domain/review.hpp).
bool MayReviewReport(store::Tx& tx, const Ctx& ctx, const std::string& org_code);

}  // namespace sciweek::service
