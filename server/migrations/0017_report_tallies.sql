-- Running totals of the reports (issue 13, decision 0025): per campaign, report status, unit
-- type, district area and parent unit, how many reports there are (field_code '') and, per
-- figure, how many reports carry it and their sum in hundredths. Kept equal to the reports by
-- every write in the same transaction (store/report_tallies.cpp); filled from the existing
-- reports when this migration is applied.
CREATE TABLE report_tallies (
  campaign_year INTEGER NOT NULL,
  status TEXT NOT NULL,
  org_type TEXT NOT NULL,
  district_code TEXT NOT NULL,
  parent_code TEXT NOT NULL,
  field_code TEXT NOT NULL,
  entries BIGINT NOT NULL,
  total BIGINT NOT NULL,
  PRIMARY KEY (campaign_year, status, org_type, district_code, parent_code, field_code)
);
CREATE INDEX report_tallies_parent ON report_tallies (parent_code);
