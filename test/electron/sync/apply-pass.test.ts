/**
 * The apply pass's row set (electron/sync/apply-pass.ts): the same rows in the same reference
 * order, with the same waiting flags and the same "had history before" answers, whether it stays
 * in memory or spills into the store's table part-way — and nothing of it left in the store.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SYNCED_ENTITIES, type SyncedEntity } from '../../../shared/sync/change.js';
import { appendChanges, maxChangeSeq } from '../../../electron/db/repos/change-log.repo.js';
import { setPending } from '../../../electron/db/repos/sync.repo.js';
import { ApplyPassRows } from '../../../electron/sync/apply-pass.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

const opened: TempContext[] = [];
afterEach(() => {
  for (const t of opened.splice(0)) t.cleanup();
});

const entity = fc.constantFrom<SyncedEntity>('task', 'person', 'unit', 'operation', 'task_person');
const rowId = fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/);

function passOf(t: TempContext, inMemory: number, marks: [SyncedEntity, string][], seqBefore: number) {
  const db = t.ctx.db;
  return db.transaction(() => {
    const pass = new ApplyPassRows(db, inMemory);
    for (const [e, id] of marks) pass.mark(e, id);
    pass.markPending();
    const chunks = [...pass.chunks(3)];
    const older = chunks.map((c) => [...pass.withHistoryUpTo(c, seqBefore)].sort());
    pass.clear();
    const left = db.prepare('SELECT count(*) FROM sync_apply_rows').pluck().get();
    return { rows: chunks.flat().map((r) => `${r.ord}:${r.entity}:${r.row_id}:${r.pending}`), older, left };
  })();
}

describe('the apply pass row set', () => {
  it('hands back the same rows, order, flags and histories in memory and spilled to the store', () => {
    const t = openTempContext();
    opened.push(t);
    const db = t.ctx.db;
    // Some rows already have history here (seq ≤ seqBefore), some wait (sync_pending).
    db.transaction(() => {
      appendChanges(db, [
        { hlc: '0000000000001-0000-aaaa', siteId: 's', entity: 'task', rowId: 'b', field: 'title', value: '"x"', operationId: null },
        { hlc: '0000000000002-0000-aaaa', siteId: 's', entity: 'person', rowId: 'a', field: 'fullName', value: '"y"', operationId: null },
      ]);
      setPending(db, 'task', 'c', true);
      setPending(db, 'unit', 'z', true);
    })();
    const seqBefore = maxChangeSeq(db);
    fc.assert(fc.property(fc.array(fc.tuple(entity, fc.oneof(rowId, fc.constantFrom('a', 'b', 'c', 'z')))), (marks) => {
      const inMemory = passOf(t, 1_000_000, marks, seqBefore);
      for (const limit of [0, 1, 3]) expect(passOf(t, limit, marks, seqBefore)).toEqual(inMemory);
      // Reference order: entity order, then row id; each row once; the waiting ones flagged.
      const order = new Map(SYNCED_ENTITIES.map((e, i) => [e, i]));
      const expected = [...new Set([...marks.map(([e, id]) => `${e}:${id}`), 'task:c', 'unit:z'])]
        .map((k) => k.split(':') as [SyncedEntity, string])
        .sort((x, y) => order.get(x[0])! - order.get(y[0])! || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0))
        .map(([e, id]) => `${order.get(e)}:${e}:${id}:${(e === 'task' && id === 'c') || (e === 'unit' && id === 'z') ? 1 : 0}`);
      expect(inMemory.rows).toEqual(expected);
      expect(inMemory.older.flat().sort()).toEqual(
        [...new Set(marks.map(([e, id]) => `${e}\u0000${id}`))].filter((k) => k === 'task\u0000b' || k === 'person\u0000a').sort(),
      );
      expect(inMemory.left).toBe(0);
    }), { numRuns: 60 });
  });
});
