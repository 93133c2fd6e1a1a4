#include "store/review_store.hpp"

#include <soci/soci.h>

#include "store/report_store.hpp"
#include "store/row_util.hpp"

namespace sciweek::store {

void ReviewStore::Record(Tx& tx, const domain::ReviewDecision& r) {
  const std::string fc = TextMapJson(r.field_comments);
  tx.sql() << "INSERT INTO review_decisions (subject, subject_id, submission_no, level, action, comment, "
              "field_comments, decided_at, decided_by) VALUES (:s, :i, :n, :l, :a, :c, :fc, :at, :by)",
      soci::use(r.subject), soci::use(r.subject_id), soci::use(r.submission_no), soci::use(r.level),
      soci::use(r.action), soci::use(r.comment), soci::use(fc), soci::use(r.decided_at), soci::use(r.decided_by);
}

std::vector<domain::ReviewDecision> ReviewStore::ForSubject(Tx& tx, const std::string& subject, long long subject_id) {
  std::vector<domain::ReviewDecision> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT submission_no, level, action, comment, field_comments, decided_at, decided_by "
                           "FROM review_decisions WHERE subject = :s AND subject_id = :i ORDER BY id",
       soci::use(subject), soci::use(subject_id));
  for (const auto& r : rs) {
    domain::ReviewDecision d;
    d.subject = subject;
    d.subject_id = subject_id;
    d.submission_no = static_cast<int>(GetInt(r, 0));
    d.level = GetText(r, 1);
    d.action = GetText(r, 2);
    d.comment = GetText(r, 3);
    d.field_comments = ParseTextMap(GetText(r, 4));
    d.decided_at = GetInt(r, 5);
    d.decided_by = GetText(r, 6);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace sciweek::store
