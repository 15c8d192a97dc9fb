/**
 * Three units on three real database files edit the same operation concurrently and exchange
 * bundles in shuffled, duplicated and partial orders; after a final round every unit holds the
 * same synced tables byte for byte, and the same open conflicts.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/api/errors.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { changeOperationStatus, updateOperation } from '../../../electron/services/operations.js';
import { createTask, removeTask, updateTask } from '../../../electron/services/tasks.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { listConflicts } from '../../../electron/sync/service.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { dumpSyncedTables, newOperation, openUnit, send, trustAll, withIdentity, type Unit } from './sync-helpers.js';

type Action =
  | { kind: 'edit'; unit: number; field: 'area' | 'objectives' | 'startsAt' | 'endsAt'; value: number }
  | { kind: 'task'; unit: number; task: number; field: 'title' | 'startsAt'; value: number }
  | { kind: 'status'; unit: number; value: number }
  | { kind: 'removeTask'; task: number }
  | { kind: 'send'; from: number; to: number }
  | { kind: 'deliver'; pick: number };

const unitIx = fc.integer({ min: 0, max: 2 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), unit: unitIx, field: fc.constantFrom('area' as const, 'objectives' as const, 'startsAt' as const, 'endsAt' as const), value: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('task' as const), unit: unitIx, task: fc.integer({ min: 0, max: 1 }), field: fc.constantFrom('title' as const, 'startsAt' as const), value: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('status' as const), unit: unitIx, value: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('removeTask' as const), task: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('send' as const), from: unitIx, to: unitIx }),
  fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }),
);

const hour = (h: number) => `2026-12-05T${String(h).padStart(2, '0')}:00:00.000Z`;

function tolerate(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e; // a refused edit (already deleted, invalid move) is a user error, not a sync one
  }
}

async function scenario(actions: readonly Action[]): Promise<void> {
  const units = await Promise.all(['NPU', 'DMS', 'DPSU'].map(async (ag) => withIdentity(openUnit(ag))));
  const dir = tempDataDir('spilno-converge-');
  try {
    trustAll(units);
    const [a] = units as [Unit, Unit, Unit];
    const op = newOperation(a.ctx, { participatingAgencyIds: ['DMS', 'DPSU'] });
    const tasks = [0, 1].map((i) => createTask(a.ctx, TaskDraft.parse({
      operationId: op.id, title: `Завдання ${i}`, type: 'escort', accountableAgencyId: null,
      startsAt: hour(8 + i), endsAt: hour(12),
    })).id);
    for (const u of units.slice(1)) await importBundle(u.ctx, { path: (await send(a, [u], dir)).file });

    const pool: { file: string; to: Unit }[] = [];
    for (const act of actions) {
      switch (act.kind) {
        case 'edit': {
          const u = units[act.unit]!;
          const value = act.field === 'startsAt' ? hour(5 + act.value) : act.field === 'endsAt' ? hour(19 + act.value) : `${u.agencyId}-${act.value}`;
          tolerate(() => updateOperation(u.ctx, op.id, { [act.field]: value }));
          break;
        }
        case 'task': {
          const u = units[act.unit]!;
          const value = act.field === 'startsAt' ? hour(6 + act.value) : `${u.agencyId} ${act.value}`;
          tolerate(() => updateTask(u.ctx, { id: tasks[act.task]!, patch: { [act.field]: value } }));
          break;
        }
        case 'status': {
          const u = units[act.unit]!;
          // Only the lead moves forward to approval; a participant may reopen with a reason.
          if (act.unit === 0) tolerate(() => changeOperationStatus(u.ctx, { id: op.id, to: (['planned', 'approved', 'briefed', 'active'] as const)[act.value]!, reason: '' }));
          else tolerate(() => changeOperationStatus(u.ctx, { id: op.id, to: 'draft', reason: 'Нові дані' }));
          break;
        }
        case 'removeTask':
          tolerate(() => removeTask(a.ctx, tasks[act.task]!));
          break;
        case 'send':
          if (act.from !== act.to) pool.push({ file: (await send(units[act.from]!, [units[act.to]!], dir)).file, to: units[act.to]! });
          break;
        case 'deliver': {
          // Random pick: some bundles arrive twice, some late (refused as stale), some never.
          const item = pool[act.pick % Math.max(pool.length, 1)];
          if (item) {
            await importBundle(item.to.ctx, { path: item.file }).catch((e: unknown) => {
              if (!(e instanceof DomainError && /Stale bundle/.test(e.message))) throw e;
            });
          }
          break;
        }
      }
    }
    // Final rounds: everyone sends to everyone (twice, so relayed changes travel on).
    for (let round = 0; round < 2; round++) {
      for (const from of units) {
        for (const to of units) {
          if (from !== to) await importBundle(to.ctx, { path: (await send(from, [to], dir)).file });
        }
      }
    }
    const dumps = units.map((u) => dumpSyncedTables(u.ctx));
    expect(dumps[1]).toBe(dumps[0]);
    expect(dumps[2]).toBe(dumps[0]);
    const conflicts = units.map((u) => JSON.stringify(listConflicts(u.ctx)));
    expect(conflicts[1]).toBe(conflicts[0]);
    expect(conflicts[2]).toBe(conflicts[0]);
  } finally {
    for (const u of units) u.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('three units converge', () => {
  it('after concurrent edits and shuffled, duplicated, partial bundle delivery', async () => {
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 30 }), scenario), { numRuns: 6 });
  }, 240_000);

  for (const seed of [1, 42, 20261128]) {
    it(`seed ${seed}`, async () => {
      await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 40 }), scenario), { numRuns: 2, seed });
    }, 240_000);
  }
});
