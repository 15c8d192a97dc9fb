/**
 * The rows one apply pass re-projects (apply.ts), handed back in reference order: entity order
 * (a referenced entity before the entities referring to it), then row id.
 *
 * A pass of ordinary size keeps them in memory; past PASS_ROWS_IN_MEMORY they spill into the
 * store's own table (sync_apply_rows, migration 0008), so a bundle of any size is held to the
 * same memory. Never a TEMP table: SQLite writes those to files in the system temp folder that
 * the cipher of an encrypted store does not cover (issue 14). Keeping an ordinary pass out of
 * the store saves writing, reading and deleting a B-tree of every row the pass touched, and the
 * commit its pages (issue 13: a fifth of an import's commit).
 */
import { SYNCED_ENTITIES, type SyncedEntity } from '../../shared/sync/change.js';
import type { Db } from '../db/connection.js';
import {
  applyRowsWithHistoryUpTo, clearApplyRows, markApplyRow, markPendingApplyRows, readApplyRows, rowsWithHistoryUpTo, type ApplyRow,
} from '../db/repos/sync-apply.repo.js';
import { countPendingRows, listPendingRows } from '../db/repos/sync.repo.js';

/** Rows a pass keeps in memory before it moves them into the store (about 150 bytes each). */
export const PASS_ROWS_IN_MEMORY = 200_000;

const ENTITY_ORDER = new Map<string, number>(SYNCED_ENTITIES.map((e, i) => [e, i]));
const ENTITY_ORDER_JSON = JSON.stringify(SYNCED_ENTITIES);

const rowKey = (entity: string, rowId: string) => `${entity}\u0000${rowId}`;

/** (ord, row id) as the table's primary key orders them. Row ids are ASCII (shared Id), where
 *  JavaScript's code-unit order is SQLite's byte order. */
function byReferenceOrder(a: ApplyRow, b: ApplyRow): number {
  return a.ord - b.ord || (a.row_id < b.row_id ? -1 : a.row_id > b.row_id ? 1 : 0);
}

export class ApplyPassRows {
  /** The rows while they fit in memory; null once they live in the store's table. */
  private memory: Map<string, ApplyRow> | null = new Map();

  constructor(private readonly db: Db, private readonly inMemory = PASS_ROWS_IN_MEMORY) {
    // A pass that crashed before it emptied the table left nothing behind: the table is
    // written only inside the transaction that also empties it.
    clearApplyRows(db);
  }

  mark(entity: SyncedEntity, rowId: string): void {
    const ord = ENTITY_ORDER.get(entity)!;
    if (!this.memory) {
      markApplyRow(this.db, ord, entity, rowId);
      return;
    }
    const key = rowKey(entity, rowId);
    if (this.memory.has(key)) return;
    this.memory.set(key, { ord, entity, row_id: rowId, pending: 0 });
    if (this.memory.size > this.inMemory) this.spill();
  }

  /** Adds every waiting row (sync_pending), flagged as waiting. */
  markPending(): void {
    if (this.memory && this.memory.size + countPendingRows(this.db) > this.inMemory) this.spill();
    if (!this.memory) {
      markPendingApplyRows(this.db, ENTITY_ORDER_JSON);
      return;
    }
    for (const p of listPendingRows(this.db)) {
      const ord = ENTITY_ORDER.get(p.entity);
      if (ord === undefined) continue;
      const key = rowKey(p.entity, p.row_id);
      const known = this.memory.get(key);
      if (known) known.pending = 1;
      else this.memory.set(key, { ord, entity: p.entity, row_id: p.row_id, pending: 1 });
    }
  }

  /** The rows in reference order, `size` at a time. */
  *chunks(size: number): Generator<ApplyRow[]> {
    if (this.memory) {
      const all = [...this.memory.values()].sort(byReferenceOrder);
      for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
      return;
    }
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
   *  before `seq`. */
  withHistoryUpTo(chunk: readonly ApplyRow[], seq: number): Set<string> {
    if (chunk.length === 0) return new Set();
    if (this.memory) return rowsWithHistoryUpTo(this.db, chunk, seq);
    const first = chunk[0]!;
    const last = chunk[chunk.length - 1]!;
    // The chunk is the table's rows in [first, last]: one range query.
    return applyRowsWithHistoryUpTo(this.db, { ord: first.ord, rowId: first.row_id }, { ord: last.ord, rowId: last.row_id }, seq);
  }

  /** Empties the pass (the table too, if it spilled there). */
  clear(): void {
    this.memory = new Map();
    clearApplyRows(this.db);
  }

  private spill(): void {
    const rows = this.memory!;
    this.memory = null;
    let pending = false;
    for (const r of rows.values()) {
      markApplyRow(this.db, r.ord, r.entity, r.row_id);
      pending ||= r.pending === 1;
    }
    // Waiting rows are flagged all at once (markPending), so the table flags them the same way.
    if (pending) markPendingApplyRows(this.db, ENTITY_ORDER_JSON);
  }
}
