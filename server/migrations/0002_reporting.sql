-- Statistical reporting: the form per campaign, reports with values and submitted versions,
-- review, materials, media reports, reminders, per-unit extensions.

ALTER TABLE org_units ADD COLUMN reports_expected INTEGER NOT NULL DEFAULT 1;
ALTER TABLE campaigns ADD COLUMN required_materials TEXT NOT NULL DEFAULT '["summary"]';
ALTER TABLE campaigns ADD COLUMN late_filing_locked INTEGER NOT NULL DEFAULT 0;

CREATE TABLE form_templates (
  campaign_year INTEGER PRIMARY KEY REFERENCES campaigns(year),
  definition TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE report_extensions (
  campaign_year INTEGER NOT NULL REFERENCES campaigns(year),
  org_code TEXT NOT NULL REFERENCES org_units(code),
  deadline BIGINT NOT NULL,
  PRIMARY KEY (campaign_year, org_code)
);

CREATE TABLE reports (
  id {{pk}},
  campaign_year INTEGER NOT NULL REFERENCES campaigns(year),
  org_code TEXT NOT NULL REFERENCES org_units(code),
  status TEXT NOT NULL,
  version INTEGER NOT NULL,
  submission_no INTEGER NOT NULL DEFAULT 0,
  submitted_at BIGINT,
  on_time INTEGER,
  explanations TEXT NOT NULL DEFAULT '{}',
  review_comment TEXT NOT NULL DEFAULT '',
  field_comments TEXT NOT NULL DEFAULT '{}',
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (campaign_year, org_code)
);
CREATE INDEX reports_status ON reports (campaign_year, status);

-- One row per filled figure, in hundredths: totals are SUM … GROUP BY in SQL, exact.
CREATE TABLE report_values (
  report_id BIGINT NOT NULL REFERENCES reports(id),
  field_code TEXT NOT NULL,
  value BIGINT NOT NULL,
  PRIMARY KEY (report_id, field_code)
);
CREATE INDEX report_values_field ON report_values (field_code);

-- Each submission is kept as it was, with the review it received.
CREATE TABLE report_submissions (
  id {{pk}},
  report_id BIGINT NOT NULL REFERENCES reports(id),
  submission_no INTEGER NOT NULL,
  values_json TEXT NOT NULL,
  explanations TEXT NOT NULL DEFAULT '{}',
  submitted_at BIGINT NOT NULL,
  submitted_by TEXT NOT NULL,
  on_time INTEGER NOT NULL,
  review_action TEXT,
  review_comment TEXT NOT NULL DEFAULT '',
  field_comments TEXT NOT NULL DEFAULT '{}',
  reviewed_at BIGINT,
  reviewed_by TEXT,
  UNIQUE (report_id, submission_no)
);

CREATE TABLE materials (
  id {{pk}},
  report_id BIGINT NOT NULL REFERENCES reports(id),
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  duration_ms BIGINT,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX materials_report ON materials (report_id);

CREATE TABLE media_reports (
  id {{pk}},
  report_id BIGINT NOT NULL REFERENCES reports(id),
  outlet TEXT NOT NULL,
  title TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  published_on TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX media_reports_report ON media_reports (report_id);

CREATE TABLE reminders (
  id {{pk}},
  campaign_year INTEGER NOT NULL REFERENCES campaigns(year),
  org_code TEXT NOT NULL REFERENCES org_units(code),
  message TEXT NOT NULL,
  sent_at BIGINT NOT NULL,
  sent_by TEXT NOT NULL
);
CREATE INDEX reminders_unit ON reminders (campaign_year, org_code);
