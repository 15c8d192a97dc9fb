import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleIndex, conflictsTouching, detectConflicts, findConflicts, fullScan } from '../../../shared/scheduling/engine.js';
import { findingKey, forEachOperationOf, severityOf, toConflict } from '../../../shared/scheduling/findings.js';
import { isoMs } from '../../../shared/scheduling/intervals.js';
import { naiveAllRuleKeys, naiveBookingAndDutyKeys } from '../../../shared/scheduling/naive-checker.js';
import type { ScheduleTask } from '../../../shared/scheduling/model.js';
import { at, op, plan } from './fixtures.js';

/** Random schedules dense enough that overlaps, shared people and long duties are common. */
const taskArb = fc.record({
  op: fc.integer({ min: 0, max: 2 }),
  start: fc.integer({ min: 0, max: 60 }),
  len: fc.integer({ min: 1, max: 10 }),
  people: fc.uniqueArray(fc.constantFrom('p1', 'p2', 'p3', 'p4'), { maxLength: 3 }),
  resources: fc.uniqueArray(fc.constantFrom('r1', 'r2'), { maxLength: 2 }),
  unit: fc.option(fc.constantFrom('u1', 'u2'), { nil: null }),
  cancelled: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
});

type RawTask = { op: number; start: number; len: number; people: string[]; resources: string[]; unit: string | null; cancelled: boolean };

function toTasks(raw: readonly RawTask[]): ScheduleTask[] {
  return raw.map((r, i) => ({
      id: `t${String(i).padStart(3, '0')}`, operationId: `op${r.op}`, phaseId: null, title: `T${i}`, type: 'patrol',
      status: r.cancelled ? 'cancelled' : 'todo', accountableAgencyId: 'NPU', unitId: r.unit,
      personIds: r.people, resourceIds: r.resources, startsAt: at(r.start / 2), endsAt: at((r.start + r.len) / 2),
      dependencies: [],
    }));
}

const ops = [op({ id: 'op0' }), op({ id: 'op1' }), op({ id: 'op2', status: 'aborted' })];
const fastKeys = (tasks: ScheduleTask[], settings = {}) =>
  detectConflicts(plan({ operations: ops, tasks, settings }))
    .filter((c) => c.rule === 'double_booking' || c.rule === 'duty_overrun')
    .map((c) => c.key).sort();

describe('fast engine agrees with the naive pairwise checker', () => {
  it('finds exactly the same double bookings and duty overruns', () => {
    fc.assert(fc.property(
      fc.array(taskArb, { maxLength: 40 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 0, max: 10 }),
      (raw, maxDutyHours, minRestHours) => {
        const tasks = toTasks(raw);
        const settings = { maxDutyHours, minRestHours };
        expect(fastKeys(tasks, settings)).toEqual(naiveBookingAndDutyKeys(plan({ operations: ops, tasks, settings })));
      },
    ), { numRuns: 300 });
  });

  it('orders tasks that start within the same second (the bulk load sorts by second first)', () => {
    const ms = (offset: number) => new Date(Date.parse(at(1)) + offset).toISOString();
    fc.assert(fc.property(fc.array(fc.record({
      start: fc.integer({ min: 0, max: 3000 }), len: fc.integer({ min: 1, max: 2000 }),
      people: fc.uniqueArray(fc.constantFrom('p1', 'p2'), { minLength: 1, maxLength: 2 }),
    }), { maxLength: 25 }), (raw) => {
      const tasks = toTasks(raw.map((r) => ({ op: 0, start: 0, len: 1, people: r.people, resources: [], unit: 'u1', cancelled: false })))
        .map((t, i) => ({ ...t, startsAt: ms(raw[i]!.start), endsAt: ms(raw[i]!.start + raw[i]!.len) }));
      const all = (input: ReturnType<typeof plan>) => detectConflicts(input).filter((c) => c.rule === 'double_booking').map((c) => c.key).sort();
      const naive = naiveBookingAndDutyKeys(plan({ operations: ops, tasks })).filter((k) => k.startsWith('double_booking'));
      expect(all(plan({ operations: ops, tasks }))).toEqual(naive);
    }), { numRuns: 300 });
  });

  it('the incremental check after editing one task equals a full rescan restricted to that task', () => {
    fc.assert(fc.property(fc.array(taskArb, { minLength: 2, maxLength: 30 }), taskArb, fc.nat(), (raw, editRaw, pick) => {
      const tasks = toTasks(raw);
      const ix = new ScheduleIndex(plan({ operations: ops, tasks }));
      fullScan(ix);
      const target = tasks[pick % tasks.length]!;
      const edited = { ...toTasks([editRaw])[0]!, id: target.id };
      ix.upsertTask(edited);
      const incremental = conflictsTouching(ix, [edited.id]).filter((c) => c.taskIds.includes(edited.id)).map((c) => c.key).sort();
      const after = tasks.map((t) => (t.id === target.id ? edited : t));
      const full = detectConflicts(plan({ operations: ops, tasks: after }))
        .filter((c) => c.taskIds.includes(edited.id)).map((c) => c.key).sort();
      expect(incremental).toEqual(full);
    }), { numRuns: 300 });
  });
});

const ROLE_TYPES = ['patrol', 'expert_examination', 'medical', 'patrol'] as const;

