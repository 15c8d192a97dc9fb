/**
 * Change-record queries that choose what a bundle carries (electron/sync/selection.ts): the
 * changes above a peer's acknowledgement, and whole histories of rows that became visible to
 * it. Only coordinates are read here (which row, which site); the bundle reads the changes
 * themselves afterwards, chunk by chunk.
 */
import type { SyncedEntity } from '../../../shared/sync/change.js';
import type { Db } from '../connection.js';
import { stmt } from '../statements.js';

/** A change's coordinates: enough to decide whether it goes into a bundle. */
export interface ChangeRef {
  seq: number;
  siteId: string;
  entity: SyncedEntity;
  rowId: string;
  field: string;
  operationId: string | null;
}

type RefRow = [number, string, SyncedEntity, string, string, string | null];

function* refs(it: IterableIterator<RefRow>): Generator<ChangeRef> {
  for (const [seq, siteId, entity, rowId, field, operationId] of it) yield { seq, siteId, entity, rowId, field, operationId };
}

/** Coordinates of the changes with local seq in (afterSeq, toSeq], in seq order. */
export function iterateChangeRefs(db: Db, afterSeq: number, toSeq: number): Generator<ChangeRef> {
  return refs(stmt(db, `SELECT seq, site_id, entity, row_id, field, operation_id FROM change_log
    WHERE seq > @afterSeq AND seq <= @toSeq ORDER BY seq`).raw().iterate({ afterSeq, toSeq }) as IterableIterator<RefRow>);
}

/** Coordinates of every change recorded for an operation (its rows and what is scoped to it). */
export function changeRefsOfOperation(db: Db, operationId: string): ChangeRef[] {
  return [...refs(stmt(db, `SELECT seq, site_id, entity, row_id, field, operation_id FROM change_log
    WHERE operation_id = @operationId`).raw().iterate({ operationId }) as IterableIterator<RefRow>)];
}

/** Coordinates of every change of one row. */
export function changeRefsOfRow(db: Db, entity: string, rowId: string): ChangeRef[] {
  return [...refs(stmt(db, `SELECT seq, site_id, entity, row_id, field, operation_id FROM change_log
    WHERE entity = @entity AND row_id = @rowId`).raw().iterate({ entity, rowId }) as IterableIterator<RefRow>)];
}

/** Coordinates of every change of a task's assignment rows (people and resources). */
export function changeRefsOfTaskMembers(db: Db, taskId: string): ChangeRef[] {
  return [...refs(stmt(db, `SELECT seq, site_id, entity, row_id, field, operation_id FROM change_log
    WHERE entity IN ('task_person', 'task_resource') AND row_id >= @from AND row_id < @to`)
    .raw().iterate({ from: `${taskId}:`, to: `${taskId};` }) as IterableIterator<RefRow>)];
}

/**
 * A change's coordinates with its bundle line, built by SQLite (one string per change): seq,
 * site, HLC, entity, row, operation, then the change as one JSON object with the bundle's
 * canonical key order. Raw rows, not objects: a full bundle reads hundreds of thousands.
 */
export type ChangeLineRow = [seq: number, siteId: string, hlc: string, entity: SyncedEntity, rowId: string, operationId: string | null, line: string, field: string];

const LINE_COLUMNS = `seq, site_id, hlc, entity, row_id, operation_id,
  json_object('hlc', hlc, 'siteId', site_id, 'entity', entity, 'rowId', row_id, 'field', field, 'value', value,
              'operationId', operation_id), field`;

/** Changes with local seq in (afterSeq, toSeq] as bundle lines, in seq order (bundles stream). */
export function iterateChangeLines(db: Db, afterSeq: number, toSeq: number): IterableIterator<ChangeLineRow> {
  return stmt(db, `SELECT ${LINE_COLUMNS} FROM change_log WHERE seq > @afterSeq AND seq <= @toSeq ORDER BY seq`)
    .raw().iterate({ afterSeq, toSeq }) as IterableIterator<ChangeLineRow>;
}

/** Changes by local seq (a JSON array of seqs) as bundle lines, in seq order. */
export function changeLinesBySeqs(db: Db, seqsJson: string): ChangeLineRow[] {
  return stmt(db, `SELECT ${LINE_COLUMNS} FROM change_log WHERE seq IN (SELECT value FROM json_each(@seqs)) ORDER BY seq`)
    .raw().all({ seqs: seqsJson }) as ChangeLineRow[];
}

/**
 * How many sites wrote changes held here (a bound on the sites a bundle names), by stepping
 * the site index from one site to the next: a seek per site, not a scan of the record.
 */
export function countChangeSites(db: Db): number {
  const next = stmt(db, 'SELECT min(site_id) FROM change_log WHERE site_id > @after').pluck();
  let n = 0;
  for (let site = next.get({ after: '' }) as string | null; site !== null; site = next.get({ after: site }) as string | null) n++;
  return n;
}
