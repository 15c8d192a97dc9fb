/** Storage of the sync bookkeeping tables (migration 0003): keys, peers, bundles, conflicts,
 *  quarantine and rows waiting to be materialised. */
import type { Db } from '../connection.js';
import { stmt } from '../statements.js';

// --- keys -----------------------------------------------------------------------------------

export interface KeyRow {
  kind: 'sign' | 'age';
  public_key: string;
  protected_private: string;
  created_at: string;
}

export function getKey(db: Db, kind: 'sign' | 'age'): KeyRow | null {
  return (stmt(db, 'SELECT * FROM sync_keys WHERE kind = @kind').get({ kind }) as KeyRow | undefined) ?? null;
}

export function insertKey(db: Db, k: KeyRow): void {
  stmt(
    db,
    `INSERT INTO sync_keys (kind, public_key, protected_private, created_at)
     VALUES (@kind, @public_key, @protected_private, @created_at)`,
  ).run(k);
}

// --- peers ----------------------------------------------------------------------------------

export type PeerStatus = 'pending' | 'trusted' | 'revoked';

export interface PeerRow {
  site_id: string;
  unit_name: string;
  agency_id: string;
  sign_public_key: string;
  age_recipient: string;
  key_id: string;
  fingerprint: string;
  status: PeerStatus;
  added_at: string;
  status_at: string;
  last_bundle_seq: number;
  received_seq: number;
  acked_seq: number;
}

export function listPeerRows(db: Db): PeerRow[] {
  return stmt(db, 'SELECT * FROM sync_peers ORDER BY unit_name, site_id').all() as PeerRow[];
}

export function getPeerRow(db: Db, siteId: string): PeerRow | null {
  return (stmt(db, 'SELECT * FROM sync_peers WHERE site_id = @siteId').get({ siteId }) as PeerRow | undefined) ?? null;
}

export function getPeerByKeyId(db: Db, keyId: string): PeerRow | null {
  return (stmt(db, 'SELECT * FROM sync_peers WHERE key_id = @keyId').get({ keyId }) as PeerRow | undefined) ?? null;
}

/** Adds a peer from a card, or replaces its keys (a re-issued card needs trusting again). */
export function upsertPeer(
  db: Db,
  p: Omit<PeerRow, 'last_bundle_seq' | 'received_seq' | 'acked_seq'>,
): void {
  stmt(
    db,
    `INSERT INTO sync_peers (site_id, unit_name, agency_id, sign_public_key, age_recipient, key_id,
       fingerprint, status, added_at, status_at)
     VALUES (@site_id, @unit_name, @agency_id, @sign_public_key, @age_recipient, @key_id,
       @fingerprint, @status, @added_at, @status_at)
     ON CONFLICT (site_id) DO UPDATE SET unit_name = excluded.unit_name,
       agency_id = excluded.agency_id, sign_public_key = excluded.sign_public_key,
       age_recipient = excluded.age_recipient, key_id = excluded.key_id,
       fingerprint = excluded.fingerprint, status = excluded.status, status_at = excluded.status_at`,
  ).run(p);
}

export function setPeerStatus(db: Db, siteId: string, status: PeerStatus, at: string): void {
  stmt(db, 'UPDATE sync_peers SET status = @status, status_at = @at WHERE site_id = @siteId').run({ siteId, status, at });
}

/** Records an imported bundle's sequence and high-water marks (never moving them back). */
export function recordPeerProgress(
  db: Db,
  siteId: string,
  p: { bundleSeq: number; receivedSeq: number; ackedSeq: number },
): void {
  stmt(
    db,
    `UPDATE sync_peers SET last_bundle_seq = max(last_bundle_seq, @bundleSeq),
       received_seq = max(received_seq, @receivedSeq), acked_seq = max(acked_seq, @ackedSeq)
     WHERE site_id = @siteId`,
  ).run({ siteId, ...p });
}

// --- bundles --------------------------------------------------------------------------------

export interface BundleLogRow {
  bundle_id: string;
  direction: 'in' | 'out';
  peer_site_id: string | null;
  bundle_seq: number | null;
  change_count: number;
  outcome: string;
  detail: string;
  at: string;
}

export function logBundle(db: Db, r: BundleLogRow): void {
  stmt(
    db,
    `INSERT INTO sync_bundles (bundle_id, direction, peer_site_id, bundle_seq, change_count, outcome, detail, at)
     VALUES (@bundle_id, @direction, @peer_site_id, @bundle_seq, @change_count, @outcome, @detail, @at)`,
  ).run(r);
}

export function bundleApplied(db: Db, bundleId: string): boolean {
  return stmt(
    db,
    `SELECT 1 FROM sync_bundles WHERE bundle_id = @bundleId AND direction = 'in' AND outcome = 'applied'`,
  ).get({ bundleId }) !== undefined;
}

