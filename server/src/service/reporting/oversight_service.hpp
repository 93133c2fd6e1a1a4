#pragma once
// What the organizer watches: completeness and timeliness of every expected unit, the
// chase (催报) with its log, and exact totals by type, district or parent — each unit counted
// once, a district's own figures apart from its area's — with earlier campaigns beside them.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/campaign.hpp"
#include "service/support/context.hpp"
#include "store/analytics_store.hpp"
#include "store/campaign_extras_store.hpp"
#include "store/db.hpp"

namespace sciweek::service {

class ReminderDelivery;

struct CompletenessUnit {
  store::CompletenessRow row;
  std::vector<std::string> missing_materials;
  bool complete = false;
  domain::ReviewLevel pending_level = domain::ReviewLevel::kSingle;  // while submitted
};

struct Completeness {
  int year = 0;
  core::UnixTime deadline = 0;
  std::vector<CompletenessUnit> units;
  std::map<std::string, long long> counts;  // not_started, draft, submitted_on_time, submitted_late,
                                            // returned, approved, complete, expected; submitted
                                            // ones by where they wait: at_district, at_city
  int review_levels = 1;
};

// One campaign's sums. Each unit's report counts once: `totals` adds every counted report in
// scope, a district group's `sums` are its area (辖区合计: the district's own report and its
// subtree's) and its `own_sums` the district's own report (本单位) alone.
struct YearTotals {
  domain::Campaign campaign;  // year, edition and dates, shown beside the figures
  long long units = 0;
  std::map<std::string, domain::Hundredths> totals;
  std::vector<store::TotalsGroupRow> groups;
  // The viewer's own unit's report when its scope is a subtree (a reporter): its 本单位
  // figures beside the area `totals`; nullopt for the organizer or when it does not count.
  std::optional<std::map<std::string, domain::Hundredths>> own;
};

// Which campaigns to set beside the requested one: the one before it, or chosen years.
struct TotalsCompare {
  bool previous = false;
  std::vector<int> years;  // ascending, distinct
};

struct Totals {
  std::string status;  // approved | submitted
  std::string group_by;
  std::string scope;  // "" for the whole city, else the unit whose subtree is summed
  YearTotals current;
  std::vector<YearTotals> comparisons;  // in TotalsCompare order; empty when none asked or none earlier
  bool compare_previous = false;
};

class OversightService {
 public:
  // delivery: the e-mail worker, or null when no SMTP server is configured.
  explicit OversightService(store::Db& db, ReminderDelivery* delivery = nullptr) : db_(db), delivery_(delivery) {}
  core::Result<Completeness> GetCompleteness(const Ctx& ctx, int year);
  // Records a reminder to every expected unit that has not submitted; returns how many. With
  // e-mail delivery on, each row with an address is queued in the same transaction and the
  // worker is woken after the commit: mail never delays or fails the request.
  core::Result<int> SendReminders(const Ctx& ctx, int year, const std::string& message,
                                  const std::vector<std::string>& only_units);
  core::Result<std::vector<store::ReminderRow>> Reminders(const Ctx& ctx, int year, const std::string& org);
  // status: "approved" or "submitted" (submitted includes approved); group_by: none|type|district|parent.
  // A compared year that has no campaign is not found (naming the year).
  core::Result<Totals> GetTotals(const Ctx& ctx, int year, const std::string& status, const std::string& group_by,
                                 const TotalsCompare& compare);
  // The `compare` query: "" (none), "previous", or up to kMaxCompareYears distinct years
  // separated by commas ("2022,2023"); anything else is invalid input naming `compare`.
  static core::Result<TotalsCompare> ParseCompare(const std::string& text);
  static constexpr size_t kMaxCompareYears = 10;

  // The subtree the principal oversees: "" for organizer staff (all), its own unit for a reporter.
  static core::Result<std::string> OverseenRoot(const Ctx& ctx);

 private:
  store::Db& db_;
  ReminderDelivery* delivery_;
};

}  // namespace sciweek::service
