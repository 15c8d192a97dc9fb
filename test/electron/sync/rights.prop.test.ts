/**
 * One rights rule for both directions, as a property: units of the lead and of two
 * participating agencies take turns editing one operation — tasks for any agency or none,
 * cross-agency assignments, directory records of any agency, exchange entries between any two
 * agencies, approval — each unit first taking in what the others sent, then trying an edit that
 * its own check may refuse. Whatever a unit accepted locally, every peer that receives it
 * accepts: no import quarantines anything, nothing waits, and every row two units both hold is
 * byte-identical on both. Real SQLite files, real bundles.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/api/errors.js';
import { PersonDraft } from '../../../shared/domain/directory.js';
import { ExchangeDraft } from '../../../shared/domain/exchange.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { ENTITIES } from '../../../electron/db/entities.js';
import { listPeople } from '../../../electron/db/repos/directory.repo.js';
import { listTasksByOperation } from '../../../electron/db/repos/tasks.repo.js';
import { createPerson, updatePerson } from '../../../electron/services/directory.js';
import { acknowledgeExchange, createExchange } from '../../../electron/services/exchange.js';
import { changeOperationStatus, updateOperation } from '../../../electron/services/operations.js';
import { createTask, removeTask, updateTask } from '../../../electron/services/tasks.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { newOperation, openUnit, send, trustAll, withIdentity, type Unit } from './sync-helpers.js';

const PARTICIPANTS = ['DMS', 'NPU', 'SBU'] as const;
const ANY = ['DMS', 'NPU', 'SBU', 'DPSU'] as const;

type Action =
  | { kind: 'createTask'; accountable: string | null; people: number[] }
  | { kind: 'editTask'; pick: number; edit: 'title' | 'later' | 'agency' | 'assign' | 'unassign'; agency: string | null; person: number }
  | { kind: 'removeTask'; pick: number }
  | { kind: 'createPerson'; agency: string }
  | { kind: 'editPerson'; pick: number }
  | { kind: 'exchange'; from: string; to: string; inOperation: boolean; handling: 'H0' | 'H1' | 'H2' }
  | { kind: 'acknowledge'; pick: number }
  | { kind: 'editOperation' }
  | { kind: 'approve' };

const agencyOrNone = fc.option(fc.constantFrom(...PARTICIPANTS), { nil: null });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('createTask' as const), accountable: agencyOrNone, people: fc.array(fc.nat(), { maxLength: 2 }) }),
  fc.record({
    kind: fc.constant('editTask' as const), pick: fc.nat(), edit: fc.constantFrom('title' as const, 'later' as const, 'agency' as const, 'assign' as const, 'unassign' as const),
    agency: agencyOrNone, person: fc.nat(),
  }),
  fc.record({ kind: fc.constant('removeTask' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('createPerson' as const), agency: fc.constantFrom(...ANY) }),
  fc.record({ kind: fc.constant('editPerson' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('exchange' as const), from: fc.constantFrom(...ANY), to: fc.constantFrom(...ANY), inOperation: fc.boolean(),
    handling: fc.constantFrom('H0' as const, 'H1' as const, 'H2' as const),
  }).filter((e) => e.from !== e.to),
  fc.record({ kind: fc.constant('acknowledge' as const), pick: fc.nat() }),
  fc.constant({ kind: 'editOperation' as const }),
  fc.constant({ kind: 'approve' as const }),
);

/** A refused edit (the local rule, a scheduling block, a stale pick) is the planner's problem, not sync's. */
function tolerate(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
  }
}

let slot = 0;
const nextWindow = () => {
  const h = slot++ % 40;
  const day = 5 + Math.floor(h / 10);
  const hour = 6 + (h % 10);
  const at = (x: number) => `2026-12-${String(day).padStart(2, '0')}T${String(x).padStart(2, '0')}:00:00.000Z`;
  return { startsAt: at(hour), endsAt: at(hour + 1) };
};

