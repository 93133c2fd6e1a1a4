-- Activities of the week: plans with sessions (time slots), review, public reservations
-- with a waiting list and lotteries, QR check-in, walk-in counts, unit documents.
-- Capacity is enforced by one conditional UPDATE on sessions.taken (never oversold on
-- either database); the CHECK is the last line of defence.

ALTER TABLE campaigns ADD COLUMN large_event_threshold INTEGER NOT NULL DEFAULT 500;
ALTER TABLE campaigns ADD COLUMN max_party_size INTEGER NOT NULL DEFAULT 5;
ALTER TABLE campaigns ADD COLUMN offer_minutes INTEGER NOT NULL DEFAULT 120;

CREATE TABLE activities (
  id {{pk}},
  campaign_year INTEGER NOT NULL REFERENCES campaigns(year),
  lead_org TEXT NOT NULL REFERENCES org_units(code),
  title TEXT NOT NULL,
  category TEXT NOT NULL,
  mode TEXT NOT NULL,
  district_code TEXT NOT NULL REFERENCES org_units(code),
  venue TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  audience TEXT NOT NULL DEFAULT '[]',
  description TEXT NOT NULL DEFAULT '',
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  is_free INTEGER NOT NULL DEFAULT 1,
  reservation_required INTEGER NOT NULL DEFAULT 1,
  online_url TEXT NOT NULL DEFAULT '',
  security_owner TEXT NOT NULL DEFAULT '',
  safe_occupancy INTEGER,
  status TEXT NOT NULL,
  review_reason TEXT NOT NULL DEFAULT '',
  cancel_reason TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  submitted_at BIGINT,
  reviewed_at BIGINT,
  reviewed_by TEXT
);
CREATE INDEX activities_campaign_status ON activities (campaign_year, status);
CREATE INDEX activities_lead ON activities (lead_org, campaign_year);

CREATE TABLE activity_co_organizers (
  activity_id BIGINT NOT NULL REFERENCES activities(id),
  org_code TEXT NOT NULL REFERENCES org_units(code),
  PRIMARY KEY (activity_id, org_code)
);
CREATE INDEX activity_co_organizers_org ON activity_co_organizers (org_code);

CREATE TABLE activity_files (
  id {{pk}},
  activity_id BIGINT NOT NULL REFERENCES activities(id),
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX activity_files_activity ON activity_files (activity_id);

CREATE TABLE sessions (
  id {{pk}},
  activity_id BIGINT NOT NULL REFERENCES activities(id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  capacity INTEGER NOT NULL,
  taken INTEGER NOT NULL DEFAULT 0,
  walk_ins INTEGER NOT NULL DEFAULT 0,
  occupancy INTEGER NOT NULL DEFAULT 0,
  high_demand INTEGER NOT NULL DEFAULT 0,
  opens_at BIGINT,
  lottery_cutoff BIGINT,
  lottery_drawn INTEGER NOT NULL DEFAULT 0,
  CHECK (taken >= 0 AND taken <= capacity),
  CHECK (occupancy >= 0)
);
CREATE INDEX sessions_activity ON sessions (activity_id);

-- status: applied (lottery) | waiting | offered | confirmed | checked_in | cancelled | lost | expired.
-- sessions.taken = SUM(party_size) of offered + confirmed + checked_in rows.
CREATE TABLE reservations (
  id {{pk}},
  session_id BIGINT NOT NULL REFERENCES sessions(id),
  ticket_no TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  party_size INTEGER NOT NULL,
  status TEXT NOT NULL,
  day TEXT NOT NULL,
  high_demand INTEGER NOT NULL DEFAULT 0,
  queue_no BIGINT NOT NULL DEFAULT 0,
  offer_expires_at BIGINT,
  cancel_reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  checked_in_at BIGINT,
  checked_in_by TEXT,
  inside INTEGER NOT NULL DEFAULT 0
);
-- One live reservation (or application, or place in line) per phone and session.
CREATE UNIQUE INDEX reservations_one_per_phone ON reservations (session_id, phone)
  WHERE status IN ('applied', 'waiting', 'offered', 'confirmed', 'checked_in');
CREATE INDEX reservations_session_status ON reservations (session_id, status, queue_no);
CREATE INDEX reservations_phone ON reservations (phone, created_at);
CREATE INDEX reservations_phone_day ON reservations (phone, day, high_demand);

CREATE TABLE checkins (
  id {{pk}},
  reservation_id BIGINT NOT NULL REFERENCES reservations(id),
  session_id BIGINT NOT NULL REFERENCES sessions(id),
  direction TEXT NOT NULL,
  at BIGINT NOT NULL,
  by_login TEXT NOT NULL
);
CREATE INDEX checkins_session ON checkins (session_id, at);

-- The Ed25519 key that signs ticket codes, shared by every server on the database.
CREATE TABLE signing_keys (
  name TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  secret_key TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- A unit's implementation plan (实施方案) and a district's leading group (领导机构).
CREATE TABLE org_documents (
  id {{pk}},
  campaign_year INTEGER NOT NULL REFERENCES campaigns(year),
  org_code TEXT NOT NULL REFERENCES org_units(code),
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX org_documents_org ON org_documents (campaign_year, org_code);
