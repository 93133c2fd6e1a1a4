-- Verified phones (issue 11 §2, docs/decisions/0019): one-time SMS codes, the visitor's own
-- "my reservations" on any device, and the campaign's rule for when a reservation needs a code.

-- off | high_demand (sessions marked high-demand) | all: when a reservation needs a code.
ALTER TABLE campaigns ADD COLUMN phone_verification TEXT NOT NULL DEFAULT 'off';

-- One row per code sent. Only a keyed hash of the code is kept (the key is outside the
-- database, service/data_key.hpp): a copy of the database cannot be used to pass a check.
--   purpose: reserve | manage (list and cancel one's reservations) | erase (delete one's data)
--   attempts: checks made against it, each counted before it is compared (at most 5)
--   used_at: when a check with it succeeded and the action it allowed was done
CREATE TABLE phone_codes (
  id {{pk}},
  phone TEXT NOT NULL,
  purpose TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  ip TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX phone_codes_phone ON phone_codes (phone, created_at);
CREATE INDEX phone_codes_ip ON phone_codes (ip, created_at);

-- A visitor signed in with phone + code: the token's SHA-256 (the token itself is 256 random
-- bits, so a plain hash suffices), for a few hours, on whichever server the next call reaches.
CREATE TABLE visitor_logins (
  id {{pk}},
  token_hash TEXT NOT NULL UNIQUE,
  phone TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX visitor_logins_expiry ON visitor_logins (expires_at);

-- A code's SMS goes through the outbox like every message to visitors, but belongs to no
-- session: session_id becomes optional. PostgreSQL drops the constraint; SQLite cannot, so
-- the table is copied into one without it (ids kept; the indexes made again).
--postgresql: ALTER TABLE visitor_messages ALTER COLUMN session_id DROP NOT NULL;
--sqlite: CREATE TABLE visitor_messages_new (
--sqlite:   id {{pk}},
--sqlite:   idempotency_key TEXT NOT NULL UNIQUE,
--sqlite:   kind TEXT NOT NULL,
--sqlite:   channel TEXT NOT NULL,
--sqlite:   session_id BIGINT REFERENCES sessions(id),
--sqlite:   reservation_id BIGINT REFERENCES reservations(id),
--sqlite:   recipient TEXT NOT NULL,
--sqlite:   template_id TEXT NOT NULL,
--sqlite:   params TEXT NOT NULL,
--sqlite:   status TEXT NOT NULL,
--sqlite:   attempts INTEGER NOT NULL DEFAULT 0,
--sqlite:   next_attempt_at BIGINT NOT NULL,
--sqlite:   claimed_until BIGINT NOT NULL DEFAULT 0,
--sqlite:   expires_at BIGINT,
--sqlite:   last_error TEXT NOT NULL DEFAULT '',
--sqlite:   provider_id TEXT NOT NULL DEFAULT '',
--sqlite:   created_at BIGINT NOT NULL,
--sqlite:   sent_at BIGINT
--sqlite: );
--sqlite: INSERT INTO visitor_messages_new (id, idempotency_key, kind, channel, session_id, reservation_id, recipient,
--sqlite:   template_id, params, status, attempts, next_attempt_at, claimed_until, expires_at, last_error, provider_id,
--sqlite:   created_at, sent_at)
--sqlite: SELECT id, idempotency_key, kind, channel, session_id, reservation_id, recipient, template_id, params, status,
--sqlite:   attempts, next_attempt_at, claimed_until, expires_at, last_error, provider_id, created_at, sent_at
--sqlite: FROM visitor_messages;
--sqlite: DROP TABLE visitor_messages;
--sqlite: ALTER TABLE visitor_messages_new RENAME TO visitor_messages;
--sqlite: CREATE INDEX visitor_messages_due ON visitor_messages (status, next_attempt_at);
--sqlite: CREATE INDEX visitor_messages_session ON visitor_messages (session_id, id);
--sqlite: CREATE INDEX visitor_messages_recipient ON visitor_messages (recipient, sent_at);
