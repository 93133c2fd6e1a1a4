-- The checks every reservation runs (store/reservation_store.cpp, Precheck), each given an
-- index that is the only sensible one for it (issue 13). PostgreSQL plans a kept statement
-- once; a plan made while the table was still empty, before any ANALYZE, had taken the
-- one-per-phone index for all of them, and counting the hot session's waiting line then read
-- every reservation of that session (3 ms at 30,000). With these, the right index wins with
-- or without statistics. The status lists are domain::IsLive's, in its order, as in
-- reservations_one_per_phone.
CREATE INDEX reservations_live_phone ON reservations (phone, created_at)
  WHERE status IN ('applied', 'waiting', 'offered', 'confirmed', 'checked_in');
-- Replaces (phone, day, high_demand): the one-popular-session-a-day rule is its only reader.
DROP INDEX reservations_phone_day;
CREATE INDEX reservations_live_high_demand_day ON reservations (phone, day)
  WHERE high_demand = 1 AND status IN ('applied', 'waiting', 'offered', 'confirmed', 'checked_in');
-- A session's waiting line: whether anyone waits, and who is next.
CREATE INDEX reservations_waiting_line ON reservations (session_id, queue_no) WHERE status = 'waiting';
