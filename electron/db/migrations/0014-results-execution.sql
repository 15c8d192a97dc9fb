-- What an operation moves and what it achieves (issue 17): the consignments it follows, its live
-- execution (actual start and finish of tasks, the ICS-214-style activity log) and its results
-- (seizures, evidence with its chain of custody, detentions, customs-rule violation protocols,
-- the outcome and lessons). Each is a synced row scoped to its operation, like the legal spine.
-- Additive only: units in the field run mixed versions and every existing operation keeps
-- working with none of these rows.

CREATE TABLE consignments (
  id                  TEXT PRIMARY KEY,
  operation_id        TEXT NOT NULL REFERENCES operations(id),
  declaration_number  TEXT NOT NULL DEFAULT '',
  mrn                 TEXT NOT NULL DEFAULT '',
  cmr_number          TEXT NOT NULL DEFAULT '',
  invoice_number      TEXT NOT NULL DEFAULT '',
  commodity           TEXT NOT NULL,
  hs_code             TEXT NOT NULL DEFAULT '',
  quantity            REAL NOT NULL DEFAULT 0,
  quantity_unit       TEXT NOT NULL DEFAULT '',
  declared_value      REAL NOT NULL DEFAULT 0,
  currency            TEXT NOT NULL DEFAULT 'UAH',
  seals               TEXT NOT NULL DEFAULT '[]',
  consignor           TEXT NOT NULL DEFAULT '',
  consignee           TEXT NOT NULL DEFAULT '',
  consignee_edrpou    TEXT NOT NULL DEFAULT '',
  truck_plate         TEXT NOT NULL DEFAULT '',
  trailer_plate       TEXT NOT NULL DEFAULT '',
  container_number    TEXT NOT NULL DEFAULT '',
  wagon_number        TEXT NOT NULL DEFAULT '',
  vessel_imo          TEXT NOT NULL DEFAULT '',
  vessel_name         TEXT NOT NULL DEFAULT '',
  notes               TEXT NOT NULL DEFAULT '',
  deleted             INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX consignments_operation ON consignments(operation_id);

CREATE TABLE seizures (
  id                 TEXT PRIMARY KEY,
  operation_id       TEXT NOT NULL REFERENCES operations(id),
  consignment_id     TEXT,
  proceeding_id      TEXT,
  category           TEXT NOT NULL,
  description        TEXT NOT NULL,
  quantity           REAL NOT NULL DEFAULT 0,
  quantity_unit      TEXT NOT NULL DEFAULT '',
  hs_code            TEXT NOT NULL DEFAULT '',
  estimated_value    REAL NOT NULL DEFAULT 0,
  currency           TEXT NOT NULL DEFAULT 'UAH',
  seized_at          TEXT NOT NULL,
  seized_by_agency_id TEXT NOT NULL,
  storage_place      TEXT NOT NULL DEFAULT '',
  notes              TEXT NOT NULL DEFAULT '',
  deleted            INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX seizures_operation ON seizures(operation_id);

CREATE TABLE evidence_items (
  id               TEXT PRIMARY KEY,
  operation_id     TEXT NOT NULL REFERENCES operations(id),
  seizure_id       TEXT,
  number           TEXT NOT NULL DEFAULT '',
  description      TEXT NOT NULL,
  packaging        TEXT NOT NULL DEFAULT '',
  seal_number      TEXT NOT NULL DEFAULT '',
  packed_at        TEXT NOT NULL,
  packed_by        TEXT NOT NULL,
  packed_by_agency_id TEXT NOT NULL,
  notes            TEXT NOT NULL DEFAULT '',
  deleted          INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX evidence_items_operation ON evidence_items(operation_id);

CREATE TABLE custody_transfers (
  id             TEXT PRIMARY KEY,
  operation_id   TEXT NOT NULL REFERENCES operations(id),
  evidence_id    TEXT NOT NULL,
  from_person    TEXT NOT NULL,
  to_person      TEXT NOT NULL,
  to_agency_id   TEXT NOT NULL,
  at             TEXT NOT NULL,
  place          TEXT NOT NULL DEFAULT '',
  seal_number    TEXT NOT NULL DEFAULT '',
  seal_intact    INTEGER NOT NULL DEFAULT 1,
  resealed_as    TEXT NOT NULL DEFAULT '',
  purpose        TEXT NOT NULL DEFAULT '',
  recorded_by    TEXT NOT NULL DEFAULT '',
  recorded_at    TEXT NOT NULL,
  deleted        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX custody_transfers_evidence ON custody_transfers(evidence_id);
CREATE INDEX custody_transfers_operation ON custody_transfers(operation_id);

CREATE TABLE detentions (
  id                   TEXT PRIMARY KEY,
  operation_id         TEXT NOT NULL REFERENCES operations(id),
  proceeding_id        TEXT,
  basis                TEXT NOT NULL,
  full_name            TEXT NOT NULL,
  name_latin           TEXT NOT NULL DEFAULT '',
  date_of_birth        TEXT NOT NULL DEFAULT '',
  citizenship          TEXT NOT NULL DEFAULT '',
  passport             TEXT NOT NULL DEFAULT '',
  detained_at          TEXT NOT NULL,
  detained_by          TEXT NOT NULL,
  detained_by_agency_id TEXT NOT NULL,
  place                TEXT NOT NULL DEFAULT '',
  taken_to             TEXT NOT NULL DEFAULT '',
  notes                TEXT NOT NULL DEFAULT '',
  deleted              INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX detentions_operation ON detentions(operation_id);

CREATE TABLE violation_protocols (
  id                  TEXT PRIMARY KEY,
  operation_id        TEXT NOT NULL REFERENCES operations(id),
  number              TEXT NOT NULL,
  drawn_on            TEXT NOT NULL,
  drawn_by            TEXT NOT NULL DEFAULT '',
  drawn_by_agency_id  TEXT NOT NULL,
  article             TEXT NOT NULL DEFAULT '',
  offender            TEXT NOT NULL DEFAULT '',
  seizure_id          TEXT,
  notes               TEXT NOT NULL DEFAULT '',
  deleted             INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX violation_protocols_operation ON violation_protocols(operation_id);

-- One row per operation (its id is the operation's): how it ended and what was learnt.
CREATE TABLE operation_outcomes (
  id                 TEXT PRIMARY KEY,
  operation_id       TEXT NOT NULL REFERENCES operations(id),
  outcome            TEXT NOT NULL DEFAULT '',
  completion_reason  TEXT NOT NULL DEFAULT '',
  lessons            TEXT NOT NULL DEFAULT '',
  deleted            INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX operation_outcomes_operation ON operation_outcomes(operation_id);

-- One row per task (its id is the task's): the actual start and finish as recorded in the field.
CREATE TABLE task_actuals (
  id                 TEXT PRIMARY KEY,
  operation_id       TEXT NOT NULL REFERENCES operations(id),
  started_at         TEXT,
  start_recorded_by  TEXT NOT NULL DEFAULT '',
  start_recorded_at  TEXT,
  finished_at        TEXT,
  finish_recorded_by TEXT NOT NULL DEFAULT '',
  finish_recorded_at TEXT,
  deleted            INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX task_actuals_operation ON task_actuals(operation_id);

-- The unit log (after ICS 214): append-only, each entry its time, unit and text.
CREATE TABLE activity_log (
  id            TEXT PRIMARY KEY,
  operation_id  TEXT NOT NULL REFERENCES operations(id),
  at            TEXT NOT NULL,
  agency_id     TEXT NOT NULL,
  unit          TEXT NOT NULL DEFAULT '',
  author        TEXT NOT NULL DEFAULT '',
  task_id       TEXT,
  entry         TEXT NOT NULL,
  recorded_at   TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX activity_log_operation ON activity_log(operation_id, at);

-- A proceeding opened as a result of the operation, or an existing one the results were joined to.
ALTER TABLE proceedings ADD COLUMN result TEXT NOT NULL DEFAULT '';
