-- Geo exports in the export log (issue 18): GeoJSON, KML and TAK data packages leave the unit
-- like briefing packs do, so they are recorded the same way (who, for whom, when, SHA-256).
-- SQLite cannot widen a CHECK in place: the table is rebuilt with its rows and its index.
-- Local to the site (not synced), nothing refers to it.
CREATE TABLE export_log_v10 (
  id                  TEXT PRIMARY KEY,
  operation_id        TEXT NOT NULL REFERENCES operations(id),
  kind                TEXT NOT NULL CHECK (kind IN ('briefing', 'ics', 'vcard', 'pack', 'geojson', 'kml', 'tak')),
  recipient_agency_id TEXT REFERENCES agencies(id),
  scope               TEXT NOT NULL DEFAULT '',
  lang                TEXT NOT NULL DEFAULT '',
  site_id             TEXT NOT NULL,
  site_agency_id      TEXT NOT NULL,
  site_unit_name      TEXT NOT NULL DEFAULT '',
  created_at          TEXT NOT NULL,
  sha256              TEXT NOT NULL,
  byte_size           INTEGER NOT NULL,
  encrypted_to        INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO export_log_v10 (id, operation_id, kind, recipient_agency_id, scope, lang, site_id, site_agency_id,
                            site_unit_name, created_at, sha256, byte_size, encrypted_to)
  SELECT id, operation_id, kind, recipient_agency_id, scope, lang, site_id, site_agency_id,
         site_unit_name, created_at, sha256, byte_size, encrypted_to
    FROM export_log;

DROP TABLE export_log;
ALTER TABLE export_log_v10 RENAME TO export_log;
CREATE INDEX export_log_by_operation ON export_log (operation_id, created_at);
