/**
 * Data for the sync benchmarks: tasks written through the change writer (so the change record,
 * the rows and the HLCs are exactly what the app writes), about 15 changes and 3.6 KB of bundle
 * per task — the shape of a real plan, with short texts.
 */
import { randomUUID } from 'node:crypto';
import { transact, type ServiceContext } from '../../electron/services/context.js';
import { newOperation } from '../electron/sync/sync-helpers.js';

const TASKS_PER_BATCH = 200;

function countChanges(ctx: ServiceContext): number {
  return ctx.db.prepare('SELECT count(*) FROM change_log').pluck().get() as number;
}

/** Adds tasks to `operationId` in one transaction until the change record holds `target`. */
export function addTasks(ctx: ServiceContext, operationId: string, target: number): void {
  transact(ctx, () => {
    for (let i = 0; countChanges(ctx) < target; i++) {
      for (let k = 0; k < TASKS_PER_BATCH; k++) {
        ctx.writer.create('task', randomUUID(), {
          operationId, phaseId: null, title: `Завдання ${i}-${k}: перевірка вантажу`, type: 'customs_inspection',
          status: 'todo', accountableAgencyId: 'DMS', unitId: null,
          startsAt: '2026-12-05T08:00:00.000Z', endsAt: '2026-12-05T10:00:00.000Z',
          place: { label: 'Пункт пропуску «Ягодин»', point: { lat: 51.2, lon: 23.8 } }, dependencies: [],
          checklist: [], notes: 'Примітка до завдання', isKeyEvent: false, isDecisionPoint: false,
        }, operationId);
      }
    }
  });
}

/** One operation (led by NPU, DMS taking part) with tasks until the record holds ~`target`. */
export function generate(ctx: ServiceContext, target: number): string {
  const op = newOperation(ctx);
  addTasks(ctx, op.id, target);
  return op.id;
}

/**
 * `operations` operations sharing ~`target` changes between them: a large exercise as a unit
 * would send it after weeks offline (or on a full resend).
 */
export function generateSpread(ctx: ServiceContext, target: number, operations: number): void {
  const base = countChanges(ctx);
  for (let i = 1; i <= operations; i++) {
    const op = newOperation(ctx, { codeName: `ГРАНІТ-${i}` });
    addTasks(ctx, op.id, base + Math.round((target * i) / operations));
  }
}
