-- Personal data that expires (issue 11 §4, docs/decisions/0020). Visitors' names, phones and
-- e-mail addresses are kept for the week and its follow-up only: `personal_data_days` after
-- the campaign's end date they are replaced by tokens that say nothing, while every count,
-- check-in and statistic stays. A visitor may ask for the same at any time (phone + code).
ALTER TABLE campaigns ADD COLUMN personal_data_days INTEGER NOT NULL DEFAULT 90;
-- When the reservation's name, phone and e-mail were replaced; NULL while they are there.
ALTER TABLE reservations ADD COLUMN erased_at BIGINT;
