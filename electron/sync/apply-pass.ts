/**
 * The rows one apply pass re-projects (apply.ts), handed back in reference order: entity order
 * (a referenced entity before the entities referring to it), then row id. They live in a table
 * of the store itself (sync_apply_rows, migration 0008), so an import's size is the bundle's,
 * not memory's. Never a TEMP table: SQLite writes those to files in the system temp folder that
 * the cipher of an encrypted store does not cover (issue 14). The table is written and emptied
 * inside the import's own transaction.
 *
 * (Keeping the rows of an ordinary pass in memory instead was tried: in-process A/B over 100k
 * changes, 10 interleaved runs, median 1.005 and minimum 1.09 of the table's CPU — no gain, so
 * the one design stays.)
 */
import { SYNCED_ENTITIES, type SyncedEntity } from '../../shared/sync/change.js';
import type { Db } from '../db/connection.js';
import {
  applyRowsWithHistoryUpTo, clearApplyRows, markApplyRow, markPendingApplyRows, readApplyRows, type ApplyRow,
} from '../db/repos/sync-apply.repo.js';

const ENTITY_ORDER = new Map<string, number>(SYNCED_ENTITIES.map((e, i) => [e, i]));
const ENTITY_ORDER_JSON = JSON.stringify(SYNCED_ENTITIES);

export class ApplyPassRows {
  constructor(private readonly db: Db) {
    clearApplyRows(db);
  }

  mark(entity: SyncedEntity, rowId: string): void {
    markApplyRow(this.db, ENTITY_ORDER.get(entity)!, entity, rowId);
  }

  /** Adds every waiting row (sync_pending), flagged as waiting. */
  markPending(): void {
    markPendingApplyRows(this.db, ENTITY_ORDER_JSON);
  }

  /** The rows in reference order, `size` at a time. */
  *chunks(size: number): Generator<ApplyRow[]> {
    let after = { ord: -1, rowId: '' };
    for (;;) {
      const chunk = readApplyRows(this.db, after, size);
      if (chunk.length === 0) return;
      yield chunk;
      const last = chunk[chunk.length - 1]!;
      after = { ord: last.ord, rowId: last.row_id };
    }
  }

  /** Of a chunk just handed out, the rows (`entity\0rowId`) with a change recorded at or
   *  before `seq`: one range query over the table's rows in [first, last]. */
  withHistoryUpTo(chunk: readonly ApplyRow[], seq: number): Set<string> {
    if (chunk.length === 0) return new Set();
    const first = chunk[0]!;
    const last = chunk[chunk.length - 1]!;
    return applyRowsWithHistoryUpTo(this.db, { ord: first.ord, rowId: first.row_id }, { ord: last.ord, rowId: last.row_id }, seq);
  }

  /** Empties the pass. */
  clear(): void {
    clearApplyRows(this.db);
  }
}
