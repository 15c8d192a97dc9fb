/**
 * Planning workspace speed with 1,000 operations and 50,000 tasks in one database (seeded
 * through the services' own writers, change records included): an operations-list filter
 * (target ≤ 50 ms) and opening an operation with 500 tasks (target ≤ 200 ms), both through the
 * API dispatch a renderer call goes through. Baseline: a raw prepared SELECT of the same 500
 * task rows, measured a moment earlier in the same process.
 */
import { randomUUID } from 'node:crypto';
import { dispatch } from '../../electron/api/dispatch.js';
import { transact } from '../../electron/services/context.js';
import { insertOperation } from '../../electron/services/operations.js';
import { createTaskInTransaction } from '../../electron/services/tasks.js';
import { SEED_AGENCIES } from '../../shared/domain/agencies-seed.js';
import { OPERATION_TYPES, OPERATION_STATUSES, HANDLING_CODES } from '../../shared/domain/enums.js';
import { OperationDraft } from '../../shared/domain/operation.js';
import { TaskDraft } from '../../shared/domain/task.js';
import { openTempContext } from '../helpers/temp-context.js';
import { timeMedian, type BenchReport } from './bench-kit.js';

const OPERATIONS = 1000;
const TASKS = 50_000;
const BIG = 500;
const HOUR = 3_600_000;

export async function run(report: BenchReport): Promise<void> {
  const tc = openTempContext();
  try {
    const ctx = tc.ctx;
    const agencies = SEED_AGENCIES.slice(0, 8).map((a) => a.id);
    const t0 = Date.UTC(2026, 0, 1, 6);
    // Seeding only: the measured reads do not depend on fsync, and a 1M-row seed should not
    // wait on the disk for minutes. The app itself always runs with synchronous = FULL.
    ctx.db.pragma('synchronous = OFF');
    ctx.db.pragma('cache_size = -262144');
    const seedStart = performance.now();
    const opIds: string[] = [];
    transact(ctx, () => {
      for (let i = 0; i < OPERATIONS; i++) {
        const id = randomUUID();
        opIds.push(id);
        const start = t0 + (i % 365) * 24 * HOUR;
        insertOperation(ctx, id, OperationDraft.parse({
          codeName: `ОПЕРАЦІЯ-${String(i).padStart(4, '0')}`,
          type: OPERATION_TYPES[i % OPERATION_TYPES.length],
          handlingCode: HANDLING_CODES[i % 3],
          legalBasis: 'ст. 558 МКУ',
          leadAgencyId: agencies[i % agencies.length],
          participatingAgencyIds: [agencies[(i + 1) % agencies.length], agencies[(i + 3) % agencies.length]],
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(start + 72 * HOUR).toISOString(),
          area: i % 2 ? 'Волинська область' : 'Одеська область',
        }), OPERATION_STATUSES[i % 6]!);
      }
      // The first operation gets 500 tasks; the other 49,500 are spread over the rest.
      for (let k = 0; k < TASKS; k++) {
        const op = k < BIG ? 0 : 1 + ((k - BIG) % (OPERATIONS - 1));
        const start = t0 + (op % 365) * 24 * HOUR + (k % 60) * HOUR;
        createTaskInTransaction(ctx, randomUUID(), TaskDraft.parse({
          operationId: opIds[op], title: `Завдання ${k}`, type: 'patrol', accountableAgencyId: agencies[k % agencies.length],
          startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString(),
          checklist: k % 4 === 0 ? [{ id: randomUUID(), text: 'Пункт' }] : [],
        }));
      }
    });
    report.line({ name: `seed ${OPERATIONS} operations + ${TASKS} tasks via the change writer`, value: performance.now() - seedStart, unit: 'ms' });
    ctx.db.pragma('synchronous = FULL');

    const raw = ctx.db.prepare('SELECT * FROM tasks WHERE operation_id = ?');
    const baseline = await timeMedian(() => raw.all(opIds[0]), 9);
    report.line({ name: `baseline: raw SELECT of ${BIG} task rows`, value: baseline, unit: 'ms' });

    const call = async (domain: string, method: string, input: unknown) => {
      const r = await dispatch(ctx, domain, method, input);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value as unknown[];
    };
    let found = 0;
    const filter = await timeMedian(async () => {
      found = (await call('operations', 'list', {
        search: 'операція-01', statuses: ['planned', 'approved', 'draft'], agencyId: 'NPU',
        from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z', sort: 'codeName',
      })).length;
    }, 9);
    report.line({ name: 'operations list: search + status + agency + date filter', value: filter, unit: 'ms', target: { max: 50 }, note: `${found} found` });
    const all = await timeMedian(() => call('operations', 'list', {}), 5);
    report.line({
      name: 'operations list: all 1,000 with task and conflict counts', value: all, unit: 'ms',
      note: 'no filter; the per-operation task count reads every task row',
    });

    let tasks = 0;
    const open = await timeMedian(async () => {
      const r = await dispatch(ctx, 'operations', 'getPlan', { id: opIds[0] });
      if (!r.ok) throw new Error(r.error.message);
      tasks = (r.value as { tasks: unknown[] }).tasks.length;
    }, 9);
    report.line({
      name: `open an operation with ${BIG} tasks (getPlan)`, value: open, unit: 'ms', target: { max: 200 },
      note: `${tasks} tasks, ${(open / baseline).toFixed(1)}× raw SELECT`,
    });
  } finally {
    tc.cleanup();
  }
}
