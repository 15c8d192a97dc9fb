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
