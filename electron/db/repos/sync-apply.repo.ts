/**
 * SQL the sync apply layer needs over the synced tables and the change record: materialising
 * merged rows (upsert by key, the same columns the change writer writes), reference checks
 * from the schema's own foreign keys, and change-record queries keyed for bundles.
 * Identifiers come only from the ENTITIES registry; values are bound parameters.
 */
import type { ChangeRecord, SyncedEntity } from '../../../shared/sync/change.js';
import type { Db } from '../connection.js';
import { ENTITIES, encodeValue } from '../entities.js';
import { stmt } from '../statements.js';
import { toChange, type ChangeRow, type StoredChange } from './change-log.repo.js';

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

/** Inserts or overwrites a whole row: key, every declared field, deleted flag, touch column. */
export function upsertEntityRow(
  db: Db,
  entity: SyncedEntity,
  keyValues: readonly string[],
  fields: Readonly<Record<string, unknown>>,
  deleted: boolean,
  touchedAt: string,
): void {
  const def = ENTITIES[entity];
  const names = Object.keys(def.fields).filter((n) => n in fields);
  const params: Record<string, unknown> = { deleted: deleted ? 1 : 0 };
  def.key.forEach((_, i) => (params[`k${i}`] = keyValues[i]));
  names.forEach((n, i) => (params[`f${i}`] = encodeValue(def.fields[n]!.codec, fields[n])));
  const cols = [...def.key, ...names.map((n) => def.fields[n]!.column), 'deleted'];
  const vals = [...def.key.map((_, i) => `@k${i}`), ...names.map((_, i) => `@f${i}`), '@deleted'];
  if (def.touchColumn) {
    cols.push(def.touchColumn);
    vals.push('@touched');
    params.touched = touchedAt;
  }
  const updates = cols.filter((c) => !def.key.includes(c)).map((c) => `${c} = excluded.${c}`);
  stmt(
    db,
    `INSERT INTO ${def.table} (${cols.join(', ')}) VALUES (${vals.join(', ')})
     ON CONFLICT (${def.key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`,
  ).run(params);
}

export function rowExists(db: Db, entity: SyncedEntity, keyValues: readonly string[]): boolean {
  const def = ENTITIES[entity];
  const where = def.key.map((c, i) => `${c} = @k${i}`).join(' AND ');
  return stmt(db, `SELECT 1 FROM ${def.table} WHERE ${where}`).get(
    Object.fromEntries(keyValues.map((v, i) => [`k${i}`, v])),
  ) !== undefined;
}

/** The stored change with the same identity (hlc, entity, row, field), if any. */
export function findChange(db: Db, c: Pick<ChangeRecord, 'hlc' | 'entity' | 'rowId' | 'field'>): StoredChange | null {
  const r = stmt(
    db,
    'SELECT * FROM change_log WHERE hlc = @hlc AND entity = @entity AND row_id = @rowId AND field = @field',
  ).get({ hlc: c.hlc, entity: c.entity, rowId: c.rowId, field: c.field }) as ChangeRow | undefined;
  return r ? toChange(r) : null;
}

/** Newest stored value of one field of one row (JSON), or null when none is recorded. */
export function latestFieldValue(db: Db, entity: string, rowId: string, field: string): string | null {
  const r = stmt(
    db,
    `SELECT value FROM change_log WHERE entity = @entity AND row_id = @rowId AND field = @field
     ORDER BY hlc DESC LIMIT 1`,
  ).get({ entity, rowId, field }) as { value: string } | undefined;
  return r?.value ?? null;
}

/** Changes of an operation's own row and its participant set (who may see and change it).
 *  Read by row (entity, row_id index), not by operation: an operation with thousands of task
 *  changes must not be scanned for each of its own edits (the rights check runs per event). */
export function listOperationMembershipChanges(db: Db, operationId: string): StoredChange[] {
  return (
    stmt(
      db,
      `SELECT * FROM change_log
        WHERE (entity = 'operation' AND row_id = @operationId)
           OR (entity = 'operation_agency' AND row_id >= @from AND row_id < @to)
        ORDER BY seq`,
    ).all({ operationId, from: `${operationId}:`, to: `${operationId};` }) as ChangeRow[]
  ).map(toChange);
}


/** Local seq of the change that last set a field (null if none). */
export function latestFieldSeq(db: Db, entity: string, rowId: string, field: string): number | null {
  const r = stmt(
    db,
    `SELECT seq FROM change_log WHERE entity = @entity AND row_id = @rowId AND field = @field
     ORDER BY hlc DESC LIMIT 1`,
  ).get({ entity, rowId, field }) as { seq: number } | undefined;
  return r?.seq ?? null;
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

/** The next `limit` rows of the pass after (ord, rowId), in order. */
/** Pass rows in (after, last] that had a change recorded here at or before `seq` (read from
 *  the history index alone: a change's seq is that index's row id). */
export function applyRowsWithHistoryUpTo(
  db: Db, after: { ord: number; rowId: string }, last: { ord: number; rowId: string }, seq: number,
): Set<string> {
  const rows = stmt(
    db,
    `SELECT a.entity, a.row_id FROM sync_apply_rows a
     WHERE (a.ord, a.row_id) > (@ord, @rowId) AND (a.ord, a.row_id) <= (@lastOrd, @lastRowId)
       AND EXISTS (SELECT 1 FROM change_log c WHERE c.entity = a.entity AND c.row_id = a.row_id AND c.seq <= @seq)`,
  ).all({ ord: after.ord, rowId: after.rowId, lastOrd: last.ord, lastRowId: last.rowId, seq }) as { entity: string; row_id: string }[];
  return new Set(rows.map((r) => `${r.entity}\u0000${r.row_id}`));
}

export function readApplyRows(db: Db, after: { ord: number; rowId: string }, limit: number): ApplyRow[] {
  return stmt(
    db,
    `SELECT ord, entity, row_id, pending FROM sync_apply_rows
     WHERE (ord, row_id) > (@ord, @rowId) ORDER BY ord, row_id LIMIT @limit`,
  ).all({ ord: after.ord, rowId: after.rowId, limit }) as ApplyRow[];
}
