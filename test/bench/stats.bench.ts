/**
 * Statistics speed at the size issue 17 names: a year with 1,000 operations and 50,000 tasks
 * (and 5,000 exchange entries) in one database, seeded through the services' own writers, and
 * the whole year's statistics through the API dispatch a renderer call goes through (target
 * ≤ 100 ms). Baseline, measured a moment earlier in the same process: a raw prepared
 * `SELECT count(*)` over the same tasks, the least any figure about them costs.
 */
import { randomUUID } from 'node:crypto';
import { dispatch } from '../../electron/api/dispatch.js';
import { transact, type ServiceContext } from '../../electron/services/context.js';
import { createExchange } from '../../electron/services/exchange.js';
import { insertOperation } from '../../electron/services/operations.js';
import { createTaskInTransaction } from '../../electron/services/tasks.js';
import { SEED_AGENCIES } from '../../shared/domain/agencies-seed.js';
import {
  EXCHANGE_KINDS, FORMALITIES, INTERACTION_FORMS, OPERATION_STATUSES, OPERATION_TYPES, TASK_STATUSES, TASK_TYPES,
} from '../../shared/domain/enums.js';
import { ExchangeDraft } from '../../shared/domain/exchange.js';
import { OperationDraft } from '../../shared/domain/operation.js';
import { TaskDraft } from '../../shared/domain/task.js';
import { openTempContext } from '../helpers/temp-context.js';
import { timeMedian, type BenchReport } from './bench-kit.js';

const OPERATIONS = 1000;
const TASKS = 50_000;
const EXCHANGE = 5000;
const HOUR = 3_600_000;

/** A year of joint work: the operations, tasks and exchange entries the figures are about. */
export function seedStatsYear(ctx: ServiceContext): void {
  const agencies = SEED_AGENCIES.slice(0, 8).map((a) => a.id);
  const t0 = Date.UTC(2026, 0, 1, 6);
  // Seeding only: the measured reads do not depend on fsync.
  ctx.db.pragma('synchronous = OFF');
  ctx.db.pragma('cache_size = -262144');
  const opIds: string[] = [];
  transact(ctx, () => {
    for (let i = 0; i < OPERATIONS; i++) {
      const id = randomUUID();
      opIds.push(id);
      const start = t0 + (i % 365) * 24 * HOUR;
      insertOperation(ctx, id, OperationDraft.parse({
        codeName: `ОПЕРАЦІЯ-${String(i).padStart(4, '0')}`,
        type: OPERATION_TYPES[i % OPERATION_TYPES.length],
        form: INTERACTION_FORMS[i % INTERACTION_FORMS.length],
        formality: FORMALITIES[i % 2],
        legalBasis: 'ст. 558 МКУ',
        leadAgencyId: agencies[i % agencies.length],
        participatingAgencyIds: [agencies[(i + 1) % agencies.length], agencies[(i + 3) % agencies.length]],
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 72 * HOUR).toISOString(),
      }), OPERATION_STATUSES[i % OPERATION_STATUSES.length]!);
    }
    for (let k = 0; k < TASKS; k++) {
      const op = k % OPERATIONS;
      const start = t0 + (op % 365) * 24 * HOUR + (k % 60) * HOUR;
      createTaskInTransaction(ctx, randomUUID(), TaskDraft.parse({
        operationId: opIds[op], title: `Завдання ${k}`, type: TASK_TYPES[k % TASK_TYPES.length],
        status: TASK_STATUSES[k % TASK_STATUSES.length], accountableAgencyId: agencies[k % agencies.length],
        startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString(),
      }));
    }
    for (let k = 0; k < EXCHANGE; k++) {
      const at = t0 + (k % 365) * 24 * HOUR;
      createExchange(ctx, ExchangeDraft.parse({
        kind: EXCHANGE_KINDS[k % EXCHANGE_KINDS.length], form: INTERACTION_FORMS[k % INTERACTION_FORMS.length],
        formality: FORMALITIES[k % 2], legalBasis: 'ст. 558 МКУ', subject: `Запис ${k}`,
        fromAgencyId: agencies[k % agencies.length], toAgencyId: agencies[(k + 1) % agencies.length],
        operationId: k % 3 === 0 ? opIds[k % OPERATIONS] : null,
        sentAt: k % 5 === 0 ? null : new Date(at).toISOString(),
        dueAt: new Date(at + 24 * HOUR).toISOString(),
        acknowledgedAt: k % 4 === 0 ? null : new Date(at + (k % 7) * 6 * HOUR).toISOString(),
      }));
    }
  });
}

export async function run(report: BenchReport): Promise<void> {
  const tc = openTempContext({ now: () => new Date('2027-03-01T00:00:00Z') });
  try {
    const ctx = tc.ctx;
    const seedStart = performance.now();
    seedStatsYear(ctx);
    report.line({ name: `seed ${OPERATIONS} operations + ${TASKS} tasks + ${EXCHANGE} exchange entries`, value: performance.now() - seedStart, unit: 'ms' });
    ctx.db.pragma('synchronous = FULL');

    const raw = ctx.db.prepare('SELECT count(*) FROM tasks WHERE deleted = 0');
    const baseline = await timeMedian(() => raw.pluck().get(), 9);
    report.line({ name: `baseline: raw SELECT count(*) over ${TASKS} tasks`, value: baseline, unit: 'ms' });

    let totals = '';
    const year = await timeMedian(async () => {
      const r = await dispatch(ctx, 'stats', 'getStatistics', { from: '2026-01-01', to: '2026-12-31' });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const s = r.value as { operations: { total: number }; tasks: { total: number } };
      totals = `${s.operations.total} operations, ${s.tasks.total} tasks`;
    }, 9);
    report.line({
      name: 'statistics of the year (API dispatch)', value: year, unit: 'ms', target: { max: 100 },
      note: `${totals}; ${(year / baseline).toFixed(1)}× baseline`,
    });
    const cpu0 = process.cpuUsage();
    await dispatch(ctx, 'stats', 'getStatistics', { from: '2026-01-01', to: '2026-12-31' });
    const cpu = process.cpuUsage(cpu0);
    report.line({ name: 'statistics of the year, CPU time (user + system)', value: (cpu.user + cpu.system) / 1000, unit: 'ms', target: { max: 100 } });
    const month = await timeMedian(() => dispatch(ctx, 'stats', 'getStatistics', { from: '2026-03-01', to: '2026-03-31' }), 9);
    report.line({ name: 'statistics of one month', value: month, unit: 'ms', note: `${(month / baseline).toFixed(1)}× baseline` });
  } finally {
    tc.cleanup();
  }
}