describe('a kept index followed through edits', () => {
  it('scans exactly as an index built afresh from the edited plan', () => {
    const edit = fc.record({ pick: fc.nat(), raw: taskArb, remove: fc.boolean(), fresh: fc.boolean() });
    fc.assert(fc.property(fc.array(taskArb, { minLength: 1, maxLength: 30 }), fc.array(edit, { maxLength: 12 }), (raw, edits) => {
      // Types that need an expert or a medic, and r2 (a dog) needing its handler p3: the role
      // rule's bits must follow edits too.
      let tasks = toTasks(raw).map((t, i) => ({
        ...t, type: ROLE_TYPES[i % ROLE_TYPES.length]!,
        dependencies: i > 0 && i % 3 === 0 ? [{ predecessorId: `t${String(i - 1).padStart(3, '0')}`, lagMinutes: 30 }] : [],
      }));
      const ix = new ScheduleIndex(plan({ operations: ops, tasks }));
      fullScan(ix);
      edits.forEach((e, k) => {
        const target = tasks[e.pick % tasks.length];
        if (e.remove && target) {
          ix.removeTask(target.id);
          tasks = tasks.filter((t) => t.id !== target.id);
        } else {
          const next = { ...toTasks([e.raw])[0]!, id: e.fresh || !target ? `e${k}` : target.id, type: ROLE_TYPES[k % ROLE_TYPES.length]! };
          ix.upsertTask(next);
          tasks = [...tasks.filter((t) => t.id !== next.id), next];
        }
      });
      const keys = (cs: { key: string }[]) => cs.map((c) => JSON.stringify(c)).sort();
      expect(keys(fullScan(ix))).toEqual(keys(detectConflicts(plan({ operations: ops, tasks }))));
    }), { numRuns: 300 });
  });
});

describe('findings read without building their records', () => {
  it('give the key, severity and operations their records carry, under every rule', () => {
    fc.assert(fc.property(fc.array(taskArb, { minLength: 1, maxLength: 30 }), (raw) => {
      // Varied types and agencies (customs cannot detain; a fifth of tasks has no agency) and
      // backward links, so that most rules fire somewhere in the run.
      const tasks = toTasks(raw).map((t, i) => ({
        // The assertion keeps the literal union the plan's type asks for (the linter's checker
        // sees the contextual type, tsc over test/ does not).
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        ...t, type: (i % 4 === 2 ? 'detention' : ROLE_TYPES[i % ROLE_TYPES.length]!) as ScheduleTask['type'], accountableAgencyId: i % 5 === 0 ? null : i % 2 ? 'DMS' : 'NPU',
        dependencies: i > 0 && i % 3 === 0 ? [{ predecessorId: `t${String(i - 1).padStart(3, '0')}`, lagMinutes: 30 }] : [],
      }));
      const ix = new ScheduleIndex(plan({ operations: ops, tasks }));
      for (const f of findConflicts(ix)) {
        const c = toConflict(ix, f);
        expect(findingKey(ix, f)).toBe(c.key);
        expect(severityOf(f)).toBe(c.severity);
        const opIds: string[] = [];
        forEachOperationOf(ix, f, (id) => opIds.push(id));
        expect(opIds.sort()).toEqual(c.operationIds);
      }
      // The benchmark's baseline finds the same conflicts under all rules.
      expect(naiveAllRuleKeys(plan({ operations: ops, tasks }))).toEqual(findConflicts(ix).map((f) => findingKey(ix, f)).sort());
    }), { numRuns: 300 });
  });
});

describe('an index edited past its initial size', () => {
  it('answers every incremental check as a fresh scan of the edited plan would', () => {
    // Built from one task, then 40 more arrive one by one: the window columns grow several times
    // and the timelines built before must read the new columns.
    const first = toTasks([{ op: 0, start: 0, len: 4, people: ['p1'], resources: [], unit: 'u1', cancelled: false }]);
    const ix = new ScheduleIndex(plan({ operations: ops, tasks: first }));
    const all = [...first];
    for (let i = 1; i <= 40; i++) {
      const t = { ...toTasks([{ op: i % 2, start: i, len: 3, people: [`p${1 + (i % 3)}`], resources: [], unit: 'u1', cancelled: false }])[0]!, id: `n${i}` };
      ix.upsertTask(t);
      all.push(t);
    }
    const keysOf = (cs: { key: string; taskIds: string[] }[], id: string) => cs.filter((c) => c.taskIds.includes(id)).map((c) => c.key).sort();
    const fresh = detectConflicts(plan({ operations: ops, tasks: all }));
    for (const t of all) expect(keysOf(conflictsTouching(ix, [t.id]), t.id)).toEqual(keysOf(fresh, t.id));
    expect(keysOf(fresh, 'n20').length).toBeGreaterThan(0);
  });
});

describe('isoMs', () => {
  it('decodes stored instants exactly as Date.parse does', () => {
    fc.assert(fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
      const s = d.toISOString();
      expect(isoMs(s)).toBe(Date.parse(s));
    }), { numRuns: 2000 });
  });
  it('falls back to Date.parse for other forms', () => {
    expect(isoMs('2026-06-01T03:00:00+03:00')).toBe(Date.parse('2026-06-01T00:00:00Z'));
  });
});
