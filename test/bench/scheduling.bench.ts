/**
 * Scheduling engine at the size issue 4 names: 1,000 operations, 50,000 tasks, 5,000 people,
 * 2,000 resources, in memory. Assignment density is realistic — each person holds about twenty
 * tasks over a quarter, so overlaps and long duties occur — and every figure is compared with a
 * baseline measured in the same process: the naive checker running all the rules the engine
 * runs (its quadratic pairwise part on a tenth of the plan, scaled and labelled as such).
 */
import { SEED_AGENCIES, TASK_TYPE_REQUIRED_POWER } from '../../shared/domain/agencies-seed.js';
import { PERSON_SKILLS, RESOURCE_KINDS, TASK_TYPES, type OperationType, type PersonSkill } from '../../shared/domain/enums.js';
import type * as DeconflictionModule from '../../shared/scheduling/deconfliction.js';
import type { DeconflictionOperation } from '../../shared/scheduling/deconfliction.js';
import type * as EngineModule from '../../shared/scheduling/engine.js';
import type * as FindingsModule from '../../shared/scheduling/findings.js';
import {
  DEFAULT_SCHEDULING_SETTINGS, type ScheduleDecision, type ScheduleExchange, type ScheduleInput, type ScheduleOperation,
  type ScheduleProceeding, type ScheduleTask,
} from '../../shared/scheduling/model.js';
import { TASK_TYPE_DECISIONS } from '../../shared/legal/reference.js';
import type * as NaiveModule from '../../shared/scheduling/naive-checker.js';
import os from 'node:os';
import { timeMedian, type BenchReport } from './bench-kit.js';

/**
 * The engine, the naive checker and deconfliction as the app runs them: tsc's output in dist/
 * (`npm run bench` builds it first). Run through the bench runner's on-the-fly TypeScript
 * transform, the same engine built its index about 1.6× slower — a figure of the transform,
 * not of the product. Engine and baseline come from the same place, so their ratio is fair.
 */
const dist = (file: string) => new URL(`../../dist/shared/scheduling/${file}`, import.meta.url).href;
const { ScheduleIndex, conflictsTouching, findConflicts } = (await import(dist('engine.js'))) as typeof EngineModule;
const { findingKey, forEachTaskOf, severityOf, toConflict } = (await import(dist('findings.js'))) as typeof FindingsModule;
const { naiveAllRuleKeys, naiveBookingAndDutyKeys, naiveLinearRuleKeys } = (await import(dist('naive-checker.js'))) as typeof NaiveModule;
const { deconflict, haversineMeters } = (await import(dist('deconfliction.js'))) as typeof DeconflictionModule;

/**
 * Median wall and CPU time of `fn`, after two runs that let V8 optimise it (the app runs these
 * functions over and over; a first run measures the compiler). Helpers share this 2-core machine
 * with builds and browsers; CPU time (user + system of this process) shows what the code costs
 * when the cores are busy elsewhere, and is printed next to the wall figure.
 */
async function timeWallAndCpu(fn: () => unknown, runs: number): Promise<{ wall: number; cpu: number }> {
  fn();
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { wall: med(wall), cpu: med(cpu) };
}

const HOUR = 3_600_000;
const T0 = Date.parse('2027-01-01T00:00:00Z');

/** Deterministic PRNG (mulberry32) so every run measures the same plan. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A plan as planners make it: mostly sound (agencies hold the powers their tasks need, roles are
 * filled, successors follow their predecessors, notifications are logged) with the slips real
 * plans have — a few percent of each — plus the double bookings and long duties that dense
 * cross-operation assignment produces.
 */
