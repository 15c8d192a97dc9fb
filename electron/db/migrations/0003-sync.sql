-- Sync between field units (issue 5): this unit's keys, its peers, bundles seen, and what sync
-- derived locally (open conflicts, quarantined changes, rows waiting for fields). None of these
-- tables is synced: they describe this installation's view of the exchange.

-- This unit's key pairs. Private keys are stored only as a protected envelope (JSON: the
-- protector's name and its ciphertext), never in clear.
CREATE TABLE sync_keys (
  kind               TEXT PRIMARY KEY CHECK (kind IN ('sign', 'age')),
  public_key         TEXT NOT NULL,
  protected_private  TEXT NOT NULL,
  created_at         TEXT NOT NULL
) STRICT;

-- Other units, from their contact cards. A peer is used for import or export only once
-- trusted (fingerprint confirmed by a person); revoked peers stay listed so a revoked key is
-- recognised and refused rather than treated as unknown.
CREATE TABLE sync_peers (
  site_id          TEXT PRIMARY KEY,
  unit_name        TEXT NOT NULL,
  agency_id        TEXT NOT NULL,
  sign_public_key  TEXT NOT NULL,
  age_recipient    TEXT NOT NULL,
  key_id           TEXT NOT NULL,
  fingerprint      TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'trusted', 'revoked')),
  added_at         TEXT NOT NULL,
  status_at        TEXT NOT NULL,
  -- Highest bundle sequence imported from this peer (older ones are refused as stale).
  last_bundle_seq  INTEGER NOT NULL DEFAULT 0,
  -- Highest change_log seq of the PEER's record that we imported (our acknowledgement to it).
  received_seq     INTEGER NOT NULL DEFAULT 0,
  -- Highest change_log seq of OUR record the peer acknowledged (export sends what is above).
  acked_seq        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX sync_peers_key ON sync_peers(key_id);

-- Every bundle made or met, with its outcome: an applied one, a replay (logged no-op), a refusal.
CREATE TABLE sync_bundles (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  bundle_id      TEXT NOT NULL,
  direction      TEXT NOT NULL CHECK (direction IN ('out', 'in')),
  peer_site_id   TEXT,
  bundle_seq     INTEGER,
  change_count   INTEGER NOT NULL DEFAULT 0,
  outcome        TEXT NOT NULL,
  detail         TEXT NOT NULL DEFAULT '',
  at             TEXT NOT NULL
) STRICT;
CREATE INDEX sync_bundles_id ON sync_bundles(bundle_id, direction, outcome);

-- Open conflicts (recomputed from the change record whenever their row is merged again).
CREATE TABLE sync_conflicts (
  entity        TEXT NOT NULL,
  row_id        TEXT NOT NULL,
  field         TEXT NOT NULL,
  kind          TEXT NOT NULL,
  operation_id  TEXT,
  candidates    TEXT NOT NULL,
  PRIMARY KEY (entity, row_id, field)
) STRICT;
CREATE INDEX sync_conflicts_operation ON sync_conflicts(operation_id);

-- Incoming changes refused by validation, with the reason. Kept, listed, never dropped.
CREATE TABLE sync_quarantine (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  bundle_id       TEXT NOT NULL,
  sender_site_id  TEXT NOT NULL,
  change          TEXT NOT NULL,
  reason          TEXT NOT NULL,
  at              TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX sync_quarantine_change ON sync_quarantine(bundle_id, change);

-- Rows whose changes arrived but which cannot be materialised yet (a required field or a
-- referenced row is still missing); retried on every import.
CREATE TABLE sync_pending (
  entity  TEXT NOT NULL,
  row_id  TEXT NOT NULL,
  PRIMARY KEY (entity, row_id)
) STRICT, WITHOUT ROWID;
