/**
 * The apply pass's row set (electron/sync/apply-pass.ts): every row once, in reference order,
 * the waiting ones flagged, the right "had history before" answers chunk by chunk — and nothing
 * of it left in the store.
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

function passOf(t: TempContext, marks: [SyncedEntity, string][], seqBefore: number) {
  const db = t.ctx.db;
  return db.transaction(() => {
    const rows = new ApplyPassRows(db);
    for (const [e, id] of marks) rows.mark(e, id);
    rows.markPending();
    const chunks = [...rows.chunks(3)];
    const older = chunks.map((c) => [...rows.withHistoryUpTo(c, seqBefore)].sort());
    rows.clear();
    const left = db.prepare('SELECT count(*) FROM sync_apply_rows').pluck().get();
    return { rows: chunks.flat().map((r) => `${r.ord}:${r.entity}:${r.row_id}:${r.pending}`), older, left };
  })();
}

describe('the apply pass row set', () => {
  it('hands back each row once in reference order, with its waiting flag and whether it had history', () => {
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
      const pass = passOf(t, marks, seqBefore);
      // Reference order: entity order, then row id; each row once; the waiting ones flagged.
      const order = new Map(SYNCED_ENTITIES.map((e, i) => [e, i]));
      const expected = [...new Set([...marks.map(([e, id]) => `${e}:${id}`), 'task:c', 'unit:z'])]
        .map((k) => k.split(':') as [SyncedEntity, string])
        .sort((x, y) => order.get(x[0])! - order.get(y[0])! || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0))
        .map(([e, id]) => `${order.get(e)}:${e}:${id}:${(e === 'task' && id === 'c') || (e === 'unit' && id === 'z') ? 1 : 0}`);
      expect(pass.rows).toEqual(expected);
      expect(pass.older.flat().sort()).toEqual(
        [...new Set(marks.map(([e, id]) => `${e}\u0000${id}`))].filter((k) => k === 'task\u0000b' || k === 'person\u0000a').sort(),
      );
      expect(pass.left).toBe(0);
    }), { numRuns: 60 });
  });
});
