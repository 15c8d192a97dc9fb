/**
 * SQL the sync apply layer needs besides the entity writer (entity.repo.ts): the pass table of
 * rows to re-project, reference checks from the schema's own foreign keys, and change-record
 * queries keyed for bundles.
 * Identifiers come only from the ENTITIES registry; values are bound parameters.
 */
import type { SyncedEntity } from '../../../shared/sync/change.js';
import type { Db } from '../connection.js';
import { ENTITIES } from '../entities.js';
import { stmt } from '../statements.js';

export interface ForeignKey {
  readonly column: string;
  readonly table: string;
  readonly to: string;
}

const fkCache = new WeakMap<Db, Map<string, ForeignKey[]>>();

/** The table's foreign keys as declared in the schema (so a row is never written dangling). */
export function foreignKeys(db: Db, table: string): ForeignKey[] {
  let cache = fkCache.get(db);
  if (!cache) fkCache.set(db, (cache = new Map()));
  let fks = cache.get(table);
  if (!fks) {
    const rows = db.pragma(`foreign_key_list(${table})`) as { table: string; from: string; to: string }[];
    fks = rows.map((r) => ({ column: r.from, table: r.table, to: r.to }));
    cache.set(table, fks);
  }
  return fks;
}

export function referencedRowExists(db: Db, fk: ForeignKey, value: unknown): boolean {
  return stmt(db, `SELECT 1 FROM ${fk.table} WHERE ${fk.to} = @v`).get({ v: value }) !== undefined;
}

export function rowExists(db: Db, entity: SyncedEntity, keyValues: readonly string[]): boolean {
  const def = ENTITIES[entity];
  const where = def.key.map((c, i) => `${c} = @k${i}`).join(' AND ');
  return stmt(db, `SELECT 1 FROM ${def.table} WHERE ${where}`).get(
    Object.fromEntries(keyValues.map((v, i) => [`k${i}`, v])),
  ) !== undefined;
}

// --- the apply pass's scratch table (in the database file: migration 0008) ----------------
// An import's size is the bundle's, not memory's: the set of rows it touched lives in a table of
// the store itself. Never a TEMP table: SQLite writes those to files in the system temp folder
// that the cipher of an encrypted store does not cover (issue 14), while this table is encrypted
// with the rest of the store.

/**
 * The rows one apply pass must re-project, keyed (entity order, row id) so they come back in
 * the order references need (referenced entities first). `pending`: the row was waiting.
 * Used inside the import's transaction, which also empties it (`clearApplyRows`).
 */
export function clearApplyRows(db: Db): void {
  stmt(db, 'DELETE FROM sync_apply_rows').run();
}

export function markApplyRow(db: Db, ord: number, entity: string, rowId: string): void {
  stmt(db, 'INSERT OR IGNORE INTO sync_apply_rows (ord, entity, row_id) VALUES (@ord, @entity, @rowId)')
    .run({ ord, entity, rowId });
}

/** Adds every waiting row (sync_pending) to the pass, flagged; `orderJson`: entities in order. */
export function markPendingApplyRows(db: Db, orderJson: string): void {
  stmt(
    db,
    `INSERT INTO sync_apply_rows (ord, entity, row_id, pending)
     SELECT o.key, p.entity, p.row_id, 1 FROM sync_pending p JOIN json_each(@order) o ON o.value = p.entity
     WHERE true ON CONFLICT (ord, row_id) DO UPDATE SET pending = 1`,
  ).run({ order: orderJson });
}

export interface ApplyRow {
  ord: number;
  entity: string;
  row_id: string;
  pending: number;
}

/** Pass rows in [first, last] that had a change recorded here at or before `seq` (read from
 *  the history index alone: a change's seq is that index's row id). */
export function applyRowsWithHistoryUpTo(
  db: Db, first: { ord: number; rowId: string }, last: { ord: number; rowId: string }, seq: number,
): Set<string> {
  const rows = stmt(
    db,
    `SELECT a.entity, a.row_id FROM sync_apply_rows a
     WHERE (a.ord, a.row_id) >= (@ord, @rowId) AND (a.ord, a.row_id) <= (@lastOrd, @lastRowId)
       AND EXISTS (SELECT 1 FROM change_log c WHERE c.entity = a.entity AND c.row_id = a.row_id AND c.seq <= @seq)`,
  ).all({ ord: first.ord, rowId: first.rowId, lastOrd: last.ord, lastRowId: last.rowId, seq }) as { entity: string; row_id: string }[];
  return new Set(rows.map((r) => `${r.entity}\u0000${r.row_id}`));
}

/** The next `limit` rows of the pass after (ord, rowId), in order. */
export function readApplyRows(db: Db, after: { ord: number; rowId: string }, limit: number): ApplyRow[] {
  return stmt(
    db,
    `SELECT ord, entity, row_id, pending FROM sync_apply_rows
     WHERE (ord, row_id) > (@ord, @rowId) ORDER BY ord, row_id LIMIT @limit`,
  ).all({ ord: after.ord, rowId: after.rowId, limit }) as ApplyRow[];
}
