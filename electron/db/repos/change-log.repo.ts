/** The change record's storage (see shared/sync/change.ts for what it is for). */
import type { ChangeRecord } from '../../../shared/sync/change.js';
import type { Db } from '../connection.js';
import { stmt } from '../statements.js';

export interface StoredChange extends ChangeRecord {
  seq: number;
}

interface ChangeRow {
  seq: number; hlc: string; site_id: string; entity: string; row_id: string; field: string;
  value: string; operation_id: string | null;
}

function toChange(r: ChangeRow): StoredChange {
  return {
    seq: r.seq, hlc: r.hlc, siteId: r.site_id, entity: r.entity as ChangeRecord['entity'],
    rowId: r.row_id, field: r.field, value: r.value, operationId: r.operation_id,
  };
}

/** Appends changes; a change already present (same hlc, row and field) is skipped, which
 *  makes replaying a bundle idempotent. Returns how many were new. */
export function appendChanges(db: Db, changes: readonly ChangeRecord[]): number {
  const insert = stmt(
    db,
    `INSERT OR IGNORE INTO change_log (hlc, site_id, entity, row_id, field, value, operation_id)
     VALUES (@hlc, @siteId, @entity, @rowId, @field, @value, @operationId)`,
  );
  let added = 0;
  for (const c of changes) added += insert.run(c).changes;
  return added;
}

export function listChangesAfter(db: Db, afterSeq: number, limit: number): StoredChange[] {
  return (
    stmt(db, 'SELECT * FROM change_log WHERE seq > @afterSeq ORDER BY seq LIMIT @limit').all({
      afterSeq, limit,
    }) as ChangeRow[]
  ).map(toChange);
}

export function listChangesForRow(db: Db, entity: string, rowId: string): StoredChange[] {
  return (
    stmt(db, 'SELECT * FROM change_log WHERE entity = @entity AND row_id = @rowId ORDER BY hlc')
      .all({ entity, rowId }) as ChangeRow[]
  ).map(toChange);
}

export function countChanges(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM change_log').get() as { n: number }).n;
}

/** Newest sequence number of the change record (0 when empty): every planning write appends
 *  one, so it stamps the plan's version. The one place this is asked. */
export function maxChangeSeq(db: Db): number {
  return (stmt(db, 'SELECT coalesce(max(seq), 0) AS n FROM change_log').get() as { n: number }).n;
}

/**
 * What the changes after `afterSeq` touched: their entities and up to `maxOperations + 1`
 * operation ids (one more than asked says "there are more"). Asked after every call, so the
 * recent rows are read by the sequence number first (a bare DISTINCT walks a whole index of
 * the history: issue 15).
 */
export function changeSummarySince(db: Db, afterSeq: number, maxOperations: number): { entities: string[]; operations: string[] } {
  const entities = (stmt(
    db,
    `WITH recent AS MATERIALIZED (SELECT entity FROM change_log WHERE seq > @afterSeq)
     SELECT DISTINCT entity FROM recent`,
  ).all({ afterSeq }) as { entity: string }[]).map((r) => r.entity);
  const operations = (stmt(
    db,
    `WITH recent AS MATERIALIZED (SELECT operation_id FROM change_log WHERE seq > @afterSeq AND operation_id IS NOT NULL)
     SELECT DISTINCT operation_id FROM recent LIMIT @limit`,
  ).all({ afterSeq, limit: maxOperations + 1 }) as { operation_id: string }[]).map((r) => r.operation_id);
  return { entities, operations };
}

/** SQLite's `data_version`: changes when another connection commits to the file. */
export function dataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}

/** How many rows one audit entry names. */
const AFFECTED_LIMIT = 500;

/**
 * The rows a transaction changed, from the change record it wrote (capped: an import of
 * thousands of rows is one entry naming the first ones and the operation it touched first).
 * Runs after every commit, so it must cost what the transaction wrote, not what the record
 * holds: the recent changes are read by the sequence number (the primary key), in order, until
 * the cap. Grouping in SQL walked the whole (entity, row_id) index — a scan of the entire history
 * per save (issue 15: 12 → 22 ms per commit at 3k tasks) — and then, materialised, every change
 * an import wrote.
 */
