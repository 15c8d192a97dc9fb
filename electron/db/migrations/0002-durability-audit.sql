-- Durability and audit (issue 8).
--
-- The audit trail is append-only and hash-chained: each entry's hash covers its own content
-- and the previous entry's hash, so an edited, deleted or reordered entry breaks the chain at
-- a point `spilno audit verify` can name. It is local evidence of who did what at this site;
-- it is never synced (each site proves its own actions).
CREATE TABLE audit_log (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  at            TEXT NOT NULL,
  site_id       TEXT NOT NULL,
  agency_id     TEXT NOT NULL,
  unit_name     TEXT NOT NULL,
  actor         TEXT NOT NULL,
  -- What was done: an API method ('operations.update'), or a named event ('export.pdf').
  action        TEXT NOT NULL,
  operation_id  TEXT,
  -- JSON array of affected record references ("entity:id"), sorted.
  affected      TEXT NOT NULL,
  -- SHA-256 of the canonical JSON of the call's input: proves what was asked without storing it.
  input_digest  TEXT NOT NULL,
  detail        TEXT NOT NULL DEFAULT '',
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
) STRICT;
CREATE INDEX audit_operation ON audit_log(operation_id, seq);
CREATE INDEX audit_actor ON audit_log(actor, seq);
CREATE INDEX audit_action ON audit_log(action, seq);
