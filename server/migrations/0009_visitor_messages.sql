-- Messages to visitors (issue 11 §1, decisions/0015): the outbox of SMS and e-mail about
-- reservations. One row per message to one visitor, written in the transaction of the change
-- that causes it (a reservation, an offer, a draw, a cancellation, a broadcast), so a crash
-- after the 2xx loses no message and a rolled-back change sends none. Workers claim due rows
-- with a conditional UPDATE (several servers never send one row twice) and send outside any
-- transaction.
--   idempotency_key: "<kind>:<reservation id>[:<discriminator>]", unique: the same event
--                    enqueued twice yields one row; the provider receives it too (OutId).
--   kind: confirmed | offered | offer_expired | lottery_won | lottery_lost | session_changed |
--         session_cancelled | reminder | staff_notice;   channel: sms | email
--   recipient: the phone (stored whole, as reservations.phone) or the e-mail address
--   status: pending | sending | sent | failed | suppressed
--   next_attempt_at: when a pending row is due; claimed_until: while `sending`, the end of the
--                    worker's claim (a worker that died leaves it due once the claim lapses)
--   expires_at: after this the message no longer matters (the session ended, the offer
--               lapsed): it is suppressed rather than sent
-- A visitor may leave an e-mail address with a reservation (optional): messages then go by
-- e-mail too, when the server sends visitor e-mail (--visitor-email).
ALTER TABLE reservations ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE visitor_messages (
  id {{pk}},
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  channel TEXT NOT NULL,
  session_id BIGINT NOT NULL REFERENCES sessions(id),
  reservation_id BIGINT REFERENCES reservations(id),
  recipient TEXT NOT NULL,
  template_id TEXT NOT NULL,
  params TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  claimed_until BIGINT NOT NULL DEFAULT 0,
  expires_at BIGINT,
  last_error TEXT NOT NULL DEFAULT '',
  provider_id TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX visitor_messages_due ON visitor_messages (status, next_attempt_at);
CREATE INDEX visitor_messages_session ON visitor_messages (session_id, id);
CREATE INDEX visitor_messages_recipient ON visitor_messages (recipient, sent_at);

-- Staff broadcasts to a session's holders: who sent what when (the audit log has it too);
-- each holder's row in visitor_messages carries the broadcast's id in its key.
CREATE TABLE session_broadcasts (
  id {{pk}},
  session_id BIGINT NOT NULL REFERENCES sessions(id),
  text TEXT NOT NULL,
  recipients INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX session_broadcasts_session ON session_broadcasts (session_id, created_at);
