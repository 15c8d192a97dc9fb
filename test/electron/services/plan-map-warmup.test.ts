/**
 * The map of every operation kept between calls (StoreCaches.planMap) and built ahead of the Map
 * page (warmPlanMap, the core's background work): the same answer a call builds, given again
 * only while nothing was written and the radius did not move, never kept from inside an open
 * transaction or across a write, and gone with a lock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { Core } from '../../../electron/core/core.js';
import { maxChangeSeq } from '../../../electron/db/repos/change-log.repo.js';
import { setSchedulingSettings } from '../../../electron/services/conflicts.js';
import { transact } from '../../../electron/services/context.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { mapData, warmPlanMap } from '../../../electron/services/geo.js';
import { duplicateOperation, getOperationPlan } from '../../../electron/services/operations.js';
import { removeOperationRows } from '../../../electron/db/repos/visibility.repo.js';
import { updateTask } from '../../../electron/services/tasks.js';
import type { MapOperation } from '../../../shared/api/geo.js';
import { buildAcrossWrite, orderWithCallDuring, until } from '../../helpers/between-calls.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
let operationId: string;
/** A located task of the demo operation. */
let taskId: string;

beforeEach(() => {
  t = openTempContext();
  operationId = loadDemo(t.ctx).operationId;
  duplicateOperation(t.ctx, { id: operationId, codeName: 'КОПІЯ', shiftMinutes: 7 * 24 * 60 });
  taskId = getOperationPlan(t.ctx, operationId).tasks.find((x) => x.place.point)!.id;
});
afterEach(() => t.cleanup());

/** Where the map of every operation puts a task. */
function taskPoint(ops: readonly MapOperation[], id: string): [number, number] | null {
  for (const op of ops) {
    const i = op.taskIds.indexOf(id);
    if (i >= 0) return [op.tasks[i * 2]!, op.tasks[i * 2 + 1]!];
  }
  return null;
}

const moveTask = (lat: number, lon: number) => updateTask(t.ctx, { id: taskId, patch: { place: { label: 'Склад', point: { lat, lon } } } });

describe('the kept map of every operation', () => {
  it('answers a call again while nothing was written, and a write or a new radius is in the next answer', () => {
    const first = mapData(t.ctx, null);
    expect(mapData(t.ctx, null)).toBe(first);
    moveTask(50.1234567, 30.7654321);
    const moved = mapData(t.ctx, null);
    expect(moved).not.toBe(first);
    expect(taskPoint(moved.operations, taskId)).toEqual([50.1234567, 30.7654321]);
    setSchedulingSettings(t.ctx, { radiusMeters: 2500 });
    expect(mapData(t.ctx, null).radiusMeters).toBe(2500);
    // Kept again, and still what a call builds from nothing.
    const kept = mapData(t.ctx, null);
    t.ctx.caches.planMap = null;
    expect(mapData(t.ctx, null)).toEqual(kept);
  });

  it('is not given again once rows left without a change of their own (an operation out of this agency\'s view)', () => {
    const copy = mapData(t.ctx, null).operations.find((o) => o.id !== operationId)!;
    const seq = maxChangeSeq(t.ctx.db);
    // As own-view.ts drops an operation the lead took this agency off: its rows go, the change
    // record stays as it was.
    transact(t.ctx, () => removeOperationRows(t.ctx.db, copy.id));
    expect(maxChangeSeq(t.ctx.db)).toBe(seq);
    expect(mapData(t.ctx, null).operations.map((o) => o.id)).toEqual([operationId]);
  });

  it('is given again through the API while only reads come between', async () => {
    const call = () => dispatch(t.ctx, 'geo', 'map', {}, () => {});
    expect(await call()).toMatchObject({ ok: true });
    const kept = t.ctx.caches.planMap!;
    expect(await call()).toMatchObject({ ok: true });
    expect(await dispatch(t.ctx, 'operations', 'list', {}, () => {})).toMatchObject({ ok: true });
    expect(await call()).toMatchObject({ ok: true });
    expect(t.ctx.caches.planMap).toBe(kept);
  });

  it('keeps nothing read inside an open transaction: its rows may yet roll back', () => {
    mapData(t.ctx, null);
    expect(() => transact(t.ctx, () => {
      moveTask(48.5, 35.5);
      expect(taskPoint(mapData(t.ctx, null).operations, taskId)).toEqual([48.5, 35.5]);
      throw new Error('rolled back');
    })).toThrow('rolled back');
    // The same save again takes the rolled-back change's sequence numbers (the change record
    // counts on), so an answer kept from inside the transaction would pass for this one's.
    moveTask(47.25, 29.5);
    expect(taskPoint(mapData(t.ctx, null).operations, taskId)).toEqual([47.25, 29.5]);
  });

  it('is gone with a lock, and a locked store answers no map', async () => {
    const call = (domain: string, method: string, input: unknown = {}) => dispatch(t.ctx, domain, method, input, () => {});
    const PASS = 'correct horse battery staple';
    expect(await call('security', 'enable', { passphrase: PASS })).toMatchObject({ ok: true });
    expect(await call('geo', 'map')).toMatchObject({ ok: true });
    expect(t.ctx.caches.planMap).not.toBeNull();
    expect(await call('security', 'lock')).toMatchObject({ ok: true, value: { locked: true } });
    expect(t.ctx.caches.planMap).toBeNull();
    expect(await call('geo', 'map')).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await call('security', 'unlock', { passphrase: PASS })).toMatchObject({ ok: true });
    expect(t.ctx.caches.planMap).toBeNull();
  });
});

