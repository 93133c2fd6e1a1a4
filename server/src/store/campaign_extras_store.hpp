#pragma once
// Per-campaign records beside the campaign row: the form definition (JSON text; service/
// form_json.* reads it), per-unit deadline extensions, and the chase log of reminders with
// the e-mail delivery of each (the rows with email_status 'pending' are the mail outbox).
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
  // Delivery by e-mail: off | no_address | pending | sending | sent | failed (0005_org_email.sql;
  // 'sending': claimed by a sender until email_next_at).
  std::string email_to;
  std::string email_status = "off";
  int email_attempts = 0;
  std::string email_error;  // the last failure
  long long email_sent_at = 0;
  long long email_next_at = 0;  // pending: when due; sending: the end of the claim
};

// How one delivery attempt ended.
struct MailOutcome {
  enum Kind {
    kSent,
    kRetry,      // a transient failure: pending again at next_at, one attempt more
    kFailed,     // permanent, or no attempts left
    kExhausted,  // every attempt was lost with its sender (ClaimMail counted them): failed, not an attempt
    kReleased,   // the sender stops mid-send: pending, due at once, not an attempt
  };
  Kind kind = kSent;
  std::string error;
  long long at = 0;       // when it ended
  long long next_at = 0;  // kRetry: when to try again
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

  // The mail outbox. Ids of pending mails due at `now`, oldest first.
  static std::vector<long long> DueMails(Tx& tx, long long now, int limit);
  // When the next pending mail falls due (claimed ones included), if any.
  static std::optional<long long> NextMailDue(Tx& tx);
  // Takes a due pending mail, or one whose claim lapsed, for one sender until `claim_until`
  // (a conditional UPDATE, so two servers on one database never both take it); the row, or
  // nullopt when another took it. A lapsed claim taken over counts as one attempt, with
  // domain::kLostMidSend as its error.
  static std::optional<ReminderRow> ClaimMail(Tx& tx, long long id, long long now, long long claim_until);
  // Records an attempt on a mail claimed with `attempts_before` attempts; false when the
  // claim was lost meanwhile (the row changed), and nothing is written.
  [[nodiscard]] static bool FinishMail(Tx& tx, long long id, int attempts_before, const MailOutcome& outcome);
};

}  // namespace sciweek::store
