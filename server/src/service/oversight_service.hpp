#pragma once
// What the organizer watches: completeness and timeliness of every expected unit, the
// chase (催报) with its log, and exact totals by type, district or parent, with the
// previous campaign beside them.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "service/context.hpp"
#include "store/analytics_store.hpp"
#include "store/campaign_extras_store.hpp"
#include "store/db.hpp"

namespace sciweek::service {

class ReminderDelivery;

struct CompletenessUnit {
  store::CompletenessRow row;
  std::vector<std::string> missing_materials;
  bool complete = false;
};

struct Completeness {
  int year = 0;
  core::UnixTime deadline = 0;
  std::vector<CompletenessUnit> units;
  std::map<std::string, long long> counts;  // not_started, draft, submitted_on_time, submitted_late,
                                            // returned, approved, complete, expected
};

struct Totals {
  std::string status;   // approved | submitted
  std::string group_by;
  long long units = 0;
  std::map<std::string, domain::Hundredths> totals;
  std::vector<store::TotalsGroupRow> groups;
  std::optional<int> previous_year;
  std::optional<std::map<std::string, domain::Hundredths>> previous_totals;
  std::optional<long long> previous_units;
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
  core::Result<Totals> GetTotals(const Ctx& ctx, int year, const std::string& status, const std::string& group_by,
                                 bool compare_previous);

  // The subtree the principal oversees: "" for organizer staff (all), its own unit for a reporter.
  static core::Result<std::string> OverseenRoot(const Ctx& ctx);

 private:
  store::Db& db_;
  ReminderDelivery* delivery_;
};

}  // namespace sciweek::service
