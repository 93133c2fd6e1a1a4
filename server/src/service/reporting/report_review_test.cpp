// What reviewers do to a unit's table (service/reporting/report_review.cpp), on a real database:
// return with a reason (and per-field reasons), approve, the admin's reopen, who may take
// which step at which level, a decision on a report that changed meanwhile, and the audit
// entry and review record each step leaves. The wire and the two-level walk-through are the
// API suite's (tests/api/two_level_review_test.cpp, reporting_authz_test.cpp).
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "service/reporting/report_service.hpp"
#include "service/testing/service_fixture.hpp"
#include "store/review_store.hpp"

namespace sciweek::service {
namespace {

using core::ErrorCode;
using domain::ReportStatus;

class ReportReviewTest : public ServiceTest {
 protected:
  // During the week, before the deadline: tables may be filed on time.
  const core::UnixTime kNow = At("2031-05-27T10:00:00+08:00");

  // The unit's reporter fills every figure and submits.
  ReportView File() { return File(u1_); }
  ReportView File(const domain::Principal& reporter) {
    auto form = reports_->Form(As(reporter, kNow), kYear);
    EXPECT_TRUE(form);
    std::map<std::string, domain::RawValue> values;
    for (const auto* f : form->Fields()) values[f->code] = {domain::RawValue::Kind::kNumber, 1, ""};
    auto saved = reports_->SaveDraft(As(reporter, kNow), kYear, reporter.org_code, values, 0);
    EXPECT_TRUE(saved) << saved.error().message;
    auto submitted = reports_->Submit(As(reporter, kNow), kYear, reporter.org_code, {}, saved->report.version);
    EXPECT_TRUE(submitted) << submitted.error().message;
    return *submitted;
  }
  ReportView Get(const std::string& org = "u1") { return *reports_->Get(As(admin_, kNow), kYear, org); }
  std::vector<domain::ReviewDecision> Decisions(long long report_id) {
    return *db_->Read<std::vector<domain::ReviewDecision>>(
        [&](store::Tx& tx) -> core::Result<std::vector<domain::ReviewDecision>> {
          return store::ReviewStore::ForSubject(tx, "report", report_id);
        });
  }
  core::Result<ReportView> Approve(const domain::Principal& who, const std::string& comment = "") {
    return reports_->Approve(As(who, kNow + 60), kYear, "u1", comment);
  }
  core::Result<ReportView> Return(const domain::Principal& who, const std::string& comment = "数字有误",
                                  const std::map<std::string, std::string>& fields = {}) {
    return reports_->Return(As(who, kNow + 60), kYear, "u1", comment, fields);
  }
};

TEST_F(ReportReviewTest, ASubmittedTableWaitsAndTheUnitCannotChangeIt) {
  const auto v = File();
  EXPECT_EQ(v.report.status, ReportStatus::kSubmitted);
  EXPECT_EQ(v.report.submission_no, 1);
  EXPECT_EQ(v.report.on_time, true);
  EXPECT_FALSE(v.may_edit);
  const auto saved = reports_->SaveDraft(As(u1_, kNow), kYear, "u1", {}, v.report.version);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, ErrorCode::kConflict);
  const auto again = reports_->Submit(As(u1_, kNow), kYear, "u1", {}, v.report.version);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  const auto audit = Audited("report.submitted");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].entity_id, "2031/u1");
  EXPECT_EQ(audit[0].before["status"], "draft");
  EXPECT_EQ(audit[0].after["status"], "submitted");
}

