/**
 * The obviously-correct reference checker: the booking and duty rules by comparing every pair of
 * tasks with every other, and (`naiveAllRuleKeys`) every other rule as well, so that a speed-up
 * measured against it compares the same work. Used only by the property test (the fast engine
 * must find exactly the same conflicts) and by the benchmark. Never used by the app.
 */
import { ScheduleIndex, operationRules, taskRules } from './engine.js';
import { findingKey, type Finding } from './findings.js';
import { isLiveOperation, isLiveTask, type ScheduleInput, type ScheduleTask } from './model.js';

const HOUR = 3_600_000;

/** Keys of double-booking and duty-overrun conflicts, as the engine would key them. */
export function naiveBookingAndDutyKeys(input: ScheduleInput): string[] {
  const liveOps = new Set(input.operations.filter(isLiveOperation).map((o) => o.id));
  const tasks = input.tasks.filter((t) => isLiveTask(t) && liveOps.has(t.operationId));
  const s = tasks.map((t) => Date.parse(t.startsAt));
  const e = tasks.map((t) => Date.parse(t.endsAt));
  const keys: string[] = [];
  const unitOf = (t: ScheduleTask) => (t.unitId ? [t.unitId] : []);
  for (let i = 0; i < tasks.length; i++) {
    for (let j = i + 1; j < tasks.length; j++) {
      if (!(s[i]! < e[j]! && s[j]! < e[i]!)) continue;
      const a = tasks[i]!;
      const b = tasks[j]!;
      const [x, y] = a.id < b.id ? [a, b] : [b, a];
      for (const [kind, of] of [
        ['person', (t: ScheduleTask) => t.personIds],
        ['resource', (t: ScheduleTask) => t.resourceIds],
        ['unit', unitOf],
      ] as const) {
        const other = new Set(of(b));
        for (const k of new Set(of(a))) if (other.has(k)) keys.push(`double_booking:${kind}:${k}:${x.id}|${y.id}`);
      }
    }
  }
  // Duty: tasks of a person linked when the gap between them is shorter than the rest; each
  // connected group is one duty period.
  const rest = input.settings.minRestHours * HOUR;
  const limit = input.settings.maxDutyHours * HOUR;
  const byPerson = new Map<string, number[]>();
  tasks.forEach((t, i) => {
    for (const p of new Set(t.personIds)) {
      if (!byPerson.has(p)) byPerson.set(p, []);
      byPerson.get(p)!.push(i);
    }
  });
  for (const [person, idx] of byPerson) {
    const parent = idx.map((_, k) => k);
    const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k]!)));
    for (let a = 0; a < idx.length; a++) {
      for (let b = a + 1; b < idx.length; b++) {
        const i = idx[a]!;
        const j = idx[b]!;
        if (s[j]! < e[i]! + rest && s[i]! < e[j]! + rest) parent[find(a)] = find(b);
      }
    }
    const groups = new Map<number, number[]>();
    idx.forEach((i, k) => {
      const r = find(k);
      if (!groups.has(r)) groups.set(r, []);
      groups.get(r)!.push(i);
    });
    for (const g of groups.values()) {
      const span = Math.max(...g.map((i) => e[i]!)) - Math.min(...g.map((i) => s[i]!));
      if (span > limit) keys.push(`duty_overrun:${person}:${g.map((i) => tasks[i]!.id).sort().join(',')}`);
    }
  }
  return keys.sort();
}

/**
 * Keys of every conflict under all twelve rules. The pairwise rules (double booking, duty
 * overrun) come from the pairwise comparison above — the quadratic part the engine's timelines
 * replace. The per-task rules (dependencies, windows, powers, roles, agency) and the
 * per-operation rules (dependency cycles, prosecutor's decision, Article 558) are linear in any
 * implementation; they are stated once, in the engine (`taskRules`, `operationRules`), and run
 * here task by task and operation by operation, cycles searched in every operation.
 */
export function naiveAllRuleKeys(input: ScheduleInput): string[] {
  return [...naiveBookingAndDutyKeys(input), ...naiveLinearRuleKeys(input)].sort();
}

/** The per-task and per-operation rules alone (the part of `naiveAllRuleKeys` that is linear). */
export function naiveLinearRuleKeys(input: ScheduleInput): string[] {
  const ix = new ScheduleIndex(input);
  const found: Finding[] = [];
  ix.forEachSlot((slot) => taskRules(ix, slot, found));
  for (const opId of ix.ops.keys()) operationRules(ix, opId, found, true);
  return found.map((f) => findingKey(ix, f));
}
