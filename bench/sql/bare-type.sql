SELECT o.type, v.field_code, SUM(v.value)
FROM reports r JOIN org_units o ON o.code = r.org_code JOIN report_values v ON v.report_id = r.id
WHERE r.campaign_year = 2023 AND r.status IN ('approved')
GROUP BY o.type, v.field_code;
