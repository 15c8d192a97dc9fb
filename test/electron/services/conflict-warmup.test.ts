/**
 * The whole plan's conflict scan built in the background (warmConflictScan, and the core's
 * scheduler of it): the same scan a call would build, in slices that let other calls through,
 * and nothing kept that was read across a write.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../../electron/core/core.js';
import { maxChangeSeq } from '../../../electron/db/repos/change-log.repo.js';
import { scanAll, warmConflictScan } from '../../../electron/services/conflicts.js';
import { transact } from '../../../electron/services/context.js';
import { createPerson } from '../../../electron/services/directory.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { createOperation, listOperations } from '../../../electron/services/operations.js';
import { createTask } from '../../../electron/services/tasks.js';
import { OperationListQuery } from '../../../shared/api/operations.js';
import { TaskCreate } from '../../../shared/api/tasks.js';
import { PersonDraft } from '../../../shared/domain/directory.js';
import { OperationDraft } from '../../../shared/domain/operation.js';
import { buildAcrossWrite, orderWithCallDuring, until } from '../../helpers/between-calls.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
let person: string;
let ops: string[];

const task = (operationId: string, over: Record<string, unknown> = {}) => TaskCreate.parse({
  operationId, title: 'Патрулювання', type: 'patrol', accountableAgencyId: 'NPU',
  personIds: [person], startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z', ...over,
});

/** The demo plan, and two patrols booking one officer at the same hours a dozen times over. */
function crowdedPlan(): void {
  loadDemo(t.ctx);
  person = createPerson(t.ctx, PersonDraft.parse({ agencyId: 'NPU', fullName: 'Коваль Андрій' })).id;
  ops = ['АЛЬФА', 'БЕТА'].map((codeName) => createOperation(t.ctx, OperationDraft.parse({
    codeName, type: 'joint_patrol', leadAgencyId: 'NPU', formality: 'informal',
    startsAt: '2026-12-05T00:00:00Z', endsAt: '2026-12-06T00:00:00Z',
  })).id);
  for (let i = 0; i < 12; i++) createTask(t.ctx, task(ops[i % 2]!, { title: `Завдання ${i}`, override: { reason: 'Навчання' } }));
  createTask(t.ctx, task(ops[0]!, { personIds: [], accountableAgencyId: null, title: 'Без органу' }));
}

const counts = () => listOperations(t.ctx, OperationListQuery.parse({})).map((o) => [o.codeName, o.openConflictCount]);

beforeEach(() => {
  t = openTempContext();
  crowdedPlan();
});
afterEach(() => t.cleanup());

describe('warmConflictScan', () => {
  it('builds, three tasks at a time, the scan a call builds at once, and the calls then use it', async () => {
    expect(await warmConflictScan(t.ctx, () => false, 3)).toBe('built');
    const built = t.ctx.caches.conflictScan!;
    expect(built.seq).toBe(maxChangeSeq(t.ctx.db));
    const warm = scanAll(t.ctx);
    const warmCounts = counts();
    // Answered from the scan built in the background, not from a new one.
    expect(t.ctx.caches.conflictScan).toBe(built);
    t.ctx.caches.conflictScan = null;
    t.ctx.caches.conflictCounts = null;
    expect(scanAll(t.ctx)).toEqual({ ...warm, scannedAt: expect.any(String) });
    expect(counts()).toEqual(warmCounts);
    expect(warm.conflicts.length).toBeGreaterThan(30);
    expect(warmCounts).toContainEqual(['АЛЬФА', 1]);
  });

  it('answers calls that come while it builds, between its slices', async () => {
    expect(await orderWithCallDuring(() => warmConflictScan(t.ctx, () => false, 3))).toEqual(['call', 'built']);
  });

  it('keeps nothing it read across a write, and the next call counts the write', async () => {
    expect(await buildAcrossWrite(() => warmConflictScan(t.ctx, () => false, 3), () => createTask(t.ctx, task(ops[1]!, { personIds: [], accountableAgencyId: null, title: 'Без органу 2' })))).toBe('stale');
    expect(t.ctx.caches.conflictScan).toBeNull();
    expect(counts()).toContainEqual(['БЕТА', 1]);
  });

  it('stops when told to (the core closing, the store locked)', async () => {
    let stopped = false;
    const warm = warmConflictScan(t.ctx, () => stopped, 3);
    stopped = true;
    expect(await warm).toBe('stale');
    expect(t.ctx.caches.conflictScan).toBeNull();
  });

  it('brings a kept scan up to date in place when only tasks changed', async () => {
    expect(await warmConflictScan(t.ctx, () => false)).toBe('built');
    const built = t.ctx.caches.conflictScan!;
    createTask(t.ctx, task(ops[1]!, { personIds: [], accountableAgencyId: null, title: 'Без органу 2' }));
    expect(await warmConflictScan(t.ctx, () => false)).toBe('current');
    expect(t.ctx.caches.conflictScan).toBe(built);
    expect(built.seq).toBe(maxChangeSeq(t.ctx.db));
    expect(counts()).toContainEqual(['БЕТА', 1]);
  });
});

describe('the kept scan', () => {
  it('keeps nothing read inside an open transaction: its rows may yet roll back', () => {
    const before = scanAll(t.ctx).conflicts.length;
    let inside = 0;
    expect(() => transact(t.ctx, () => {
      createTask(t.ctx, task(ops[1]!, { personIds: [], accountableAgencyId: null, title: 'Без органу 2' }));
      inside = maxChangeSeq(t.ctx.db);
      expect(scanAll(t.ctx).conflicts.length).toBeGreaterThan(before);
      throw new Error('rolled back');
    })).toThrow('rolled back');
    // The same save with an accountable agency takes the rolled-back one's sequence numbers
    // again, so a scan kept from inside the transaction would pass for this one's.
    createTask(t.ctx, task(ops[1]!, { personIds: [], title: 'Без органу 2' }));
    expect(maxChangeSeq(t.ctx.db)).toBe(inside);
    expect(scanAll(t.ctx).conflicts.length).toBe(before);
  });
});

describe('the core in the background', () => {
  it('builds the scan with no call asked, and again a moment after a write', async () => {
    const core = new Core(t.ctx, { background: true, watchMs: 0 });
    try {
      expect(await until(() => t.ctx.caches.conflictScan !== null)).toBe(true);
      const first = t.ctx.caches.conflictScan!;
      const created = await core.call('operations', 'create', OperationDraft.parse({
        codeName: 'ГАММА', type: 'joint_patrol', leadAgencyId: 'NPU', formality: 'informal',
        startsAt: '2026-12-07T00:00:00Z', endsAt: '2026-12-08T00:00:00Z',
      }));
      expect(created.ok).toBe(true);
      // A new operation is not a task edit: the scan is built anew, without a call asking.
      expect(await until(() => t.ctx.caches.conflictScan !== first && t.ctx.caches.conflictScan?.seq === maxChangeSeq(t.ctx.db))).toBe(true);
      expect(t.ctx.caches.conflictScan!.index.ops.has((created as { value: { id: string } }).value.id)).toBe(true);
    } finally {
      await core.close();
    }
  });
});