TEST_F(ReportReviewTest, AReturnNeedsAReasonNamesKnownFieldsAndReopensTheTableToTheUnit) {
  const auto filed = File();
  auto no_reason = Return(city_reviewer_, " ");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(no_reason.error().details.at(0).field, "comment");
  auto unknown = Return(city_reviewer_, "数字有误", {{"no_such_figure", "?"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().details.at(0).field, "fields.no_such_figure");
  EXPECT_EQ(Get().report.status, ReportStatus::kSubmitted) << "a refused return changes nothing";
  EXPECT_TRUE(Audited("report.returned").empty());

  auto returned = Return(city_reviewer_, "参与人数偏高", {{"participants_offline", "请核实"}});
  ASSERT_TRUE(returned) << returned.error().message;
  EXPECT_EQ(returned->report.status, ReportStatus::kReturned);
  EXPECT_EQ(returned->report.version, filed.report.version + 1);
  EXPECT_EQ(returned->report.review_comment, "参与人数偏高");
  EXPECT_EQ(returned->report.field_comments.at("participants_offline"), "请核实");

  const auto audit = Audited("report.returned");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "city-rev");
  EXPECT_EQ(audit[0].entity_id, "2031/u1");
  EXPECT_EQ(audit[0].after["comment"], "参与人数偏高");
  EXPECT_EQ(audit[0].after["fields"]["participants_offline"], "请核实");
  const auto decisions = Decisions(filed.report.id);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].action, "returned");
  EXPECT_EQ(decisions[0].submission_no, 1);
  EXPECT_EQ(decisions[0].decided_by, "city-rev");

  // The unit may edit and submit again: a second submission.
  const auto resubmitted = reports_->Submit(As(u1_, kNow + 120), kYear, "u1", {}, returned->report.version);
  ASSERT_TRUE(resubmitted) << resubmitted.error().message;
  EXPECT_EQ(resubmitted->report.submission_no, 2);
  auto history = reports_->History(As(u1_, kNow + 180), kYear, "u1");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->at(0).submission.review_action, "returned");
  EXPECT_EQ(history->at(0).decisions.size(), 1u);
}

TEST_F(ReportReviewTest, ApprovalIsFinalUntilAnAdminReopensItWithAReason) {
  const auto filed = File();
  auto approved = Approve(city_reviewer_, "同意");
  ASSERT_TRUE(approved) << approved.error().message;
  EXPECT_EQ(approved->report.status, ReportStatus::kApproved);
  EXPECT_FALSE(approved->may_edit);
  auto audit = Audited("report.approved");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].after["comment"], "同意");
  EXPECT_FALSE(audit[0].after.contains("fields")) << "an approval carries no field reasons";

  auto edit = reports_->SaveDraft(As(u1_, kNow + 120), kYear, "u1", {}, approved->report.version);
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().code, ErrorCode::kConflict);

  auto by_reviewer = reports_->Reopen(As(city_reviewer_, kNow + 120), kYear, "u1", "重新核对");
  ASSERT_FALSE(by_reviewer);
  EXPECT_EQ(by_reviewer.error().code, ErrorCode::kForbidden);
  auto no_reason = reports_->Reopen(As(admin_, kNow + 120), kYear, "u1", "");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(Get().report.status, ReportStatus::kApproved);

  auto reopened = reports_->Reopen(As(admin_, kNow + 120), kYear, "u1", "重新核对经费");
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_EQ(reopened->report.status, ReportStatus::kReturned);
  EXPECT_EQ(reopened->report.version, approved->report.version + 1);
  EXPECT_EQ(Audited("report.reopened").size(), 1u);
  auto history = reports_->History(As(admin_, kNow + 180), kYear, "u1");
  ASSERT_TRUE(history);
  EXPECT_EQ(history->at(0).submission.review_action, "reopened") << "the submission's final word";

  auto twice = reports_->Reopen(As(admin_, kNow + 180), kYear, "u1", "重新核对经费");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict) << "only an approved table reopens";
  EXPECT_EQ(Audited("report.reopened").size(), 1u);
}

