-- Two-level review (issue 10 §2, docs/decisions/0014): per campaign, one or two review levels
-- for reports and for activities; the level a submitted item waits at; every decision at
-- every level (the history and the district's view of why the city returned an item).
ALTER TABLE campaigns ADD COLUMN report_review_levels INTEGER NOT NULL DEFAULT 1;
ALTER TABLE campaigns ADD COLUMN activity_review_levels INTEGER NOT NULL DEFAULT 1;

-- '' (one level), 'district' or 'city' (domain::ReviewLevel); meaningful while submitted.
ALTER TABLE reports ADD COLUMN review_level TEXT NOT NULL DEFAULT '';
ALTER TABLE activities ADD COLUMN review_level TEXT NOT NULL DEFAULT '';

CREATE TABLE review_decisions (
  id {{pk}},
  subject TEXT NOT NULL,         -- 'report' or 'activity'
  subject_id BIGINT NOT NULL,    -- reports.id or activities.id
  submission_no INTEGER NOT NULL,  -- the report's submission it decided on; 0 for activities
  level TEXT NOT NULL,           -- '', 'district', 'city'
  action TEXT NOT NULL,          -- 'forwarded', 'approved', 'returned'
  comment TEXT NOT NULL DEFAULT '',
  field_comments TEXT NOT NULL DEFAULT '{}',
  decided_at BIGINT NOT NULL,
  decided_by TEXT NOT NULL
);
CREATE INDEX review_decisions_subject ON review_decisions (subject, subject_id);