export function changedRowsSince(db: Db, afterSeq: number): { affected: string[]; operationId: string | null } {
  const seen = new Set<string>();
  let operationId: string | null = null;
  const rows = stmt(db, 'SELECT entity, row_id, operation_id FROM change_log WHERE seq > @afterSeq ORDER BY seq')
    .iterate({ afterSeq }) as IterableIterator<{ entity: string; row_id: string; operation_id: string | null }>;
  for (const r of rows) {
    const key = `${r.entity}:${r.row_id}`;
    if (!seen.has(key)) {
      if (seen.size === AFFECTED_LIMIT) break;
      seen.add(key);
    }
    operationId ??= r.operation_id;
  }
  return { affected: [...seen], operationId };
}

/**
 * Distinct rows changed after `afterSeq`, at most `limit` of them. Asked after every save (the
 * conflicts index follows the saved tasks), so the recent changes are read by the sequence
 * number into a materialised set first; a plain DISTINCT let SQLite walk the whole (entity,
 * row_id) index of the history instead (issue 15: a third of the CPU under load).
 */
export function rowsChangedSince(db: Db, afterSeq: number, limit: number): { entity: string; rowId: string }[] {
  return stmt(
    db,
    `WITH recent AS MATERIALIZED (SELECT entity, row_id FROM change_log WHERE seq > @afterSeq)
     SELECT DISTINCT entity, row_id AS rowId FROM recent LIMIT @limit`,
  ).all({ afterSeq, limit }) as { entity: string; rowId: string }[];
}

/** The stored change with the same identity (hlc, entity, row, field), if any. */
export function findChange(db: Db, c: Pick<ChangeRecord, 'hlc' | 'entity' | 'rowId' | 'field'>): StoredChange | null {
  const r = stmt(
    db,
    'SELECT * FROM change_log WHERE hlc = @hlc AND entity = @entity AND row_id = @rowId AND field = @field',
  ).get({ hlc: c.hlc, entity: c.entity, rowId: c.rowId, field: c.field }) as ChangeRow | undefined;
  return r ? toChange(r) : null;
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

/** The newest change recorded for one field of one row (by HLC), or null: its value (JSON), its
 *  HLC (the `_base` a critical edit records) and its local seq. One query on the field index. */
export function latestFieldChange(
  db: Db, entity: string, rowId: string, field: string,
): { value: string; hlc: string; seq: number } | null {
  return (stmt(
    db,
    `SELECT value, hlc, seq FROM change_log WHERE entity = @entity AND row_id = @rowId AND field = @field
     ORDER BY hlc DESC LIMIT 1`,
  ).get({ entity, rowId, field }) as { value: string; hlc: string; seq: number } | undefined) ?? null;
}

/** The same, among the changes older than `before` (an HLC): the field as it stood then. */
export function latestFieldChangeBefore(
  db: Db, entity: string, rowId: string, field: string, before: string,
): { value: string; hlc: string; seq: number } | null {
  return (stmt(
    db,
    `SELECT value, hlc, seq FROM change_log WHERE entity = @entity AND row_id = @rowId AND field = @field AND hlc < @before
     ORDER BY hlc DESC LIMIT 1`,
  ).get({ entity, rowId, field, before }) as { value: string; hlc: string; seq: number } | undefined) ?? null;
}

/** Whether a row's changes came only from other sites: it has some, and none of them is `siteId`'s. */
export function rowOnlyReceived(db: Db, entity: string, rowId: string, siteId: string): boolean {
  const r = stmt(
    db,
    `SELECT EXISTS (SELECT 1 FROM change_log WHERE entity = @entity AND row_id = @rowId) AS recorded,
            EXISTS (SELECT 1 FROM change_log WHERE entity = @entity AND row_id = @rowId AND site_id = @siteId) AS here`,
  ).get({ entity, rowId, siteId }) as { recorded: number; here: number };
  return r.recorded === 1 && r.here === 0;
}
