import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperationListQuery } from '../../../shared/api/operations.js';
import { OperationDraft } from '../../../shared/domain/operation.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { scanOperation } from '../../../electron/services/conflicts.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { createOperation, getOperationPlan, listOperations } from '../../../electron/services/operations.js';
import { createTask } from '../../../electron/services/tasks.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
let now = new Date('2026-05-01T10:00:00Z');
beforeEach(() => {
  now = new Date('2026-05-01T10:00:00Z');
  t = openTempContext({ now: () => now });
});
afterEach(() => {
  t.cleanup();
});

const draft = (codeName: string) => OperationDraft.parse({
  codeName, type: 'joint_patrol', leadAgencyId: 'DPSU', legalBasis: 'наказ',
  startsAt: '2026-06-01T06:00:00Z', endsAt: '2026-06-01T18:00:00Z',
});

describe('operations list: open-conflict counts', () => {
  it('counts what the conflicts service finds, with no hook to install', () => {
    const { operationId } = loadDemo(t.ctx);
    // The demo is planned clean; a customs dog put on a task without its handler is an open warning.
    const dog = t.ctx.db.prepare("SELECT id FROM resources WHERE identifier = 'К9-14'").pluck().get() as string;
    const plan = getOperationPlan(t.ctx, operationId);
    createTask(t.ctx, TaskDraft.parse({
      operationId, title: 'Кінологічне обстеження', type: 'customs_inspection', accountableAgencyId: 'DMS',
      resourceIds: [dog], startsAt: plan.operation.startsAt, endsAt: new Date(new Date(plan.operation.startsAt).getTime() + 3_600_000).toISOString(),
    }));
    const open = scanOperation(t.ctx, operationId).conflicts.filter((c) => c.override === null).length;
    expect(open).toBeGreaterThan(0);
    const listed = listOperations(t.ctx, OperationListQuery.parse({}));
    expect(listed.find((o) => o.id === operationId)!.openConflictCount).toBe(open);
    createOperation(t.ctx, draft('ГАММА'));
    expect(listOperations(t.ctx, OperationListQuery.parse({ search: 'гамма' }))[0]!.openConflictCount).toBe(0);
  });

  it('scans once while nothing changes, and again after a write or when the minute turns (cache in the context)', () => {
    createOperation(t.ctx, draft('АЛЬФА'));
    const q = OperationListQuery.parse({});
    listOperations(t.ctx, q);
    const first = t.ctx.caches.conflictCounts;
    expect(first).not.toBeNull();
    listOperations(t.ctx, OperationListQuery.parse({ search: 'альфа' }));
    expect(t.ctx.caches.conflictCounts).toBe(first);

    createOperation(t.ctx, draft('БЕТА'));
    expect(listOperations(t.ctx, q)).toHaveLength(2);
    const second = t.ctx.caches.conflictCounts;
    expect(second).not.toBe(first);

    now = new Date(now.getTime() + 61_000);
    listOperations(t.ctx, q);
    expect(t.ctx.caches.conflictCounts).not.toBe(second);
  });

  it('starts afresh with a reopened store: caches belong to the connection', () => {
    createOperation(t.ctx, draft('ДЕЛЬТА'));
    listOperations(t.ctx, OperationListQuery.parse({}));
    expect(t.ctx.caches.conflictScan).not.toBeNull();
    const ctx = t.reopen();
    expect(ctx.caches.conflictScan).toBeNull();
    expect(ctx.caches.conflictCounts).toBeNull();
  });
});
