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

/** Fields of one row with an open conflict. */
export function rowConflictFields(db: Db, entity: string, rowId: string): string[] {
  return stmt(db, 'SELECT field FROM sync_conflicts WHERE entity = @entity AND row_id = @rowId').pluck()
    .all({ entity, rowId }) as string[];
}

// --- quarantine -----------------------------------------------------------------------------

export interface QuarantineRow {
  id?: number;
  bundle_id: string;
  sender_site_id: string;
  change: string;
  reason: string;
  at: string;
}

export function insertQuarantine(db: Db, q: QuarantineRow): void {
  stmt(
    db,
    `INSERT OR IGNORE INTO sync_quarantine (bundle_id, sender_site_id, change, reason, at)
     VALUES (@bundle_id, @sender_site_id, @change, @reason, @at)`,
  ).run(q);
}

export function listQuarantineRows(db: Db, limit: number): QuarantineRow[] {
  return stmt(db, 'SELECT * FROM sync_quarantine ORDER BY id DESC LIMIT @limit').all({ limit }) as QuarantineRow[];
}

// --- pending rows ---------------------------------------------------------------------------

export function countPendingRows(db: Db): number {
  return stmt(db, 'SELECT count(*) FROM sync_pending').pluck().get() as number;
}

export function setPending(db: Db, entity: string, rowId: string, pending: boolean): void {
  if (pending) stmt(db, 'INSERT OR IGNORE INTO sync_pending (entity, row_id) VALUES (@entity, @rowId)').run({ entity, rowId });
  else stmt(db, 'DELETE FROM sync_pending WHERE entity = @entity AND row_id = @rowId').run({ entity, rowId });
}
