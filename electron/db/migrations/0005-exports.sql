-- Export log (issue 6): every briefing pack, calendar and contact file this installation wrote.
-- Need-to-know is only as good as the record of who received what: the log says which site
-- produced it, for which recipient (NULL = all agencies, the coordinator's pack), when, from
-- which operation, and the SHA-256 of the bytes handed out, so a pack found later can be traced.
-- Local to the site (not synced): it records this installation's acts.
CREATE TABLE export_log (
  id                  TEXT PRIMARY KEY,
  operation_id        TEXT NOT NULL REFERENCES operations(id),
  kind                TEXT NOT NULL CHECK (kind IN ('briefing', 'ics', 'vcard', 'pack')),
  -- The agency the export was made for; NULL means every agency (coordinator).
  recipient_agency_id TEXT REFERENCES agencies(id),
  -- For calendars: 'operation', 'agency:<id>' or 'person:<id>'.
  scope               TEXT NOT NULL DEFAULT '',
  lang                TEXT NOT NULL DEFAULT '',
  site_id             TEXT NOT NULL,
  site_agency_id      TEXT NOT NULL,
  site_unit_name      TEXT NOT NULL DEFAULT '',
  created_at          TEXT NOT NULL,
  sha256              TEXT NOT NULL,
  byte_size           INTEGER NOT NULL,
  -- Number of age recipients the export was encrypted to (0 = plaintext).
  encrypted_to        INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX export_log_by_operation ON export_log (operation_id, created_at);