export function seedPlan(nOps: number, tasksPerOp: number, nPeople: number, nResources: number): ScheduleInput {
  const r = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const iso = (ms: number) => new Date(ms).toISOString();
  const agencies = SEED_AGENCIES;
  const holders = (power: string | undefined) => (power ? agencies.filter((a) => a.powers.includes(power as never)).map((a) => a.id) : ['DMS', 'NPU', 'SBU', 'DPSU']);
  // Person i has skill i mod 12, resource i has kind i mod 9: a person with a given skill is easy to pick.
  const withSkill = (skill: PersonSkill) => `p${PERSON_SKILLS.indexOf(skill) + PERSON_SKILLS.length * Math.floor(r() * (nPeople / PERSON_SKILLS.length))}`;
  const resourceKind = (id: string) => RESOURCE_KINDS[Number(id.slice(1)) % RESOURCE_KINDS.length]!;
  const operations: ScheduleOperation[] = [];
  const tasks: ScheduleTask[] = [];
  const exchange: ScheduleExchange[] = [];
  // The legal spine as a planned operation carries it: a proceeding on nearly every operation,
  // and for nearly every action that needs one a decision naming it (one per kind and operation).
  const decisions: ScheduleDecision[] = [];
  const proceedings: ScheduleProceeding[] = [];
  for (let o = 0; o < nOps; o++) {
    const start = T0 + Math.floor(r() * 90 * 24) * HOUR;
    const id = `op${o}`;
    const type = pick(['joint_patrol', 'controlled_delivery', 'seizure', 'surveillance'] as OperationType[]);
    operations.push({
      id, codeName: `OP-${o}`, type, status: 'planned', leadAgencyId: pick(['DMS', 'NPU', 'SBU', 'DPSU']),
      participatingAgencyIds: ['DMS', 'NPU'], startsAt: iso(start), endsAt: iso(start + 72 * HOUR),
    });
    if (r() < 0.95) {
      exchange.push({ id: `x${o}`, kind: 'art558_notification', operationId: id, subject: 'Повідомлення', sentAt: iso(start), dueAt: iso(start + 240 * HOUR), acknowledgedAt: null });
    }
    if (r() < 0.95) proceedings.push({ id: `pr${o}`, operationId: id });
    const byKind = new Map<string, string[]>();
    const starts = Array.from({ length: tasksPerOp }, () => start + Math.floor(r() * 66) * HOUR).sort((a, b) => a - b);
    let prevEnd = -Infinity;
    for (let k = 0; k < tasksPerOp; k++) {
      const s = starts[k]!;
      const e = s + (1 + Math.floor(r() * 5)) * HOUR;
      const taskType = k === 0 && type === 'controlled_delivery' ? 'prosecutor_decision' : pick(TASK_TYPES);
      const power = TASK_TYPE_REQUIRED_POWER[taskType];
      const people = new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => `p${Math.floor(r() * nPeople)}`));
      const resourceIds = r() < 0.6 ? [`r${Math.floor(r() * nResources)}`] : [];
      const fill = r() < 0.95;
      if (fill && taskType === 'expert_examination') people.add(withSkill('tariff_expert'));
      if (fill && taskType === 'medical') people.add(withSkill('medic'));
      if (fill && resourceIds.some((x) => resourceKind(x) === 'k9')) people.add(withSkill('k9_handler'));
      if (fill && resourceIds.some((x) => resourceKind(x) === 'drone')) people.add(withSkill('drone_pilot'));
      const follows = k > 0 && (s >= prevEnd || r() < 0.03) && r() < 0.4;
      tasks.push({
        id: `${id}-t${k}`, operationId: id, phaseId: null, title: `Task ${k}`, type: taskType, status: 'todo',
        accountableAgencyId: r() < 0.97 ? pick(holders(power)) : pick(['DMS', 'NPU', 'SBU', 'DPSU', 'OGP']),
        unitId: r() < 0.5 ? `u${Math.floor(r() * 500)}` : null,
        personIds: [...people], resourceIds, startsAt: iso(s), endsAt: iso(e),
        dependencies: follows ? [{ predecessorId: `${id}-t${k - 1}`, lagMinutes: 0 }] : [],
      });
      prevEnd = e;
      const needs = TASK_TYPE_DECISIONS[taskType];
      if (needs && r() < 0.95) {
        const kind = needs.kinds[0]!;
        byKind.set(kind, [...(byKind.get(kind) ?? []), `${id}-t${k}`]);
      }
    }
    for (const [kind, taskIds] of byKind) {
      decisions.push({ id: `${id}-d-${kind}`, operationId: id, kind: kind as ScheduleDecision['kind'], number: '1', taskIds, validFrom: iso(start), validUntil: iso(start + 72 * HOUR) });
    }
  }
  return {
    operations, tasks, phases: [], agencies, exchange, decisions, proceedings,
    people: Array.from({ length: nPeople }, (_, i) => ({ id: `p${i}`, fullName: `Person ${i}`, skills: [PERSON_SKILLS[i % PERSON_SKILLS.length]!] })),
    resources: Array.from({ length: nResources }, (_, i) => ({ id: `r${i}`, kind: resourceKind(`r${i}`), name: `Res ${i}` })),
    units: Array.from({ length: 500 }, (_, i) => ({ id: `u${i}`, name: `Unit ${i}` })),
    now: new Date(T0), settings: DEFAULT_SCHEDULING_SETTINGS,
  };
}

function subset(input: ScheduleInput, nOps: number): ScheduleInput {
  const ops = new Set(input.operations.slice(0, nOps).map((o) => o.id));
  return { ...input, operations: input.operations.filter((o) => ops.has(o.id)), tasks: input.tasks.filter((t) => ops.has(t.operationId)) };
}

