-- Exports and completeness walk units by (type, code): an index spares a sort of every row.
CREATE INDEX org_units_type_code ON org_units (type, code);
