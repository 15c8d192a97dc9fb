-- Sync import scratch space inside the database file (issue 14). It lived in TEMP tables, and
-- SQLite keeps TEMP tables (and sorts and statement journals) in files in the system temp
-- folder that the cipher of an encrypted store does not cover: a 23 MB bundle's notes and names
-- sat there in clear. Here they are encrypted with the rest of an encrypted store, and every
-- import deletes what it staged. Local to the site (not synced); empty between imports.

-- One row per import in progress: whose lines are whose when two processes (the app and the
-- CLI) import into the same file, and which leftovers of a crashed import are safe to clear.
CREATE TABLE sync_staging_runs (
  import_id  TEXT PRIMARY KEY,
  started_at TEXT NOT NULL
) STRICT;

-- The decrypted change lines of a bundle, held until the whole file matched its signed hash.
CREATE TABLE sync_staging (
  n         INTEGER PRIMARY KEY,
  import_id TEXT NOT NULL,
  line      TEXT NOT NULL
) STRICT;

-- The rows one apply pass re-projects, keyed so they come back in reference order. Written and
-- emptied inside the import's own transaction.
CREATE TABLE sync_apply_rows (
  ord     INTEGER NOT NULL,
  entity  TEXT NOT NULL,
  row_id  TEXT NOT NULL,
  pending INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (ord, row_id)
) STRICT, WITHOUT ROWID;