function deconflictionSet(prefix: string, n: number, seed: number): DeconflictionOperation[] {
  const r = rng(seed);
  const iso = (ms: number) => new Date(ms).toISOString();
  return Array.from({ length: n }, (_, i) => {
    const start = T0 + Math.floor(r() * 90 * 24) * HOUR;
    return {
      id: `${prefix}${i}`, codeName: `${prefix.toUpperCase()}-${i}`, leadAgencyId: 'NPU', startsAt: iso(start),
      endsAt: iso(start + 72 * HOUR), contacts: [],
      // Ukraine's bounding box; a few thousand distinct subjects so some are shared.
      points: Array.from({ length: 3 }, () => ({ label: 'p', lat: 44.4 + r() * 7.9, lon: 22.1 + r() * 18 })),
      subjects: Array.from({ length: 5 }, () => ({ key: `plate:AA${Math.floor(r() * 5000)}`, label: 'x' })),
    };
  });
}

/** Baseline: every incoming operation against every local one, every subject and point pair. */
function naiveDeconflict(a: DeconflictionOperation[], b: DeconflictionOperation[], radius: number): number {
  let hits = 0;
  for (const x of a) {
    for (const y of b) {
      if (x.subjects.some((s) => y.subjects.some((u) => u.key === s.key))) hits++;
      if (x.startsAt < y.endsAt && y.startsAt < x.endsAt
        && x.points.some((p) => y.points.some((q) => haversineMeters(p, q) <= radius))) hits++;
    }
  }
  return hits;
}