export function listBundleLog(db: Db, limit: number): BundleLogRow[] {
  return stmt(db, 'SELECT * FROM sync_bundles ORDER BY id DESC LIMIT @limit').all({ limit }) as BundleLogRow[];
}

// --- conflicts ------------------------------------------------------------------------------

export interface ConflictRow {
  entity: string;
  row_id: string;
  field: string;
  kind: string;
  operation_id: string | null;
  candidates: string;
}

export function clearRowConflicts(db: Db, entity: string, rowId: string): void {
  stmt(db, 'DELETE FROM sync_conflicts WHERE entity = @entity AND row_id = @rowId').run({ entity, rowId });
}

export function insertConflict(db: Db, c: ConflictRow): void {
  stmt(
    db,
    `INSERT INTO sync_conflicts (entity, row_id, field, kind, operation_id, candidates)
     VALUES (@entity, @row_id, @field, @kind, @operation_id, @candidates)`,
  ).run(c);
}

export function listConflictRows(db: Db): ConflictRow[] {
  return stmt(db, 'SELECT * FROM sync_conflicts ORDER BY operation_id, entity, row_id, field').all() as ConflictRow[];
}

export function getConflictRow(db: Db, entity: string, rowId: string, field: string): ConflictRow | null {
  return (
    stmt(db, 'SELECT * FROM sync_conflicts WHERE entity = @entity AND row_id = @rowId AND field = @field')
      .get({ entity, rowId, field }) as ConflictRow | undefined
  ) ?? null;
}

export function hasOpenConflicts(db: Db): boolean {
  return stmt(db, 'SELECT 1 FROM sync_conflicts LIMIT 1').get() !== undefined;
}

/** Fields of one row with an open conflict. */
export function rowConflictFields(db: Db, entity: string, rowId: string): string[] {
  return stmt(db, 'SELECT field FROM sync_conflicts WHERE entity = @entity AND row_id = @rowId').pluck()
    .all({ entity, rowId }) as string[];
}

// --- quarantine -----------------------------------------------------------------------------
// One row per change identity (migration 0009): a change refused or held is kept once, however
// many bundles bring it again.

export interface QuarantineRow {
  id: number;
  change_key: string;
  change: string;
  entity: string;
  row_id: string;
  operation_id: string | null;
  hlc: string;
  reason: string;
  /** The reason as a catalog key and its JSON parameters ('' when there is only `reason`). */
  reason_key: string;
  reason_params: string;
  /** 1: held until the row it refers to (`waits_entity`, `waits_row`) arrives. */
  waiting: number;
  waits_entity: string;
  waits_row: string;
  bundle_id: string;
  sender_site_id: string;
  at: string;
  last_at: string;
  seen: number;
}

export type QuarantineEntry = Omit<QuarantineRow, 'id' | 'last_at' | 'seen'>;

/** Keeps a change in quarantine; true when it is new here (a re-delivery only counts a sighting). */
export function holdInQuarantine(db: Db, q: QuarantineEntry): boolean {
  const inserted = stmt(
    db,
    `INSERT OR IGNORE INTO sync_quarantine (change_key, change, entity, row_id, operation_id, hlc, reason, reason_key,
       reason_params, waiting, waits_entity, waits_row, bundle_id, sender_site_id, at, last_at)
     VALUES (@change_key, @change, @entity, @row_id, @operation_id, @hlc, @reason, @reason_key,
       @reason_params, @waiting, @waits_entity, @waits_row, @bundle_id, @sender_site_id, @at, @at)`,
  ).run(q).changes === 1;
  if (!inserted) {
    stmt(db, 'UPDATE sync_quarantine SET seen = seen + 1, last_at = @at WHERE change_key = @change_key')
      .run({ change_key: q.change_key, at: q.at });
  }
  return inserted;
}

/**
 * Held changes whose awaited row has arrived (it has changes here now), in HLC order, after
 * the given position: they are judged again.
 */
export function listHeldAndReady(db: Db, after: { hlc: string; id: number }, limit: number): QuarantineRow[] {
  return stmt(
    db,
    `SELECT * FROM sync_quarantine q WHERE waiting = 1 AND (hlc, id) > (@hlc, @id)
       AND EXISTS (SELECT 1 FROM change_log c WHERE c.entity = q.waits_entity AND c.row_id = q.waits_row)
     ORDER BY hlc, id LIMIT @limit`,
  ).all({ hlc: after.hlc, id: after.id, limit }) as QuarantineRow[];
}

