#pragma once
// Personal data that expires (issue 11 §4, decision 0020): personal_data_days after a
// campaign's end, its visitors' names, phones and e-mail addresses are replaced in place by
// tokens that say nothing (domain/personal_data.hpp), so every count, check-in and statistic
// stays. Run by every server's upkeep (idempotent: each row is rewritten once, whichever
// server gets there first) and by `sciweek purge [--dry-run]`.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "service/support/context.hpp"
#include "store/db.hpp"

namespace sciweek::service {

struct ExpiredCampaign {
  int year = 0;
  std::string erasure_date;    // YYYY-MM-DD: end_date + personal_data_days
  long long reservations = 0;  // erased now (or, in a dry run, that would be)
};

struct PurgeReport {
  bool dry_run = false;
  std::vector<ExpiredCampaign> campaigns;  // every campaign past its erasure date
};

class PersonalDataPurge {
 public:
  explicit PersonalDataPurge(store::Db& db) : db_(db) {}
  // The server itself (console) only; audited per campaign when anything was erased.
  core::Result<PurgeReport> Run(const Ctx& ctx, bool dry_run);

 private:
  store::Db& db_;
};

}  // namespace sciweek::service
