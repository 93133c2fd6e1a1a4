-- Reminders by e-mail (issue 3 §5): each unit's contact address, and the delivery of each
-- reminder recorded on its chase-log row. The rows with email_status 'pending' are the
-- outbox: written in the reminder's own transaction, so a crash after the 201 loses no mail;
-- the sending worker picks them up (again) when it starts.
--   email_status: off (no SMTP configured when sent) | no_address | pending | sent | failed
--   email_next_at: when a pending mail is next due; while a worker sends it, the end of its
--   claim (a worker that died mid-send leaves it to be retried once the claim lapses).
ALTER TABLE org_units ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';

ALTER TABLE reminders ADD COLUMN email_to TEXT NOT NULL DEFAULT '';
ALTER TABLE reminders ADD COLUMN email_status TEXT NOT NULL DEFAULT 'off';
ALTER TABLE reminders ADD COLUMN email_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reminders ADD COLUMN email_next_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reminders ADD COLUMN email_error TEXT NOT NULL DEFAULT '';
ALTER TABLE reminders ADD COLUMN email_sent_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX reminders_email_due ON reminders (email_status, email_next_at);