describe('warmPlanMap', () => {
  it('builds, three tasks at a time, the answer a call builds, and the calls then use it', async () => {
    expect(await warmPlanMap(t.ctx, () => false, 3)).toBe('built');
    const built = t.ctx.caches.planMap!;
    expect(mapData(t.ctx, null)).toBe(built.answer);
    expect(await warmPlanMap(t.ctx, () => false)).toBe('current');
    t.ctx.caches.planMap = null;
    expect(mapData(t.ctx, null)).toEqual(built.answer);
    expect(built.answer.operations).toHaveLength(2);
    // Read over several pages.
    expect(built.answer.operations.reduce((n, o) => n + o.taskIds.length, 0)).toBeGreaterThan(9);
  });

  it('answers calls that come while it builds, between its slices', async () => {
    expect(await orderWithCallDuring(() => warmPlanMap(t.ctx, () => false, 3))).toEqual(['call', 'built']);
  });

  it('keeps nothing it read across a write, and the next call has the write', async () => {
    expect(await buildAcrossWrite(() => warmPlanMap(t.ctx, () => false, 3), () => moveTask(51.25, 33.75))).toBe('stale');
    expect(t.ctx.caches.planMap).toBeNull();
    expect(taskPoint(mapData(t.ctx, null).operations, taskId)).toEqual([51.25, 33.75]);
  });

  it('stops when told to (the core closing, the store locked)', async () => {
    let stopped = false;
    const warm = warmPlanMap(t.ctx, () => stopped);
    stopped = true;
    expect(await warm).toBe('stale');
    expect(t.ctx.caches.planMap).toBeNull();
    expect(await warmPlanMap(t.ctx, () => true)).toBe('unavailable');
  });

  it('is built by a core in the background with no call asked, and again a moment after a write', async () => {
    const core = new Core(t.ctx, { background: true, watchMs: 0 });
    try {
      expect(await until(() => t.ctx.caches.planMap !== null)).toBe(true);
      const first = t.ctx.caches.planMap!;
      const patched = await core.call('tasks', 'update', { id: taskId, patch: { place: { label: 'Склад', point: { lat: 49.5, lon: 31.5 } } } });
      expect(patched.ok).toBe(true);
      expect(await until(() => t.ctx.caches.planMap !== null && t.ctx.caches.planMap !== first)).toBe(true);
      expect(taskPoint(t.ctx.caches.planMap!.answer.operations, taskId)).toEqual([49.5, 31.5]);
    } finally {
      await core.close();
    }
  });
});
