-- The ticket signing key leaves the database (decision 0007): a copy of the database must not
-- be able to make tickets. Keys now live in <data-dir>/keys (mode 0600) or SCIWEEK_TICKET_KEYS.
-- Codes signed by the dropped key (T1.…) no longer verify: the server reads one as the bare
-- ticket number it carries, and shows the visitor a T2 code signed by the new key.
DROP TABLE signing_keys;
