#pragma once
// Per-campaign records beside the campaign row: the form definition (JSON text; service/
// form_json.* reads it), per-unit deadline extensions, and the chase log of reminders.
#include <optional>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace sciweek::store {

struct ReminderRow {
  long long id = 0;
  int year = 0;
  std::string org_code;
  std::string message;
  long long sent_at = 0;
  std::string sent_by;
};

class CampaignExtrasStore {
 public:
  static std::optional<std::string> FormDefinition(Tx& tx, int year);
  // The definition of the latest campaign before `year` that has one.
  static std::optional<std::string> LatestFormBefore(Tx& tx, int year);
  static void PutFormDefinition(Tx& tx, int year, const std::string& json, long long now);

  static std::optional<long long> Extension(Tx& tx, int year, const std::string& org_code);
  static void SetExtension(Tx& tx, int year, const std::string& org_code, std::optional<long long> deadline);

  static void AddReminder(Tx& tx, const ReminderRow& r);
  // org_code empty: every unit's reminders (newest first).
  static std::vector<ReminderRow> Reminders(Tx& tx, int year, const std::string& org_code, int limit);
};

}  // namespace sciweek::store
