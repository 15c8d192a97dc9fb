-- Spilno schema v1. Synced tables change additively once released: units in the field run
-- mixed versions. Times are ISO-8601 UTC text ('…Z'), which sorts chronologically.
-- Deletes of synced rows are tombstones (deleted = 1) so that a delete can travel in a bundle.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE agencies (
  id       TEXT PRIMARY KEY,
  code     TEXT NOT NULL UNIQUE,
  name_uk  TEXT NOT NULL,
  name_en  TEXT NOT NULL,
  kind     TEXT NOT NULL,
  country  TEXT NOT NULL DEFAULT '',
  color    TEXT NOT NULL,
  -- Procedural powers (JSON array); the defaults come from DOMAIN.md and are editable.
  powers   TEXT NOT NULL DEFAULT '[]',
  deleted  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE units (
  id        TEXT PRIMARY KEY,
  agency_id TEXT NOT NULL REFERENCES agencies(id),
  name      TEXT NOT NULL,
  kind      TEXT NOT NULL DEFAULT '',
  place     TEXT NOT NULL DEFAULT '{"label":"","point":null}',
  phone     TEXT NOT NULL DEFAULT '',
  deleted   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX units_agency ON units(agency_id);

CREATE TABLE people (
  id         TEXT PRIMARY KEY,
  agency_id  TEXT NOT NULL REFERENCES agencies(id),
  unit_id    TEXT REFERENCES units(id),
  full_name  TEXT NOT NULL,
  position   TEXT NOT NULL DEFAULT '',
  rank       TEXT NOT NULL DEFAULT '',
  phone      TEXT NOT NULL DEFAULT '',
  email      TEXT NOT NULL DEFAULT '',
  callsign   TEXT NOT NULL DEFAULT '',
  skills     TEXT NOT NULL DEFAULT '[]',
  clearance  TEXT NOT NULL DEFAULT 'none',
  deleted    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX people_agency ON people(agency_id);

CREATE TABLE resources (
  id          TEXT PRIMARY KEY,
  agency_id   TEXT NOT NULL REFERENCES agencies(id),
  unit_id     TEXT REFERENCES units(id),
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  capacity    INTEGER NOT NULL DEFAULT 0,
  identifier  TEXT NOT NULL DEFAULT '',
  notes       TEXT NOT NULL DEFAULT '',
  deleted     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX resources_agency ON resources(agency_id);

CREATE TABLE operations (
  id              TEXT PRIMARY KEY,
  code_name       TEXT NOT NULL,
  type            TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'draft',
  handling_code   TEXT NOT NULL,
  handling_note   TEXT NOT NULL DEFAULT '',
  form            TEXT NOT NULL,
  formality       TEXT NOT NULL,
  legal_basis     TEXT NOT NULL DEFAULT '',
  lead_agency_id  TEXT NOT NULL REFERENCES agencies(id),
  starts_at       TEXT NOT NULL,
  ends_at         TEXT NOT NULL,
  time_zone       TEXT NOT NULL,
  area            TEXT NOT NULL DEFAULT '',
  locations       TEXT NOT NULL DEFAULT '[]',
  objectives      TEXT NOT NULL DEFAULT '',
  situation       TEXT NOT NULL DEFAULT '',
  execution       TEXT NOT NULL DEFAULT '',
  sustainment     TEXT NOT NULL DEFAULT '',
  command_post    TEXT NOT NULL DEFAULT '',
  risks           TEXT NOT NULL DEFAULT '[]',
  comms           TEXT NOT NULL DEFAULT '[]',
  subjects        TEXT NOT NULL DEFAULT '[]',
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX operations_window ON operations(starts_at, ends_at);
CREATE INDEX operations_lead ON operations(lead_agency_id);

-- Participating agencies: a set, one row per member, so that add and remove sync independently.
CREATE TABLE operation_agencies (
  operation_id TEXT NOT NULL REFERENCES operations(id),
  agency_id    TEXT NOT NULL REFERENCES agencies(id),
  deleted      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (operation_id, agency_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX operation_agencies_agency ON operation_agencies(agency_id);

CREATE TABLE phases (
  id            TEXT PRIMARY KEY,
  operation_id  TEXT NOT NULL REFERENCES operations(id),
  name          TEXT NOT NULL,
  ordinal       INTEGER NOT NULL,
  starts_at     TEXT NOT NULL,
  ends_at       TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX phases_operation ON phases(operation_id, ordinal);

CREATE TABLE tasks (
  id                     TEXT PRIMARY KEY,
  operation_id           TEXT NOT NULL REFERENCES operations(id),
  phase_id               TEXT REFERENCES phases(id),
  title                  TEXT NOT NULL,
  type                   TEXT NOT NULL,
  status                 TEXT NOT NULL DEFAULT 'todo',
  accountable_agency_id  TEXT REFERENCES agencies(id),
  unit_id                TEXT REFERENCES units(id),
  starts_at              TEXT NOT NULL,
  ends_at                TEXT NOT NULL,
  place                  TEXT NOT NULL DEFAULT '{"label":"","point":null}',
  dependencies           TEXT NOT NULL DEFAULT '[]',
  checklist              TEXT NOT NULL DEFAULT '[]',
  notes                  TEXT NOT NULL DEFAULT '',
  is_key_event           INTEGER NOT NULL DEFAULT 0,
  is_decision_point      INTEGER NOT NULL DEFAULT 0,
  updated_at             TEXT NOT NULL,
  deleted                INTEGER NOT NULL DEFAULT 0
) STRICT;
-- Covers the per-operation task counts of the operations list (no table lookups).
CREATE INDEX tasks_operation ON tasks(operation_id, deleted);
CREATE INDEX tasks_window ON tasks(starts_at, ends_at);
CREATE INDEX tasks_agency ON tasks(accountable_agency_id);

CREATE TABLE task_people (
  task_id    TEXT NOT NULL REFERENCES tasks(id),
  person_id  TEXT NOT NULL REFERENCES people(id),
  deleted    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (task_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX task_people_person ON task_people(person_id);

CREATE TABLE task_resources (
  task_id      TEXT NOT NULL REFERENCES tasks(id),
  resource_id  TEXT NOT NULL REFERENCES resources(id),
  deleted      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (task_id, resource_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX task_resources_resource ON task_resources(resource_id);

CREATE TABLE exchange_entries (
  id                  TEXT PRIMARY KEY,
  kind                TEXT NOT NULL,
  form                TEXT NOT NULL,
  formality           TEXT NOT NULL,
  legal_basis         TEXT NOT NULL DEFAULT '',
  from_agency_id      TEXT NOT NULL REFERENCES agencies(id),
  to_agency_id        TEXT NOT NULL REFERENCES agencies(id),
  operation_id        TEXT REFERENCES operations(id),
  subject             TEXT NOT NULL,
  body                TEXT NOT NULL DEFAULT '',
  handling_code       TEXT NOT NULL,
  handling_note       TEXT NOT NULL DEFAULT '',
  source_reliability  TEXT NOT NULL,
  info_accuracy       TEXT NOT NULL,
  sent_at             TEXT,
  due_at              TEXT,
  acknowledged_at     TEXT,
  created_at          TEXT NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX exchange_operation ON exchange_entries(operation_id);
CREATE INDEX exchange_due ON exchange_entries(due_at);

-- The change record (see shared/sync/change.ts). seq is local arrival order; hlc is the
-- causal order all sites agree on.
CREATE TABLE change_log (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  hlc           TEXT NOT NULL,
  site_id       TEXT NOT NULL,
  entity        TEXT NOT NULL,
  row_id        TEXT NOT NULL,
  field         TEXT NOT NULL,
  value         TEXT NOT NULL,
  operation_id  TEXT
) STRICT;
CREATE UNIQUE INDEX change_log_identity ON change_log(hlc, entity, row_id, field);
CREATE INDEX change_log_field ON change_log(entity, row_id, field, hlc);
CREATE INDEX change_log_site ON change_log(site_id, hlc);
CREATE INDEX change_log_operation ON change_log(operation_id, seq);

-- Append-only notes on an operation (sync merges them as a log, never overwrites).
CREATE TABLE operation_notes (
  id              TEXT PRIMARY KEY,
  operation_id    TEXT NOT NULL REFERENCES operations(id),
  author_site_id  TEXT NOT NULL,
  body            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX operation_notes_operation ON operation_notes(operation_id, created_at);
