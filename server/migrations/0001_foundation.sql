-- Foundation: org units, users, login sessions, throttling, campaigns, audit log.
-- Times are BIGINT Unix seconds; booleans INTEGER 0/1; JSON as TEXT. {{pk}} is an
-- auto-increment 64-bit key (see store/dialect.cpp).

CREATE TABLE org_units (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  parent_code TEXT REFERENCES org_units(code),
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX org_units_parent ON org_units (parent_code);

CREATE TABLE users (
  id {{pk}},
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  org_code TEXT NOT NULL REFERENCES org_units(code),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX users_org ON users (org_code);

CREATE TABLE auth_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);

CREATE TABLE login_failures (
  id {{pk}},
  login TEXT NOT NULL,
  ip TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_login ON login_failures (login, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

CREATE TABLE campaigns (
  year INTEGER PRIMARY KEY,
  edition INTEGER NOT NULL,
  name TEXT NOT NULL,
  theme TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  report_deadline BIGINT NOT NULL,
  status TEXT NOT NULL,
  contacts TEXT NOT NULL DEFAULT '[]',
  contact_email TEXT NOT NULL DEFAULT '',
  mailing_address TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
  id {{pk}},
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_action ON audit_log (action, at);
CREATE INDEX audit_log_at ON audit_log (at);
