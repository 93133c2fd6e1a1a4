SELECT o.code, o.name, o.type, COALESCE(p.name, ''), r.status, v.field_code, v.value
FROM org_units o LEFT JOIN org_units p ON p.code = o.parent_code
LEFT JOIN reports r ON r.org_code = o.code AND r.campaign_year = 2023
LEFT JOIN report_values v ON v.report_id = r.id
WHERE o.reports_expected = 1 ORDER BY o.type, o.code;
