-- The check-in desk that works offline (issue 11 §3, docs/decisions/0022). A desk records
-- scans while the network is down and sends them when it is back; each scan carries an id the
-- desk made, so a batch sent twice (the answer lost on the way) is applied once. What the
-- server made of each scan is kept with it, and a scan the desk admitted that the server
-- would not have (a ticket already in through another gate, or cancelled meanwhile) is a
-- conflict: reported to the desk and listed for the venue, never dropped.
--   result: what the server made of it (ok, already_checked_in, cancelled, …, as a live scan)
--   conflict: '' | double_entry (in already: other_at/other_by name the entry it collided with)
--             | not_admissible (the server refuses the ticket: cancelled, unknown, other session)
CREATE TABLE desk_scans (
  id {{pk}},
  scan_id TEXT NOT NULL UNIQUE,
  device TEXT NOT NULL,
  by_login TEXT NOT NULL,
  session_id BIGINT,
  ticket_no TEXT NOT NULL DEFAULT '',
  direction TEXT NOT NULL,
  scanned_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  result TEXT NOT NULL,
  message TEXT NOT NULL,
  conflict TEXT NOT NULL DEFAULT '',
  other_at BIGINT,
  other_by TEXT
);
CREATE INDEX desk_scans_session ON desk_scans (session_id, conflict, scanned_at);