/** Changes held until this unit is updated (`waits_entity` = apply.ts's AWAITS_UPDATE), oldest first. */
export function listHeldForUpdate(db: Db, awaitsUpdate: string): QuarantineRow[] {
  return stmt(db, 'SELECT * FROM sync_quarantine WHERE waiting = 1 AND waits_entity = @awaitsUpdate ORDER BY hlc, id')
    .all({ awaitsUpdate }) as QuarantineRow[];
}

/** The change applied (or was already held as the very same change): out of quarantine. */
export function releaseFromQuarantine(db: Db, id: number): void {
  stmt(db, 'DELETE FROM sync_quarantine WHERE id = @id').run({ id });
}

/** The verdict of judging a held change again. */
export type QuarantineVerdict = Pick<QuarantineRow, 'reason' | 'reason_key' | 'reason_params' | 'waiting' | 'waits_entity' | 'waits_row'>;

export function rejudgeQuarantined(db: Db, id: number, v: QuarantineVerdict): void {
  stmt(
    db,
    `UPDATE sync_quarantine SET reason = @reason, reason_key = @reason_key, reason_params = @reason_params,
       waiting = @waiting, waits_entity = @waits_entity, waits_row = @waits_row WHERE id = @id`,
  ).run({ id, ...v });
}

export function listQuarantineRows(db: Db, limit: number): QuarantineRow[] {
  return stmt(db, 'SELECT * FROM sync_quarantine ORDER BY id DESC LIMIT @limit').all({ limit }) as QuarantineRow[];
}

/** A problem as the inbox counts it: one row of one entity refused (or held) for one reason. */
export interface QuarantineProblemRow {
  entity: string;
  row_id: string;
  operation_id: string | null;
  reason: string;
  reason_key: string;
  reason_params: string;
  waiting: number;
  sender_site_id: string;
  changes: number;
  fields: string;
  first_at: string;
  last_at: string;
  seen: number;
}

export function listQuarantineProblems(db: Db, limit: number): QuarantineProblemRow[] {
  return stmt(
    db,
    `SELECT entity, row_id, max(operation_id) AS operation_id, reason, max(reason_key) AS reason_key,
       max(reason_params) AS reason_params, max(waiting) AS waiting,
       min(sender_site_id) AS sender_site_id, count(*) AS changes,
       json_group_array(CASE WHEN json_valid(change) THEN json_extract(change, '$.field') END) AS fields,
       min(at) AS first_at, max(last_at) AS last_at, max(seen) AS seen
     FROM sync_quarantine GROUP BY entity, row_id, reason ORDER BY min(id) DESC LIMIT @limit`,
  ).all({ limit }) as QuarantineProblemRow[];
}

export function countQuarantine(db: Db): { problems: number; changes: number } {
  return stmt(
    db,
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM sync_quarantine GROUP BY entity, row_id, reason)) AS problems,
       (SELECT count(*) FROM sync_quarantine) AS changes`,
  ).get() as { problems: number; changes: number };
}

// --- pending rows ---------------------------------------------------------------------------

export function countPendingRows(db: Db): number {
  return stmt(db, 'SELECT count(*) FROM sync_pending').pluck().get() as number;
}

export function setPending(db: Db, entity: string, rowId: string, pending: boolean): void {
  if (pending) stmt(db, 'INSERT OR IGNORE INTO sync_pending (entity, row_id) VALUES (@entity, @rowId)').run({ entity, rowId });
  else stmt(db, 'DELETE FROM sync_pending WHERE entity = @entity AND row_id = @rowId').run({ entity, rowId });
}

/** The value (JSON) one of a row's quarantined changes gives a field, if any. */
export function quarantinedFieldValue(db: Db, entity: string, rowId: string, field: string): string | null {
  const r = stmt(
    db,
    `SELECT json_extract(change, '$.value') AS value FROM sync_quarantine
     WHERE entity = @entity AND row_id = @rowId AND json_valid(change) AND json_extract(change, '$.field') = @field LIMIT 1`,
  ).get({ entity, rowId, field }) as { value: string } | undefined;
  return r?.value ?? null;
}

/** Per peer, the newest bundle imported from it and the newest written for it alone (the
 *  automatic folder sync's per-peer state on the Sync page). */
export function lastBundlesByPeer(db: Db): { peer_site_id: string; direction: 'in' | 'out'; at: string; change_count: number }[] {
  return stmt(
    db,
    `SELECT b.peer_site_id, b.direction, b.at, b.change_count FROM sync_bundles b
     JOIN (SELECT peer_site_id, direction, max(id) AS id FROM sync_bundles
           WHERE peer_site_id IS NOT NULL AND ((direction = 'in' AND outcome = 'applied') OR (direction = 'out' AND outcome = 'exported'))
           GROUP BY peer_site_id, direction) last ON last.id = b.id`,
  ).all() as { peer_site_id: string; direction: 'in' | 'out'; at: string; change_count: number }[];
}
