-- Login throttling keyed per (subject, client address) with growing delays instead of a
-- lock per login (security issue 9, decisions/0006). One row per key, updated with a
-- compare-and-set so parallel attempts cannot all pass one check.
--   scope: 'login' (subject = the login as typed), 'password' (subject = the user id, the
--          old-password check of a password change), 'address' (subject = '', the ceiling
--          across all logins of one client address)
--   client: domain::ClientKey of the address (an IPv6 /64)
--   failures: consecutive counted attempts; blocked_until: no attempt evaluated before it
DROP TABLE login_failures;
CREATE TABLE login_throttle (
  scope TEXT NOT NULL,
  subject TEXT NOT NULL,
  client TEXT NOT NULL,
  failures INTEGER NOT NULL,
  blocked_until BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  PRIMARY KEY (scope, subject, client)
);
CREATE INDEX login_throttle_last_at ON login_throttle (last_at);