function act(u: Unit, operationId: string, a: Action): void {
  const ctx = u.ctx;
  const tasks = () => listTasksByOperation(ctx.db, operationId);
  const people = () => listPeople(ctx.db, null);
  const pick = <T>(xs: T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);
  switch (a.kind) {
    case 'createTask': {
      const ps = people();
      tolerate(() => createTask(ctx, TaskDraft.parse({
        operationId, title: `Завдання ${slot}`, type: 'escort', accountableAgencyId: a.accountable,
        personIds: [...new Set(a.people.map((i) => pick(ps, i)?.id).filter((x): x is string => !!x))], ...nextWindow(),
      })));
      break;
    }
    case 'editTask': {
      const t = pick(tasks(), a.pick);
      if (!t) break;
      const p = pick(people(), a.person);
      const patch = a.edit === 'title' ? { title: `${t.title} (${u.agencyId})` }
        : a.edit === 'later' ? nextWindow()
          : a.edit === 'agency' ? { accountableAgencyId: a.agency }
            : a.edit === 'assign' ? { personIds: p ? [...new Set([...t.personIds, p.id])] : t.personIds }
              : { personIds: t.personIds.slice(1) };
      tolerate(() => updateTask(ctx, { id: t.id, patch }));
      break;
    }
    case 'removeTask': {
      const t = pick(tasks(), a.pick);
      if (t) tolerate(() => removeTask(ctx, t.id));
      break;
    }
    case 'createPerson':
      tolerate(() => createPerson(ctx, PersonDraft.parse({ agencyId: a.agency, fullName: `Особа ${slot++}`, phone: '+380501112233' })));
      break;
    case 'editPerson': {
      const p = pick(people(), a.pick);
      if (p) tolerate(() => updatePerson(ctx, { ...p, phone: `+38050${String(slot++).padStart(7, '0')}` }));
      break;
    }
    case 'exchange':
      tolerate(() => createExchange(ctx, ExchangeDraft.parse({
        kind: 'art558_information', fromAgencyId: a.from, toAgencyId: a.to, subject: `Відомості ${slot++}`,
        legalBasis: 'ст. 558 МКУ', handlingCode: a.handling, operationId: a.inOperation ? operationId : null,
      })));
      break;
    case 'acknowledge': {
      const rows = ctx.db.prepare('SELECT id FROM exchange_entries WHERE deleted = 0 ORDER BY id').pluck().all() as string[];
      const id = pick(rows, a.pick);
      if (id) tolerate(() => acknowledgeExchange(ctx, id, ctx.now().toISOString()));
      break;
    }
    case 'editOperation':
      tolerate(() => updateOperation(ctx, operationId, { area: `Район ${u.agencyId} ${slot++}` }));
      break;
    case 'approve':
      tolerate(() => changeOperationStatus(ctx, { id: operationId, to: 'planned', reason: '' }));
      tolerate(() => changeOperationStatus(ctx, { id: operationId, to: 'approved', reason: '' }));
      break;
  }
}

/** Every synced row, keyed by table and key, without the locally maintained touch column. */
function rows(u: Unit): Map<string, string> {
  const out = new Map<string, string>();
  for (const def of Object.values(ENTITIES)) {
    for (const r of u.ctx.db.prepare(`SELECT * FROM ${def.table}`).all() as Record<string, unknown>[]) {
      if (def.touchColumn) delete r[def.touchColumn];
      out.set(`${def.table}:${def.key.map((k) => String(r[k])).join(':')}`, JSON.stringify(r));
    }
  }
  return out;
}

describe('one rights rule for local edits and imports', () => {
  it('whatever a unit accepted locally, every peer accepts: no quarantine, nothing waiting, shared rows identical', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ unit: fc.integer({ min: 0, max: 2 }), action }), { minLength: 4, maxLength: 25 }),
      async (steps) => {
        const units = await Promise.all(PARTICIPANTS.map((a) => withIdentity(openUnit(a, `Підрозділ ${a}`))));
        const dir = tempDataDir('spilno-rights-prop-');
        try {
          trustAll(units);
          const [lead] = units as [Unit, Unit, Unit];
          const op = newOperation(lead.ctx, { leadAgencyId: 'DMS', participatingAgencyIds: ['NPU', 'SBU'] });
          const takeIn = async (to: Unit) => {
            for (const from of units) {
              if (from === to) continue;
              const r = await importBundle(to.ctx, { path: (await send(from, [to], dir)).file });
              expect(r.quarantined, `${from.agencyId} → ${to.agencyId}`).toEqual([]);
            }
          };
          for (const s of steps) {
            const u = units[s.unit]!;
            await takeIn(u);
            act(u, op.id, s.action);
          }
          for (let round = 0; round < 2; round++) for (const u of units) await takeIn(u);
          const held = units.map(rows);
          units.forEach((u, i) => {
            expect(u.ctx.db.prepare('SELECT count(*) FROM sync_quarantine').pluck().get(), u.agencyId).toBe(0);
            expect(u.ctx.db.prepare('SELECT count(*) FROM sync_pending').pluck().get(), u.agencyId).toBe(0);
            for (const [j, other] of held.entries()) {
              if (j === i) continue;
              for (const [key, row] of held[i]!) if (other.has(key)) expect(other.get(key), `${key} on ${u.agencyId} and ${units[j]!.agencyId}`).toBe(row);
            }
          });
        } finally {
          for (const u of units) u.cleanup();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
      // A failure's counterexample is reported within the test's time even while shrinking (a
      // run takes up to a second; shrinking a long sequence can take minutes).
    ), { numRuns: 20, interruptAfterTimeLimit: 150_000 });
  }, 240_000);
});
