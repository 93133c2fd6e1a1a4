-- A version of each session's places (issue 13): every statement that changes taken or
-- capacity raises it by one, inside the same statement. The public calendar keeps, of two
-- readings of a session's places, the one with the larger version, so a reservation's own
-- transaction can report what it left (UPDATE … RETURNING) without a read after its COMMIT,
-- and readings that arrive out of order (threads, nodes) never show an older count.
ALTER TABLE sessions ADD COLUMN seats_version BIGINT NOT NULL DEFAULT 0;
