/**
 * Latency that does not grow with history (issue 15): every statement a save runs — the save
 * guard's reads, the writes, the change record, the audit step after the commit, the core's
 * change event — finds its
 * rows through an index or the sequence number. Statements are captured as the app runs them
 * (better-sqlite3's `prepare` is instrumented to note each statement and its parameters when
 * it executes), with the reads that follow a save (the operations list's conflict counts, the
 * task badges), and each one's query plan is read back: a full scan of a table that grows with
 * the plan's history fails the test.
 *
 * The directory (agencies, units, people, resources) is read whole by the save guard on
 * purpose: its rules need every person's and resource's bookings, and it grows with the
 * organisation, not with the history of changes.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../electron/core/core.js';
import type { ServiceContext } from '../../../electron/services/context.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

const DIRECTORY_TABLES = new Set(['agencies', 'units', 'people', 'resources']);

let t: TempContext;
let ctx: ServiceContext;
let core: Core;
let operationId: string;
let capturing = false;
const captured = new Map<string, unknown[]>();
const originalPrepare = Database.prototype.prepare;

beforeAll(() => {
  Database.prototype.prepare = function prepare(this: Database.Database, sql: string) {
    const statement = originalPrepare.call(this, sql);
    for (const m of ['run', 'get', 'all', 'iterate'] as const) {
      const exec = (statement[m] as (...a: unknown[]) => unknown).bind(statement);
      (statement as unknown as Record<string, unknown>)[m] = (...args: unknown[]) => {
        if (capturing && !captured.has(sql)) captured.set(sql, args);
        return exec(...args);
      };
    }
    return statement;
  } as typeof originalPrepare;
  t = openTempContext();
  ctx = t.ctx;
  operationId = loadDemo(ctx).operationId;
  core = new Core(ctx, { watchMs: 0 });
});
afterAll(() => {
  Database.prototype.prepare = originalPrepare;
  t.cleanup();
});

async function call(domain: string, method: string, input: unknown): Promise<unknown> {
  const r = await core.call(domain, method, input);
  if (!r.ok) throw new Error(`${domain}.${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/**
 * Full scans in a statement's query plan. Plans name a table by its alias when it has one, so
 * anything scanned counts except a json_each list, a constant row, or a CTE of the statement.
 */
function fullScans(sql: string, args: unknown[]): string[] {
  if (!/^\s*(SELECT|WITH|UPDATE|DELETE|INSERT)/i.test(sql)) return [];
  const ctes = new Set([...sql.matchAll(/(?:WITH|,)\s*(\w+)\s+AS\s*(?:MATERIALIZED\s*)?\(/gi)].map((m) => m[1]!));
  const explain = originalPrepare.call(ctx.db, `EXPLAIN QUERY PLAN ${sql}`);
  const plan = (explain.all as (...a: unknown[]) => unknown[])(...args) as { detail: string }[];
  return plan
    .map((p) => /^SCAN (\w+)/.exec(p.detail)?.[1])
    .filter((name): name is string => name !== undefined)
    .filter((name) => name !== 'json_each' && name !== 'CONSTANT' && !ctes.has(name))
    .filter((name) => !DIRECTORY_TABLES.has(name));
}

describe('per-commit queries', () => {
  it('every statement of the usual saves reads through an index or the sequence number', async () => {
    const plan = await call('operations', 'getPlan', { id: operationId }) as {
      operation: { id: string }; phases: { id: string }[];
      tasks: { id: string; title: string; startsAt: string; endsAt: string; accountableAgencyId: string; unitId: string | null }[];
    };
    const task = plan.tasks.find((t) => t.unitId !== null)!;
    // The reads that follow every save (the list's conflict counts, the badges) are kept warm
    // by following the change record: they may list what they list, but never walk the record.
    await call('operations', 'list', {});
    await call('conflicts', 'taskCounts', {});
    capturing = true;
    await call('tasks', 'update', { id: task.id, patch: { title: `${task.title} (уточнено)` } });
    capturing = false;
    const saveStatements = new Map(captured);
    captured.clear();
    capturing = true;
    await call('operations', 'list', {});
    await call('conflicts', 'taskCounts', {});
    capturing = false;
    const readStatements = new Map(captured);
    captured.clear();
    capturing = true;
    await call('tasks', 'create', {
      operationId, title: 'Нове завдання', type: 'briefing', accountableAgencyId: task.accountableAgencyId,
      unitId: task.unitId, startsAt: task.startsAt, endsAt: task.endsAt,
    });
    await call('operations', 'update', { id: operationId, patch: { area: 'Волинська область' } });
    await call('operations', 'addPhase', { operationId, name: 'Підсумки', startsAt: task.startsAt, endsAt: task.endsAt });
    await call('exchange', 'create', {
      kind: 'art558_notification', fromAgencyId: 'DMS', toAgencyId: 'NPU', operationId, subject: 'Повідомлення',
      legalBasis: 'ст. 558 МКУ',
    });
    capturing = false;
    for (const [sql, args] of saveStatements) captured.set(sql, args);

    const brief = (sql: string) => sql.replace(/\s+/g, ' ').slice(0, 160);
    const recordScans = [...readStatements].flatMap(([sql, args]) => fullScans(sql, args)
      .filter((table) => table === 'change_log' || table === 'audit_log')
      .map((table) => `${table}: ${brief(sql)}`));
    expect(readStatements.size).toBeGreaterThan(3);
    expect(recordScans).toEqual([]);
    const offenders = [...captured].flatMap(([sql, args]) => fullScans(sql, args).map((table) => `${table}: ${brief(sql)}`));
    expect(captured.size).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });

});
