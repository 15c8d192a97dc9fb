/**
 * `sync.planConflicts`: the open sync conflicts the plan marks, per operation, with the unit
 * that set each candidate — after real bundles carried concurrent edits between two units.
 */
import { describe, expect, it } from 'vitest';
import type { PlanConflictView } from '../../../shared/api/sync.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { dispatch } from '../../../electron/api/dispatch.js';
import { updateOperation } from '../../../electron/services/operations.js';
import { createTask, updateTask } from '../../../electron/services/tasks.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { listPlanConflicts, resolveConflict } from '../../../electron/sync/service.js';
import { newOperation, send, syncFixtures, trustAll } from './sync-helpers.js';

const fx = syncFixtures();

async function setup() {
  const a = await fx.unit('NPU', 'Відділ поліції');
  const b = await fx.unit('DMS', 'Прикордонний загін');
  trustAll([a, b]);
  const dir = fx.dir('spilno-plan-conflicts-');
  const op = newOperation(a.ctx);
  const other = newOperation(a.ctx, { codeName: 'ІНША' });
  const task = createTask(a.ctx, TaskDraft.parse({
    operationId: op.id, title: 'Супровід', type: 'escort', accountableAgencyId: 'DMS',
    startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z',
  }));
  await importBundle(b.ctx, { path: (await send(a, [b], dir)).file });
  return { a, b, dir, op, other, task };
}

describe('plan conflicts', () => {
  it('lists an operation\'s open conflicts with each value\'s unit, only for that operation, until a pick', async () => {
    const { a, b, dir, op, other, task } = await setup();
    updateOperation(a.ctx, op.id, { startsAt: '2026-12-05T05:00:00Z', area: 'Одеса' });
    updateOperation(b.ctx, op.id, { startsAt: '2026-12-05T07:00:00Z', area: 'Ізмаїл' });
    updateTask(a.ctx, { id: task.id, patch: { startsAt: '2026-12-05T08:30:00Z' } });
    updateTask(b.ctx, { id: task.id, patch: { startsAt: '2026-12-05T09:00:00Z' } });
    expect(listPlanConflicts(a.ctx, op.id)).toEqual([]);
    await importBundle(a.ctx, { path: (await send(b, [a], dir)).file });

    const list = listPlanConflicts(a.ctx, op.id);
    // Only critical fields conflict: `area` is last-writer-wins and stays off the list.
    expect(list.map((c) => `${c.entity}.${c.field}`).sort()).toEqual(['operation.startsAt', 'task.startsAt']);
    const opStart = list.find((c) => c.entity === 'operation')!;
    expect(opStart).toMatchObject({ kind: 'concurrent_edit', rowId: op.id, operationId: op.id });
    // Named as the planner knows them, not by ids.
    expect(opStart.where).toEqual({ title: op.codeName, operationCode: op.codeName });
    expect(list.find((c) => c.entity === 'task')!.where).toEqual({ title: 'Супровід', operationCode: op.codeName });
    expect(opStart.candidates.map((v) => [JSON.parse(v.value), v.unitName, v.agencyId]).sort()).toEqual([
      ['2026-12-05T05:00:00.000Z', 'Відділ поліції', 'NPU'],
      ['2026-12-05T07:00:00.000Z', 'Прикордонний загін', 'DMS'],
    ]);
    expect(list.find((c) => c.entity === 'task')).toMatchObject({ rowId: task.id, operationId: op.id });
    expect(listPlanConflicts(a.ctx, other.id)).toEqual([]);
    expect(listPlanConflicts(a.ctx).length).toBe(2);

    // Over the API, as the renderer asks.
    const r = await dispatch(a.ctx, 'sync', 'planConflicts', { operationId: op.id });
    expect(r.ok && (r.value as PlanConflictView[]).length).toBe(2);

    // The pick is a change; the entry leaves the list, the other stays.
    const chosen = opStart.candidates.findIndex((v) => v.unitName === 'Прикордонний загін');
    expect(resolveConflict(a.ctx, { entity: 'operation', rowId: op.id, field: 'startsAt', candidate: chosen })).toEqual({ resolved: true });
    expect(listPlanConflicts(a.ctx, op.id).map((c) => c.entity)).toEqual(['task']);
  });

  it('names a site it has no card of as unknown', async () => {
    const { a, b, dir, op } = await setup();
    updateOperation(a.ctx, op.id, { endsAt: '2026-12-05T20:00:00Z' });
    updateOperation(b.ctx, op.id, { endsAt: '2026-12-05T19:00:00Z' });
    await importBundle(a.ctx, { path: (await send(b, [a], dir)).file });
    a.ctx.db.prepare('DELETE FROM sync_peers WHERE site_id = ?').run(b.ctx.siteId);
    const [c] = listPlanConflicts(a.ctx, op.id);
    expect(c!.candidates.find((v) => v.siteId === b.ctx.siteId)).toMatchObject({ unitName: null, agencyId: null });
    expect(c!.candidates.find((v) => v.siteId === a.ctx.siteId)).toMatchObject({ unitName: 'Відділ поліції' });
  });
});
