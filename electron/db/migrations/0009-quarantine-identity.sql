-- Quarantine keyed by change identity (issue 13). The old table was keyed by (bundle, change),
-- so every bundle that carried a refused change again added it again (839 rows for 101
-- distinct changes). Now one row per change identity (hlc, entity, row, field; the raw text
-- for a change too malformed to have one): re-delivery only counts another sighting.
-- A held change (`waiting` = 1) refers to a row not known here yet (`waits_entity`,
-- `waits_row`); it is judged again whenever that row arrives and applies by itself then.
-- Rows quarantined before this version are all held once (an unreadable line stays refused),
-- so the current rights rule judges them again on the next import: directory records of other
-- agencies that older units refused now apply. Local bookkeeping, never synced.
CREATE TABLE sync_quarantine_v8 (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  change_key      TEXT NOT NULL UNIQUE,
  change          TEXT NOT NULL,
  entity          TEXT NOT NULL DEFAULT '',
  row_id          TEXT NOT NULL DEFAULT '',
  operation_id    TEXT,
  hlc             TEXT NOT NULL DEFAULT '',
  reason          TEXT NOT NULL,
  -- The reason in the planner's language: a catalog key and its parameters ('' : only `reason`).
  reason_key      TEXT NOT NULL DEFAULT '',
  reason_params   TEXT NOT NULL DEFAULT '{}',
  waiting         INTEGER NOT NULL DEFAULT 0 CHECK (waiting IN (0, 1)),
  waits_entity    TEXT NOT NULL DEFAULT '',
  waits_row       TEXT NOT NULL DEFAULT '',
  bundle_id       TEXT NOT NULL,
  sender_site_id  TEXT NOT NULL,
  at              TEXT NOT NULL,
  last_at         TEXT NOT NULL,
  seen            INTEGER NOT NULL DEFAULT 1
) STRICT;

INSERT INTO sync_quarantine_v8 (change_key, change, entity, row_id, operation_id, hlc, reason, waiting,
                                waits_entity, waits_row, bundle_id, sender_site_id, at, last_at, seen)
SELECT key, change, entity, row_id, operation_id, hlc, reason, entity <> '', entity, row_id, bundle_id, sender_site_id,
       min(at), max(at), count(*)
FROM (
  SELECT id, change, reason, bundle_id, sender_site_id, at,
         CASE WHEN ok THEN json_extract(change, '$.hlc') || char(31) || json_extract(change, '$.entity') || char(31)
                            || json_extract(change, '$.rowId') || char(31) || json_extract(change, '$.field')
              ELSE 'raw:' || change END AS key,
         CASE WHEN ok THEN json_extract(change, '$.entity') ELSE '' END AS entity,
         CASE WHEN ok THEN json_extract(change, '$.rowId') ELSE '' END AS row_id,
         CASE WHEN ok THEN json_extract(change, '$.operationId') END AS operation_id,
         CASE WHEN ok THEN json_extract(change, '$.hlc') ELSE '' END AS hlc
  FROM (
    SELECT *, CASE WHEN json_valid(change) THEN json_type(change, '$.hlc') = 'text' AND json_type(change, '$.entity') = 'text'
              AND json_type(change, '$.rowId') = 'text' AND json_type(change, '$.field') = 'text' ELSE 0 END AS ok
    FROM sync_quarantine
  )
  ORDER BY id
)
GROUP BY key;

DROP TABLE sync_quarantine;
ALTER TABLE sync_quarantine_v8 RENAME TO sync_quarantine;
CREATE INDEX sync_quarantine_waiting ON sync_quarantine(waiting, hlc);
CREATE INDEX sync_quarantine_row ON sync_quarantine(entity, row_id);
