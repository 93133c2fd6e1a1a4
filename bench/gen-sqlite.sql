-- Synthetic load for the benchmark (SQLite): :units member units spread over the 17
-- districts loaded by `sciweek demo`, types cycling through science_base, university,
-- institute, enterprise, other; one approved 2023 report each with all 18 figures.
-- Units hang directly under their district, so the bare reference query may group by
-- parent_code and must give the same sums as the server's recursive district CTE.
-- Values are in hundredths: integer fields are whole numbers (×100), funds have 2 places.
-- Run as: sqlite3 DB < gen-sqlite.sql  (the unit count is substituted by run.sh for @UNITS@)
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
BEGIN;
CREATE TEMP TABLE bench_districts AS
  SELECT row_number() OVER (ORDER BY code) - 1 AS n, code FROM org_units WHERE type = 'district';
CREATE TEMP TABLE bench_types(n INTEGER PRIMARY KEY, type TEXT);
INSERT INTO bench_types VALUES (0,'science_base'),(1,'university'),(2,'institute'),(3,'enterprise'),(4,'other');
CREATE TEMP TABLE bench_fields(k INTEGER PRIMARY KEY, code TEXT, money INTEGER);
INSERT INTO bench_fields VALUES
 (0,'activities_held',0),(1,'municipal_activities',0),(2,'fund_municipal',1),(3,'fund_district',1),
 (4,'fund_enterprise',1),(5,'fund_in_kind',1),(6,'fund_other',1),(7,'staff_fulltime',0),
 (8,'staff_scientists',0),(9,'staff_volunteers',0),(10,'staff_other',0),(11,'participants_offline',0),
 (12,'participants_online',0),(13,'media_outlets',0),(14,'media_reports',0),(15,'venues_opened',0),
 (16,'institutes_opened',0),(17,'universities_opened',0);

INSERT INTO org_units (code, name, type, parent_code, contact_name, contact_phone, reports_expected, created_at, updated_at)
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < @UNITS@)
SELECT printf('bench-%06d', i), printf('基准测试单位%06d', i), t.type, d.code,
       printf('联系人%d', i % 1000), printf('010-%08d', i), 1, 1684000000, 1684000000
FROM seq
JOIN bench_types t ON t.n = i % 5
JOIN bench_districts d ON d.n = i % (SELECT COUNT(*) FROM bench_districts);

INSERT INTO reports (campaign_year, org_code, status, version, submission_no, submitted_at, on_time,
                     explanations, review_comment, field_comments, updated_at, updated_by)
SELECT 2023, code, 'approved', 3, 1, 1684500000, 1, '{}', '', '{}', 1684600000, 'admin'
FROM org_units WHERE code LIKE 'bench-%' ORDER BY code;

INSERT INTO report_values (report_id, field_code, value)
SELECT r.id, f.code,
       CASE WHEN f.money = 1 THEN (r.id * 7919 + f.k * 104729) % 5000000
            ELSE ((r.id * 7919 + f.k * 104729) % 5000) * 100 END
FROM reports r CROSS JOIN bench_fields f
WHERE r.campaign_year = 2023 AND r.org_code LIKE 'bench-%'
ORDER BY r.id, f.code;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
