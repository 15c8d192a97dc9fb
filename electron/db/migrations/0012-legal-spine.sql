-- The legal spine of a joint operation (issue 16): the criminal proceedings an operation belongs
-- to, procedural roles, the decisions that authorise its actions, the participants' agreement
-- marks, international cooperation, and the operation's marking and approval. Additive only:
-- units in the field run mixed versions, and every existing operation keeps working (marked
-- «Для службового користування», what Spilno always held; not approved by name).
ALTER TABLE operations ADD COLUMN marking TEXT NOT NULL DEFAULT 'dsk';
ALTER TABLE operations ADD COLUMN classified_file_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN approved_at TEXT;

CREATE TABLE proceedings (
  id                       TEXT PRIMARY KEY,
  operation_id             TEXT NOT NULL REFERENCES operations(id),
  erdr_number              TEXT NOT NULL,
  registered_on            TEXT NOT NULL,
  qualification            TEXT NOT NULL,
  investigating_agency_id  TEXT NOT NULL,
  investigating_unit       TEXT NOT NULL DEFAULT '',
  notes                    TEXT NOT NULL DEFAULT '',
  deleted                  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX proceedings_operation ON proceedings(operation_id);

CREATE TABLE operation_roles (
  id             TEXT PRIMARY KEY,
  operation_id   TEXT NOT NULL REFERENCES operations(id),
  role           TEXT NOT NULL,
  agency_id      TEXT,
  person_id      TEXT,
  name           TEXT NOT NULL DEFAULT '',
  position       TEXT NOT NULL DEFAULT '',
  unit           TEXT NOT NULL DEFAULT '',
  phone          TEXT NOT NULL DEFAULT '',
  country        TEXT NOT NULL DEFAULT '',
  proceeding_id  TEXT,
  deleted        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX operation_roles_operation ON operation_roles(operation_id);

CREATE TABLE decisions (
  id                   TEXT PRIMARY KEY,
  operation_id         TEXT NOT NULL REFERENCES operations(id),
  proceeding_id        TEXT,
  kind                 TEXT NOT NULL,
  number               TEXT NOT NULL DEFAULT '',
  issued_on            TEXT NOT NULL,
  issuer               TEXT NOT NULL,
  holder_agency_id     TEXT NOT NULL,
  valid_from           TEXT NOT NULL,
  valid_until          TEXT NOT NULL,
  task_ids             TEXT NOT NULL DEFAULT '[]',
  handling_code        TEXT NOT NULL DEFAULT 'H2',
  marking              TEXT NOT NULL DEFAULT 'dsk',
  classified_file_ref  TEXT NOT NULL DEFAULT '',
  notes                TEXT NOT NULL DEFAULT '',
  deleted              INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX decisions_operation ON decisions(operation_id);

CREATE TABLE agreements (
  id            TEXT PRIMARY KEY,
  operation_id  TEXT NOT NULL REFERENCES operations(id),
  agency_id     TEXT NOT NULL,
  signed_by     TEXT NOT NULL,
  agreed_at     TEXT NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  deleted       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX agreements_operation ON agreements(operation_id);

CREATE TABLE international_items (
  id                     TEXT PRIMARY KEY,
  operation_id           TEXT NOT NULL REFERENCES operations(id),
  kind                   TEXT NOT NULL,
  instrument             TEXT NOT NULL DEFAULT '',
  counterpart_authority  TEXT NOT NULL,
  country                TEXT NOT NULL,
  reference              TEXT NOT NULL DEFAULT '',
  sent_at                TEXT,
  due_at                 TEXT,
  answered_at            TEXT,
  place                  TEXT NOT NULL DEFAULT '{"label":"","point":null}',
  at                     TEXT,
  handling_code          TEXT NOT NULL DEFAULT 'H2',
  notes                  TEXT NOT NULL DEFAULT '',
  deleted                INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX international_items_operation ON international_items(operation_id);

-- Administrative detention was the Border Guard's alone; customs detains for a customs-rule
-- violation and the police under the Code of Administrative Offences, and customs draws up the
-- protocol and seizes temporarily (МК ст. 494, 511). Seeded powers are updated where still
-- as seeded; a user's edit of the list keeps its own choice except for the renamed power.
UPDATE agencies SET powers = replace(powers, '"border_admin_detention"', '"admin_detention"')
 WHERE powers LIKE '%"border_admin_detention"%';
UPDATE agencies SET powers = '["customs_control","customs_expertise","customs_violation_case","admin_detention"]'
 WHERE id = 'DMS' AND powers = '["customs_control","customs_expertise"]';
UPDATE agencies SET powers = '["criminal_procedure","admin_detention"]'
 WHERE id = 'NPU' AND powers = '["criminal_procedure"]';