export async function run(report: BenchReport): Promise<void> {
  const input = seedPlan(1000, 50, 5000, 2000);
  report.line({ name: 'seeded plan', value: input.tasks.length, unit: 'tasks', note: '1,000 operations, 5,000 people, 2,000 resources' });

  report.line({ name: 'machine load average (1 min)', value: os.loadavg()[0]!, unit: '', note: `${os.cpus().length} cores` });
  // Same-process yardstick: the cheapest conceivable pass over the plan (one Map entry per task).
  const yard = await timeWallAndCpu(() => { const m = new Map<string, number>(); for (const t of input.tasks) m.set(t.id, t.personIds.length); }, 7);
  report.line({ name: 'yardstick: one Map entry per task (50,000)', value: yard.wall, unit: 'ms', note: `CPU ${yard.cpu.toFixed(1)} ms` });
  // The scan as the conflicts service runs it: every rule over every task, each conflict found
  // as a finding (rule + slots). The operations list reads findings as they are; the conflicts
  // page puts them into records, measured separately below.
  let found: ReturnType<typeof findConflicts> = [];
  const full = await timeWallAndCpu(() => { found = findConflicts(new ScheduleIndex(input)); }, 11);
  const fullMs = full.wall;
  const byRule = new Map<string, number>();
  for (const f of found) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  const blocking = found.filter((f) => severityOf(f) === 'blocking').length;
  report.line({
    name: 'full conflict scan (index build + all rules)', value: fullMs, unit: 'ms', target: { max: 100 },
    note: `CPU ${full.cpu.toFixed(0)} ms; ${found.length} conflicts (${blocking} blocking): ${[...byRule].map(([k, v]) => `${k} ${v}`).join(', ')}`,
  });
  const build = await timeWallAndCpu(() => new ScheduleIndex(input), 11);
  report.line({ name: 'of which index build', value: build.wall, unit: 'ms', note: `CPU ${build.cpu.toFixed(0)} ms; typed window columns, per-key timelines of slots` });
  const built = new ScheduleIndex(input);
  const findings = findConflicts(built);
  const records = await timeWallAndCpu(() => findings.map((f) => toConflict(built, f)), 7);
  report.line({ name: 'putting every conflict into a record (the CLI’s full list)', value: records.wall, unit: 'ms', note: `CPU ${records.cpu.toFixed(0)} ms; keys, involved ids, message and fix parameters for all ${findings.length}` });
  // What the workspace asks for instead (conflicts.taskCounts, conflicts.scan pages).
  const badges = await timeWallAndCpu(() => {
    const counts = new Map<string, number>();
    for (const f of findings) forEachTaskOf(built, f, (id) => counts.set(id, (counts.get(id) ?? 0) + 1));
    return counts;
  }, 7);
  report.line({ name: 'badge counts per task from the findings', value: badges.wall, unit: 'ms', note: `CPU ${badges.cpu.toFixed(0)} ms; what calendar and task cards fetch after a save` });
  const firstPage = await timeWallAndCpu(() => findings
    .map((f) => ({ f, key: findingKey(built, f), blocking: severityOf(f) === 'blocking' }))
    .sort((a, b) => (a.blocking !== b.blocking ? (a.blocking ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, 200).map(({ f }) => toConflict(built, f)), 7);
  report.line({ name: 'first page of the conflicts list (200 records, all keys sorted)', value: firstPage.wall, unit: 'ms', note: `CPU ${firstPage.cpu.toFixed(0)} ms; the service keeps the sorted keys until the plan changes` });
  const warm = await timeWallAndCpu(() => findConflicts(built), 7);
  report.line({ name: 'full scan cost in yardstick passes', value: full.cpu / yard.cpu, unit: '×', note: 'CPU time of build + scan divided by the yardstick\'s' });
  report.line({ name: 'full conflict scan over a kept index (rules only)', value: warm.wall, unit: 'ms', target: { max: 100 }, note: `CPU ${warm.cpu.toFixed(0)} ms; the index is what the incremental path keeps up to date` });
  // What the conflicts service does after a planner saves a task: the kept index follows the
  // task (upsert) and the rules run over the whole plan again.
  let moves = 0;
  const followed = await timeWallAndCpu(() => {
    const t = input.tasks[(moves++ * 7919) % input.tasks.length]!;
    built.upsertTask({ ...t, startsAt: new Date(Date.parse(t.startsAt) + HOUR).toISOString(), endsAt: new Date(Date.parse(t.endsAt) + HOUR).toISOString() });
    findConflicts(built);
  }, 7);
  report.line({ name: 'full scan after a task save (kept index follows the task)', value: followed.wall, unit: 'ms', target: { max: 100 }, note: `CPU ${followed.cpu.toFixed(0)} ms; what the conflicts panel and the operations list run after a save` });

  // The baseline runs every rule the engine runs (naive-checker.ts: the pairwise ones by comparing
  // every pair of tasks, the linear ones task by task and operation by operation). Its pairwise
  // part is quadratic, too slow for the whole plan: it runs on a 10 % subset (5,000 tasks) and
  // is scaled by (50,000 / 5,000)² = 100; the linear part runs on the whole plan. On the subset
  // its conflicts must equal the engine's under all rules.
  const sub = subset(input, 100);
  const subIx = new ScheduleIndex(sub);
  const same = JSON.stringify(findConflicts(subIx).map((f) => findingKey(subIx, f)).sort()) === JSON.stringify(naiveAllRuleKeys(sub));
  const naiveSubMs = await timeMedian(() => naiveBookingAndDutyKeys(sub), 3);
  const naiveLinearMs = await timeMedian(() => naiveLinearRuleKeys(input), 3);
  const naiveFullMs = naiveSubMs * (input.tasks.length / sub.tasks.length) ** 2 + naiveLinearMs;
  report.line({ name: 'naive checker, pairwise rules, 5,000-task subset', value: naiveSubMs, unit: 'ms', note: `same conflicts as the engine on the subset, all 12 rules: ${same ? 'yes' : 'NO'}` });
  report.line({ name: 'naive checker, per-task and per-operation rules, whole plan', value: naiveLinearMs, unit: 'ms' });
  report.line({ name: 'naive checker, all rules, 50,000 tasks (pairwise part scaled ×100)', value: naiveFullMs, unit: 'ms', note: 'scaled: the pairwise part measured on the subset, quadratic extrapolation; the rest measured' });
  report.line({ name: 'full scan speed-up vs the naive checker (all rules; scaled as above)', value: naiveFullMs / fullMs, unit: '×', target: { min: 20 } });

  // Incremental: edit one task (move it by an hour) and re-check only what it touches.
  const ix = new ScheduleIndex(input);
  findConflicts(ix);
  const r = rng(7);
  const edits = Array.from({ length: 200 }, () => input.tasks[Math.floor(r() * input.tasks.length)]!);
  let i = 0;
  const incMs = await timeMedian(() => {
    for (let k = 0; k < 50; k++) {
      const t = edits[i++ % edits.length]!;
      const moved = { ...t, startsAt: new Date(Date.parse(t.startsAt) + HOUR).toISOString(), endsAt: new Date(Date.parse(t.endsAt) + HOUR).toISOString() };
      ix.upsertTask(moved);
      conflictsTouching(ix, [moved.id]);
    }
  }, 5) / 50;
  report.line({ name: 'incremental check after editing one task', value: incMs, unit: 'ms', target: { max: 5 }, note: `${(fullMs / incMs).toFixed(0)}× faster than a full scan` });

  const incoming = deconflictionSet('in', 1000, 1);
  const local = deconflictionSet('lo', 1000, 2);
  let hits = 0;
  const decon = await timeWallAndCpu(() => { hits = deconflict(incoming, local, 1000).length; }, 7);
  const deconMs = decon.wall;
  const naiveDeconMs = await timeMedian(() => naiveDeconflict(incoming, local, 1000), 1);
  report.line({ name: 'deconfliction, 1,000 incoming vs 1,000 local operations', value: deconMs, unit: 'ms', target: { max: 200 }, note: `CPU ${decon.cpu.toFixed(0)} ms; ${hits} alerts` });
  report.line({ name: 'deconfliction speed-up vs pairwise comparison', value: naiveDeconMs / deconMs, unit: '×', note: `pairwise ${naiveDeconMs.toFixed(0)} ms` });
}
