-- Real-name booking (issue 11 §2, docs/decisions/0021). An activity may ask each reservation
-- for the holder's resident ID card. The number is never kept: a digest keyed by the data key
-- (outside the database) finds the same card twice in a session, and the last four characters
-- are what staff compare with the card at the gate. Both go when personal data is erased.
ALTER TABLE activities ADD COLUMN real_name_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reservations ADD COLUMN id_card_digest TEXT;
ALTER TABLE reservations ADD COLUMN id_card_last4 TEXT;
-- One live reservation per ID card and session, as per phone (reservations_one_per_phone).
CREATE UNIQUE INDEX reservations_one_per_id_card ON reservations (session_id, id_card_digest)
  WHERE id_card_digest IS NOT NULL AND status IN ('applied', 'waiting', 'offered', 'confirmed', 'checked_in');
