#pragma once
// Authorization rules, checked in services (never only in the UI).
#include <initializer_list>

#include "core/result.hpp"
#include "domain/review.hpp"
#include "domain/user.hpp"
#include "service/support/context.hpp"
#include "store/db.hpp"

namespace sciweek::service {

// Unauthenticated when anonymous; forbidden when the role is not among `roles`.
core::Status RequireRole(const Ctx& ctx, std::initializer_list<domain::Role> roles);

// Whether the principal may see unit `code`: organizer staff see all, others their subtree.
bool CanSeeOrg(store::Tx& tx, const domain::Principal& p, const std::string& code);
// Whether the principal may read a visible unit's papers (its report, its implementation
// plan and leading-group documents): everyone but check-in staff, who only scan tickets.
bool MayReadUnitPapers(const domain::Principal& p);
// Whether the principal reviews units strictly below its own unit: a district's reviewers,
// and a parent unit's reporters (a unit never reviews its own papers).
bool ReviewsBelow(store::Tx& tx, const domain::Principal& p, const std::string& code);
// What the principal is to `unit` under review (domain/review.hpp); `reviews` is the caller's
// answer to whether it may review the unit at one level.
domain::ReviewerStanding StandingFor(store::Tx& tx, const domain::Principal& p, const std::string& unit, bool reviews);

}  // namespace sciweek::service
