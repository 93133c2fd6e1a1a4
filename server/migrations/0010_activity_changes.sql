-- Changes to a published activity (issue 10 §4, docs/decisions/0017). Harmless fields
-- (description, contact, audience) change the activity at once; a change of time, place,
-- sessions, capacity or anything else waits here for review while the published version
-- stays live, and on approval is applied in one transaction.

-- A session taken out of a published plan by an approved change. Kept, not deleted: its
-- tickets (cancelled with the change's reason) and check-ins still point at it.
ALTER TABLE sessions ADD COLUMN removed_at BIGINT;

CREATE TABLE activity_changes (
  id {{pk}},
  activity_id BIGINT NOT NULL REFERENCES activities(id),
  base_version INTEGER NOT NULL,            -- the activity's version the change was made against
  before_plan TEXT NOT NULL,                -- JSON: the published plan when the change was made
  proposed_plan TEXT NOT NULL,              -- JSON: the plan as it would be (sessions keep their ids)
  reason TEXT NOT NULL,                     -- why (the reviewer reads it; holders hear it)
  cancels_reservations INTEGER NOT NULL DEFAULT 0,  -- the unit agreed to cancel the tickets it displaces
  status TEXT NOT NULL,                     -- pending | approved | rejected | withdrawn
  review_level TEXT NOT NULL DEFAULT '',    -- where a pending change waits (domain::ReviewLevel)
  review_reason TEXT NOT NULL DEFAULT '',
  affected TEXT NOT NULL DEFAULT '[]',      -- JSON, on approval: the tickets moved or cancelled
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  decided_at BIGINT,
  decided_by TEXT
);
CREATE INDEX activity_changes_activity ON activity_changes (activity_id, id);
-- At most one change waits per activity: a new proposal replaces the waiting one.
CREATE UNIQUE INDEX activity_changes_one_pending ON activity_changes (activity_id) WHERE status = 'pending';