TEST_F(ReportReviewTest, UnderOneLevelTheOrganizerAndTheUnitsDistrictDecideAndNobodyElse) {
  File();
  struct Case {
    domain::Principal who;
    ErrorCode expected;
  };
  const Case refused[] = {
      {u1_, ErrorCode::kForbidden},          // a unit never reviews its own table
      {u2_, ErrorCode::kNotFound},           // a sibling does not see it
      {d2_reviewer_, ErrorCode::kNotFound},  // another district does not see it
      {u1_checkin_, ErrorCode::kNotFound},   // gate staff read no papers
  };
  for (const auto& c : refused) {
    for (bool approve : {true, false}) {
      auto r = approve ? Approve(c.who) : Return(c.who);
      ASSERT_FALSE(r) << c.who.login;
      EXPECT_EQ(r.error().code, c.expected) << c.who.login << (approve ? " approving" : " returning");
    }
  }
  auto anonymous = reports_->Approve(Visitor(kNow), kYear, "u1", "");
  ASSERT_FALSE(anonymous);
  EXPECT_EQ(anonymous.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(Get().report.status, ReportStatus::kSubmitted);
  EXPECT_TRUE(Audited("report.approved").empty());
  EXPECT_TRUE(Audited("report.returned").empty());

  // Only the unit's reporter files: not even an admin submits for it.
  auto by_admin = reports_->Submit(As(admin_, kNow), kYear, "u2", {}, std::nullopt);
  ASSERT_FALSE(by_admin);
  EXPECT_EQ(by_admin.error().code, ErrorCode::kForbidden);

  auto by_district = Approve(d1_reviewer_);
  ASSERT_TRUE(by_district) << by_district.error().message;
  EXPECT_EQ(by_district->report.status, ReportStatus::kApproved);
}

TEST_F(ReportReviewTest, UnderTwoLevelsTheDistrictForwardsAndOnlyTheCityApproves) {
  SetReviewLevels(2, 1);
  const auto filed = File();
  EXPECT_EQ(filed.report.review_level, domain::ReviewLevel::kDistrict);
  auto city_first = Approve(city_reviewer_);
  ASSERT_FALSE(city_first);
  EXPECT_EQ(city_first.error().code, ErrorCode::kConflict) << "it waits at the district";

  auto forwarded = Approve(d1_reviewer_);
  ASSERT_TRUE(forwarded) << forwarded.error().message;
  EXPECT_EQ(forwarded->report.status, ReportStatus::kSubmitted);
  EXPECT_EQ(forwarded->report.review_level, domain::ReviewLevel::kCity);
  ASSERT_EQ(Audited("report.forwarded").size(), 1u);
  EXPECT_EQ(Audited("report.forwarded")[0].after["level"], "district");
  auto district_again = Return(d1_reviewer_);
  ASSERT_FALSE(district_again);
  EXPECT_EQ(district_again.error().code, ErrorCode::kConflict) << "it has left the district";

  auto approved = Approve(city_reviewer_);
  ASSERT_TRUE(approved) << approved.error().message;
  EXPECT_EQ(approved->report.status, ReportStatus::kApproved);
  const auto decisions = Decisions(filed.report.id);
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_EQ(decisions[0].level, "district");
  EXPECT_EQ(decisions[0].action, "forwarded");
  EXPECT_EQ(decisions[1].level, "city");
  EXPECT_EQ(decisions[1].action, "approved");
}

TEST_F(ReportReviewTest, ASecondReviewerFindsTheTableDecidedAndChangesNothing) {
  const auto filed = File();
  ASSERT_TRUE(Approve(city_reviewer_));
  auto late = Return(admin_, "数字有误");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Get().report.status, ReportStatus::kApproved);
  EXPECT_TRUE(Audited("report.returned").empty());
  EXPECT_EQ(Decisions(filed.report.id).size(), 1u);
}

TEST_F(ReportReviewTest, ADecisionOnATableThatChangedMeanwhileWritesNothing) {
  const auto filed = File();
  // Another writer won the row between this decision's read and its write: the version the
  // decision expects is gone, so its conditional UPDATE matches nothing (SQLite serializes
  // writers; the trigger plays the other one).
  auto made = db_->Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    tx.sql() << "CREATE TRIGGER lost_race BEFORE UPDATE ON reports BEGIN SELECT RAISE(IGNORE); END";
    return true;
  });
  ASSERT_TRUE(made);
  for (bool approve : {true, false}) {
    auto r = approve ? Approve(city_reviewer_) : Return(city_reviewer_);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  }
  EXPECT_EQ(Get().report.status, ReportStatus::kSubmitted);
  EXPECT_TRUE(Audited("report.approved").empty());
  EXPECT_TRUE(Audited("report.returned").empty());
  EXPECT_TRUE(Decisions(filed.report.id).empty()) << "no decision recorded for a step that did not happen";
  auto history = reports_->History(As(admin_, kNow + 120), kYear, "u1");
  ASSERT_TRUE(history);
  EXPECT_EQ(history->at(0).submission.review_action, "");
}

}  // namespace
}  // namespace sciweek::service
