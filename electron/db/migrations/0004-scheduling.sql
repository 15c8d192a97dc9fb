-- Scheduling and deconfliction (issue 4). Both tables are local to this installation and never
-- synced: an override or an acknowledgement is a decision taken here, by this unit. Each one is
-- also written as a note on the operation, which is synced through the change record.

-- A save that created a blocking conflict anyway: which conflict, why, who and when.
CREATE TABLE conflict_overrides (
  id            TEXT PRIMARY KEY,
  conflict_key  TEXT NOT NULL,
  rule          TEXT NOT NULL,
  operation_id  TEXT,
  task_ids      TEXT NOT NULL DEFAULT '[]',
  action        TEXT NOT NULL,
  reason        TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  site_id       TEXT NOT NULL,
  agency_id     TEXT NOT NULL,
  unit_name     TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX conflict_overrides_key ON conflict_overrides(conflict_key, created_at);
CREATE INDEX conflict_overrides_operation ON conflict_overrides(operation_id, created_at);

-- Deconfliction hits between two operations. A row is kept once raised: when the match
-- disappears it is marked cleared, never deleted, so nothing is resolved silently; only an
-- acknowledgement (who, when, note) closes it.
CREATE TABLE deconfliction_alerts (
  key              TEXT PRIMARY KEY,
  kind             TEXT NOT NULL,
  operation_a      TEXT NOT NULL,
  operation_b      TEXT NOT NULL,
  match_key        TEXT NOT NULL,
  label            TEXT NOT NULL,
  distance_m       INTEGER,
  windows_overlap  INTEGER NOT NULL,
  first_seen_at    TEXT NOT NULL,
  last_seen_at     TEXT NOT NULL,
  cleared_at       TEXT,
  acknowledged_at  TEXT,
  acknowledged_by  TEXT,
  ack_note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX deconfliction_alerts_a ON deconfliction_alerts(operation_a);
CREATE INDEX deconfliction_alerts_b ON deconfliction_alerts(operation_b);
