/**
 * The conflict engine (issue 4, rules 1–7). Policy: every rule is a pure function of the plan,
 * evaluated over indexes (sorted per-person/resource/unit timelines, successor lists, tasks by
 * operation) so that a full scan of tens of thousands of tasks is one sweep, and the check after
 * editing one task looks only at what that task touches. Severity says whether a save may create
 * the conflict without an explicit, recorded override: double bookings of people and resources,
 * broken dependencies, tasks outside their operation and missing procedural powers are blocking;
 * the rest are warnings the planner must see but may plan through (a unit runs parallel tasks
 * with different people, a draft may lack its accountable agency for a while).
 */
import { TASK_TYPE_REQUIRED_POWER } from '../domain/agencies-seed.js';
import { MANDATORY_EXCHANGE_KINDS, type PersonSkill } from '../domain/enums.js';
import { exchangeState } from '../domain/exchange.js';
import { Timeline, isoMs } from './intervals.js';
import {
  isLiveOperation, isLiveTask, type Conflict, type ConflictRule, type ConflictSeverity, type Params,
  type ScheduleAgency, type ScheduleExchange, type ScheduleInput, type ScheduleOperation,
  type SchedulePerson, type SchedulePhase, type ScheduleResource, type ScheduleTask, type ScheduleUnit,
  type SchedulingSettings,
} from './model.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A task with its window in milliseconds; it is also the interval its timelines hold. */
export interface CompiledTask {
  id: string;
  t: ScheduleTask;
  s: number;
  e: number;
}

interface CompiledWindow {
  s: number;
  e: number;
}

export type BookingKind = 'person' | 'resource' | 'unit';

/** Indexes over one plan; mutable so that an edit updates them in place (the incremental path). */
export class ScheduleIndex {
  readonly tasks = new Map<string, CompiledTask>();
  readonly ops = new Map<string, ScheduleOperation & CompiledWindow>();
  readonly phases = new Map<string, SchedulePhase & CompiledWindow>();
  readonly agencies = new Map<string, ScheduleAgency>();
  readonly people = new Map<string, SchedulePerson>();
  readonly resources = new Map<string, ScheduleResource>();
  readonly units = new Map<string, ScheduleUnit>();
  readonly timelines: Record<BookingKind, Map<string, Timeline>> = {
    person: new Map(), resource: new Map(), unit: new Map(),
  };
  readonly tasksByOp = new Map<string, Set<string>>();
  readonly exchangeByOp = new Map<string, ScheduleExchange[]>();
  readonly settings: SchedulingSettings;
  readonly now: Date;

  constructor(input: ScheduleInput) {
    this.settings = input.settings;
    this.now = input.now;
    for (const o of input.operations) {
      if (isLiveOperation(o)) this.ops.set(o.id, { ...o, s: isoMs(o.startsAt), e: isoMs(o.endsAt) });
    }
    for (const p of input.phases) this.phases.set(p.id, { ...p, s: isoMs(p.startsAt), e: isoMs(p.endsAt) });
    for (const a of input.agencies) this.agencies.set(a.id, a);
    for (const p of input.people) this.people.set(p.id, p);
    for (const r of input.resources) this.resources.set(r.id, r);
    for (const u of input.units) this.units.set(u.id, u);
    for (const x of input.exchange) {
      if (!x.operationId) continue;
      let list = this.exchangeByOp.get(x.operationId);
      if (!list) this.exchangeByOp.set(x.operationId, (list = []));
      list.push(x);
    }
    // Feeding tasks in start order leaves every timeline sorted without sorting each of them.
    const live = input.tasks.filter((t) => isLiveTask(t) && this.ops.has(t.operationId));
    const starts = live.map((t) => isoMs(t.startsAt));
    const order = Array.from(live.keys()).sort((a, b) => starts[a]! - starts[b]!);
    for (const i of order) this.addTask(live[i]!, true, starts[i]!);
  }

  private addTask(t: ScheduleTask, inStartOrder: boolean, start = isoMs(t.startsAt)): void {
    if (!isLiveTask(t) || !this.ops.has(t.operationId)) return;
    const c: CompiledTask = { id: t.id, t, s: start, e: isoMs(t.endsAt) };
    this.tasks.set(t.id, c);
    setOf(this.tasksByOp, t.operationId).add(t.id);
    forEachBooking(t, (kind, key) => {
      let tl = this.timelines[kind].get(key);
      if (!tl) this.timelines[kind].set(key, (tl = new Timeline()));
      if (inStartOrder) tl.append(c);
      else tl.insert(c);
    });
  }

  removeTask(id: string): void {
    const c = this.tasks.get(id);
    if (!c) return;
    this.tasks.delete(id);
    this.tasksByOp.get(c.t.operationId)?.delete(id);
    forEachBooking(c.t, (kind, key) => this.timelines[kind].get(key)?.remove(id, c.s));
  }

  /**
   * Tasks that depend on `id`. Dependencies are stored on the successor and never cross
   * operations, so the predecessor's operation is searched rather than keeping a reverse map
   * for every task (which a full scan would pay for and rarely use).
   */
  successorsOf(id: string): CompiledTask[] {
    const c = this.tasks.get(id);
    if (!c) return [];
    const out: CompiledTask[] = [];
    for (const sid of this.tasksByOp.get(c.t.operationId) ?? []) {
      const succ = this.tasks.get(sid)!;
      if (succ.t.dependencies.some((d) => d.predecessorId === id)) out.push(succ);
    }
    return out;
  }

  /** Applies an edited (or new) task to the indexes. */
  upsertTask(t: ScheduleTask): void {
    this.removeTask(t.id);
    this.addTask(t, false);
  }

  agencyHasPower(agencyId: string, power: string): boolean {
    return this.agencies.get(agencyId)?.powers.includes(power as never) ?? false;
  }

  private holders = new Map<string, string>();
  /** Codes of the agencies that hold a power, for the fix text. */
  powerHolders(power: string): string {
    let h = this.holders.get(power);
    if (h === undefined) {
      h = [...this.agencies.values()].filter((a) => a.powers.includes(power as never)).map((a) => a.code).join(', ') || '—';
      this.holders.set(power, h);
    }
    return h;
  }
}

function setOf<K, V>(m: Map<K, Set<V>>, k: K): Set<V> {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  return s;
}

function forEachBooking(t: ScheduleTask, fn: (kind: BookingKind, key: string) => void): void {
  const ps = t.personIds;
  for (let i = 0; i < ps.length; i++) if (ps.indexOf(ps[i]!) === i) fn('person', ps[i]!);
  const rs = t.resourceIds;
  for (let i = 0; i < rs.length; i++) if (rs.indexOf(rs[i]!) === i) fn('resource', rs[i]!);
  if (t.unitId) fn('unit', t.unitId);
}

// ---------------------------------------------------------------------------------------------
// Conflict construction

type Ids = readonly (string | null | undefined)[];
interface ConflictParts {
  operationIds?: Ids;
  taskIds?: Ids;
  personIds?: Ids;
  resourceIds?: Ids;
  unitIds?: Ids;
  agencyIds?: Ids;
}

function conflict(
  rule: ConflictRule, severity: ConflictSeverity, keyTail: string, parts: ConflictParts,
  message: [string, Params], fix: [string, Params],
): Conflict {
  return {
    key: `${rule}:${keyTail}`,
    rule,
    severity,
    operationIds: uniq(parts.operationIds),
    taskIds: uniq(parts.taskIds),
    personIds: uniq(parts.personIds),
    resourceIds: uniq(parts.resourceIds),
    unitIds: uniq(parts.unitIds),
    agencyIds: uniq(parts.agencyIds),
    message: { key: message[0], params: message[1] },
    fix: { key: fix[0], params: fix[1] },
  };
}

function uniq(xs: Ids | undefined): string[] {
  if (!xs || xs.length === 0) return [];
  // Most conflicts name one or two of each: no Set for those.
  if (xs.length === 1) return xs[0] ? [xs[0]] : [];
  if (xs.length === 2) {
    const [a, b] = xs;
    if (!a) return b ? [b] : [];
    if (!b || a === b) return [a];
    return a < b ? [a, b] : [b, a];
  }
  return [...new Set(xs.filter((x): x is string => !!x))].sort();
}

const BOOKING_SEVERITY: Record<BookingKind, ConflictSeverity> = {
  person: 'blocking', resource: 'blocking', unit: 'warning',
};

function bookingName(ix: ScheduleIndex, kind: BookingKind, key: string): string {
  if (kind === 'person') return ix.people.get(key)?.fullName ?? key;
  if (kind === 'resource') return ix.resources.get(key)?.name ?? key;
  return ix.units.get(key)?.name ?? key;
}

function opName(ix: ScheduleIndex, id: string): string {
  return ix.ops.get(id)?.codeName ?? id;
}

function agencyCode(ix: ScheduleIndex, id: string | null): string {
  return id ? ix.agencies.get(id)?.code ?? id : '—';
}

function doubleBooking(ix: ScheduleIndex, kind: BookingKind, key: string, a: CompiledTask, b: CompiledTask): Conflict {
  const [x, y] = a.t.id < b.t.id ? [a, b] : [b, a];
  const overlapMin = Math.round((Math.min(x.e, y.e) - Math.max(x.s, y.s)) / MINUTE);
  return conflict('double_booking', BOOKING_SEVERITY[kind], `${kind}:${key}:${x.t.id}|${y.t.id}`, {
    operationIds: [x.t.operationId, y.t.operationId],
    taskIds: [x.t.id, y.t.id],
    personIds: kind === 'person' ? [key] : [],
    resourceIds: kind === 'resource' ? [key] : [],
    unitIds: kind === 'unit' ? [key] : [],
    agencyIds: [x.t.accountableAgencyId, y.t.accountableAgencyId],
  }, [`sch.doubleBooking.${kind}`, {
    name: bookingName(ix, kind, key), taskA: x.t.title, taskB: y.t.title,
    opA: opName(ix, x.t.operationId), opB: opName(ix, y.t.operationId), minutes: overlapMin,
  }], ['sch.fix.doubleBooking', { name: bookingName(ix, kind, key), minutes: overlapMin }]);
}

// ---------------------------------------------------------------------------------------------
// Rules on one task (2 as successor, 3, 4, 5)

const EXPERT_SKILLS: readonly PersonSkill[] = ['tariff_expert', 'valuation_expert', 'customs_law_expert', 'forensics'];

/** Roles a task needs filled, and the skills that fill them (rule 5). */
const ROLE_RULES: readonly {
  role: string;
  applies: (t: ScheduleTask, hasResource: (kind: string) => boolean) => boolean;
  skills: readonly PersonSkill[];
}[] = [
  { role: 'expert', applies: (t) => t.type === 'expert_examination', skills: EXPERT_SKILLS },
  { role: 'k9', applies: (_t, has) => has('k9'), skills: ['k9_handler'] },
  { role: 'drone', applies: (_t, has) => has('drone'), skills: ['drone_pilot'] },
  { role: 'medic', applies: (t) => t.type === 'medical', skills: ['medic'] },
];
/** Task types for which a role rule applies without any resource (the other rules key on resources). */
const ROLE_TASK_TYPES: ReadonlySet<string> = new Set(['expert_examination', 'medical']);

function dependencyViolation(ix: ScheduleIndex, succ: CompiledTask, predId: string, lag: number): Conflict | null {
  const pred = ix.tasks.get(predId);
  if (!pred || pred.t.operationId !== succ.t.operationId) return null;
  const earliest = pred.e + lag * MINUTE;
  if (succ.s >= earliest) return null;
  const minutes = Math.ceil((earliest - succ.s) / MINUTE);
  return conflict('dependency_violation', 'blocking', `${predId}>${succ.t.id}`, {
    operationIds: [succ.t.operationId],
    taskIds: [predId, succ.t.id],
    agencyIds: [pred.t.accountableAgencyId, succ.t.accountableAgencyId],
  }, ['sch.dependencyViolation', { task: succ.t.title, predecessor: pred.t.title, lag, minutes }],
  ['sch.fix.dependencyViolation', { task: succ.t.title, minutes }]);
}

/** `backward` collects operations with a dependency pointing backwards in (start, id) order. */
export function taskRules(ix: ScheduleIndex, c: CompiledTask, out: Conflict[], backward?: Set<string>): void {
  const t = c.t;
  const op = ix.ops.get(t.operationId)!;
  for (const d of t.dependencies) {
    const v = dependencyViolation(ix, c, d.predecessorId, d.lagMinutes);
    if (v) out.push(v);
    if (backward) {
      const p = ix.tasks.get(d.predecessorId);
      if (p && !pointsForward(p, c)) backward.add(t.operationId);
    }
  }
  if (c.s < op.s || c.e > op.e) {
    out.push(conflict('outside_operation_window', 'blocking', t.id, {
      operationIds: [op.id], taskIds: [t.id], agencyIds: [t.accountableAgencyId],
    }, ['sch.outsideOperation', { task: t.title, operation: op.codeName, opStart: op.startsAt, opEnd: op.endsAt }],
    ['sch.fix.outsideOperation', { opStart: op.startsAt, opEnd: op.endsAt }]));
  }
  const phase = t.phaseId ? ix.phases.get(t.phaseId) : undefined;
  if (phase && (c.s < phase.s || c.e > phase.e)) {
    out.push(conflict('outside_phase_window', 'warning', t.id, {
      operationIds: [op.id], taskIds: [t.id], agencyIds: [t.accountableAgencyId],
    }, ['sch.outsidePhase', { task: t.title, phase: phase.name, phaseStart: phase.startsAt, phaseEnd: phase.endsAt }],
    ['sch.fix.outsidePhase', { phase: phase.name }]));
  }
  if (!t.accountableAgencyId) {
    out.push(conflict('no_accountable_agency', 'warning', t.id, { operationIds: [op.id], taskIds: [t.id] },
      ['sch.noAccountableAgency', { task: t.title }], ['sch.fix.noAccountableAgency', {}]));
  } else {
    const power = TASK_TYPE_REQUIRED_POWER[t.type];
    if (power && !ix.agencyHasPower(t.accountableAgencyId, power)) {
      out.push(conflict('missing_power', 'blocking', `${t.id}:${power}`, {
        operationIds: [op.id], taskIds: [t.id], agencyIds: [t.accountableAgencyId],
      }, ['sch.missingPower', { task: t.title, agency: agencyCode(ix, t.accountableAgencyId), power: `power.${power}` }],
      ['sch.fix.missingPower', { agencies: ix.powerHolders(power), power: `power.${power}` }]));
    }
  }
  if (t.resourceIds.length === 0 && !ROLE_TASK_TYPES.has(t.type)) return;
  const hasResource = (kind: string) => t.resourceIds.some((r) => ix.resources.get(r)?.kind === kind);
  for (const rr of ROLE_RULES) {
    if (!rr.applies(t, hasResource)) continue;
    const filled = t.personIds.some((p) => ix.people.get(p)?.skills.some((s) => rr.skills.includes(s)));
    if (!filled) {
      out.push(conflict('role_unfilled', 'warning', `${t.id}:${rr.role}`, {
        operationIds: [op.id], taskIds: [t.id], agencyIds: [t.accountableAgencyId],
        resourceIds: rr.role === 'k9' || rr.role === 'drone'
          ? t.resourceIds.filter((r) => ix.resources.get(r)?.kind === rr.role) : [],
      }, [`sch.roleUnfilled.${rr.role}`, { task: t.title }],
      ['sch.fix.roleUnfilled', { skills: rr.skills.map((s) => `skill.${s}`).join(', ') }]));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Rule 6: duty periods. Tasks of a person whose gaps are shorter than the minimum rest form one
// duty period; a period longer than the limit is a conflict naming every task in it.

function dutyPeriods(ix: ScheduleIndex, personId: string, tl: Timeline, emit: (c: Conflict, ids: string[]) => void): void {
  tl.ensureSorted();
  const restMs = ix.settings.minRestHours * HOUR;
  const limitMs = ix.settings.maxDutyHours * HOUR;
  const xs = tl.items;
  let i = 0;
  while (i < xs.length) {
    const start = xs[i]!.s;
    let end = xs[i]!.e;
    let j = i + 1;
    while (j < xs.length && xs[j]!.s - end < restMs) {
      if (xs[j]!.e > end) end = xs[j]!.e;
      j++;
    }
    if (end - start > limitMs) {
      const ids = xs.slice(i, j).map((x) => x.id).sort();
      const tasks = ids.map((id) => ix.tasks.get(id)!.t);
      const hours = Math.round(((end - start) / HOUR) * 10) / 10;
      emit(conflict('duty_overrun', 'warning', `${personId}:${ids.join(',')}`, {
        operationIds: tasks.map((t) => t.operationId), taskIds: ids, personIds: [personId],
        agencyIds: tasks.map((t) => t.accountableAgencyId),
      }, ['sch.dutyOverrun', {
        name: bookingName(ix, 'person', personId), hours, limit: ix.settings.maxDutyHours,
        rest: ix.settings.minRestHours, from: new Date(start).toISOString(), to: new Date(end).toISOString(),
      }], ['sch.fix.dutyOverrun', { limit: ix.settings.maxDutyHours, rest: ix.settings.minRestHours }]), ids);
    }
    i = j;
  }
}

// ---------------------------------------------------------------------------------------------
// Operation rules: dependency cycles (2), the prosecutor's decision (4), Article 558 (7)

/**
 * Tarjan's strongly connected components over the dependency graph of the given tasks
 * (dependencies never cross operations, so one pass can serve all operations at once).
 */
function dependencyCycles(ix: ScheduleIndex, ids: Iterable<string>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const preds = (id: string) => {
    const t = ix.tasks.get(id)!.t;
    return t.dependencies.map((d) => d.predecessorId).filter((p) => ix.tasks.get(p)?.t.operationId === t.operationId);
  };
  for (const root of ids) {
    if (index.has(root) || ix.tasks.get(root)!.t.dependencies.length === 0) continue;
    // Iterative DFS: deep chains must not overflow the call stack.
    const work: { id: string; next: string[]; i: number }[] = [];
    const visit = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, next: preds(id), i: 0 });
    };
    visit(root);
    while (work.length) {
      const top = work[work.length - 1]!;
      if (top.i < top.next.length) {
        const w = top.next[top.i++]!;
        if (!index.has(w)) visit(w);
        else if (onStack.has(w)) low.set(top.id, Math.min(low.get(top.id)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!;
        low.set(parent.id, Math.min(low.get(parent.id)!, low.get(top.id)!));
      }
      if (low.get(top.id) === index.get(top.id)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.id);
        const selfLoop = comp.length === 1 && preds(comp[0]!).includes(comp[0]!);
        if (comp.length > 1 || selfLoop) cycles.push(comp.sort());
      }
    }
  }
  return cycles;
}

const ART558_TASK_TYPES: ReadonlySet<string> = new Set(['seizure', 'detention', 'search', 'border_detention']);

/**
 * Operations for which Article 558 makes a written notification mandatory: every controlled
 * delivery (goods cross the customs border under law-enforcement control), and any operation
 * that customs leads or joins in which seizures, searches or detentions are planned (customs and
 * the competent body must notify each other of what they find).
 */
export function requiresArt558(
  op: Pick<ScheduleOperation, 'type' | 'leadAgencyId' | 'participatingAgencyIds'>,
  tasks: readonly Pick<ScheduleTask, 'type'>[],
  agencyKind: (id: string) => string | undefined,
): boolean {
  if (op.type === 'controlled_delivery') return true;
  const customs = [op.leadAgencyId, ...op.participatingAgencyIds].some((a) => agencyKind(a) === 'customs');
  if (!customs) return false;
  return op.type === 'seizure' || op.type === 'detention' || op.type === 'joint_search'
    || tasks.some((t) => ART558_TASK_TYPES.has(t.type));
}

/**
 * Tasks that may sit on a cycle: only a dependency pointing backwards in (start, id) order can
 * close one, so plans whose dependencies all point forwards — nearly all — skip Tarjan.
 */
function pointsForward(pred: CompiledTask, succ: CompiledTask): boolean {
  return pred.s < succ.s || (pred.s === succ.s && pred.id < succ.id);
}

function opsWithBackwardDependencies(ix: ScheduleIndex, ids: Iterable<string>): Set<string> {
  const ops = new Set<string>();
  for (const id of ids) {
    const c = ix.tasks.get(id)!;
    for (const d of c.t.dependencies) {
      const p = ix.tasks.get(d.predecessorId);
      if (p && !pointsForward(p, c)) ops.add(c.t.operationId);
    }
  }
  return ops;
}

function cycleConflicts(ix: ScheduleIndex, ops: ReadonlySet<string>, out: Conflict[]): void {
  const candidates = [...ops].flatMap((op) => [...(ix.tasksByOp.get(op) ?? [])]);
  for (const cyc of dependencyCycles(ix, candidates)) {
    const titles = cyc.map((id) => ix.tasks.get(id)!.t.title);
    out.push(conflict('dependency_cycle', 'blocking', cyc.join(','), {
      operationIds: [ix.tasks.get(cyc[0]!)!.t.operationId], taskIds: cyc,
      agencyIds: cyc.map((id) => ix.tasks.get(id)!.t.accountableAgencyId),
    }, ['sch.dependencyCycle', { tasks: titles.join(' → ') }], ['sch.fix.dependencyCycle', {}]));
  }
}

export function operationRules(ix: ScheduleIndex, opId: string, out: Conflict[], withCycles = true): void {
  const op = ix.ops.get(opId);
  if (!op) return;
  const ids = ix.tasksByOp.get(opId) ?? new Set<string>();
  const tasks = [...ids].map((id) => ix.tasks.get(id)!.t);
  if (withCycles) cycleConflicts(ix, opsWithBackwardDependencies(ix, ids), out);
  if (op.type === 'controlled_delivery' && !tasks.some((t) => t.type === 'prosecutor_decision')) {
    out.push(conflict('missing_prosecutor_decision', 'warning', opId, {
      operationIds: [opId], agencyIds: [op.leadAgencyId],
    }, ['sch.missingProsecutorDecision', { operation: op.codeName }], ['sch.fix.missingProsecutorDecision', {}]));
  }
  const mandatory = (ix.exchangeByOp.get(opId) ?? []).filter((x) => MANDATORY_EXCHANGE_KINDS.includes(x.kind));
  if (op.status !== 'completed' && requiresArt558(op, tasks, (a) => ix.agencies.get(a)?.kind)) {
    if (mandatory.length === 0) {
      out.push(conflict('art558_missing', 'warning', opId, {
        operationIds: [opId], agencyIds: [op.leadAgencyId, ...op.participatingAgencyIds],
        taskIds: tasks.filter((t) => ART558_TASK_TYPES.has(t.type)).map((t) => t.id),
      }, ['sch.art558Missing', { operation: op.codeName }], ['sch.fix.art558Missing', {}]));
    }
  }
  for (const x of mandatory) {
    if (exchangeState(x, ix.now) !== 'overdue') continue;
    out.push(conflict('art558_overdue', 'blocking', `${opId}:${x.id}`, {
      operationIds: [opId], agencyIds: [op.leadAgencyId],
    }, ['sch.art558Overdue', { operation: op.codeName, subject: x.subject, dueAt: x.dueAt ?? '', sent: x.sentAt ? 1 : 0 }],
    [x.sentAt ? 'sch.fix.art558Unacknowledged' : 'sch.fix.art558Unsent', { subject: x.subject }]));
  }
}

// ---------------------------------------------------------------------------------------------
// Scans

/** Every conflict in the plan. */
export function fullScan(ix: ScheduleIndex): Conflict[] {
  const out: Conflict[] = [];
  const backward = new Set<string>();
  for (const c of ix.tasks.values()) taskRules(ix, c, out, backward);
  for (const kind of ['person', 'resource', 'unit'] as const) {
    for (const [key, tl] of ix.timelines[kind]) {
      tl.overlappingPairs((a, b) => out.push(doubleBooking(ix, kind, key, a as CompiledTask, b as CompiledTask)));
      if (kind === 'person') dutyPeriods(ix, key, tl, (c) => out.push(c));
    }
  }
  cycleConflicts(ix, backward, out);
  for (const opId of ix.ops.keys()) operationRules(ix, opId, out, false);
  return out;
}

export function detectConflicts(input: ScheduleInput): Conflict[] {
  return fullScan(new ScheduleIndex(input));
}

/** Conflicts of one operation: its own rules plus bookings and duty that involve its tasks. */
export function operationConflicts(ix: ScheduleIndex, opId: string): Conflict[] {
  return conflictsTouching(ix, [...(ix.tasksByOp.get(opId) ?? [])], [opId]);
}

/**
 * Conflicts that involve the given tasks: the incremental check. Looks only at those tasks'
 * own rules, their successors, the timelines of their people, resources and unit, and the
 * operation-level rules of their operations.
 */
export function conflictsTouching(ix: ScheduleIndex, taskIds: readonly string[], extraOpIds: readonly string[] = []): Conflict[] {
  const out = new Map<string, Conflict>();
  const add = (c: Conflict) => out.set(c.key, c);
  const ids = new Set(taskIds);
  const opIds = new Set(extraOpIds);
  const dutyPeople = new Set<string>();
  for (const id of ids) {
    const c = ix.tasks.get(id);
    if (!c) continue;
    opIds.add(c.t.operationId);
    const local: Conflict[] = [];
    taskRules(ix, c, local);
    local.forEach(add);
    for (const succ of ix.successorsOf(id)) {
      for (const d of succ.t.dependencies) {
        if (d.predecessorId !== id) continue;
        const v = dependencyViolation(ix, succ, id, d.lagMinutes);
        if (v) add(v);
      }
    }
    forEachBooking(c.t, (kind, key) => {
      ix.timelines[kind].get(key)?.overlapping(c.s, c.e, id, (b) => add(doubleBooking(ix, kind, key, c, b as CompiledTask)));
      if (kind === 'person') dutyPeople.add(key);
    });
  }
  for (const p of dutyPeople) {
    const tl = ix.timelines.person.get(p);
    if (tl) dutyPeriods(ix, p, tl, (c, members) => { if (members.some((m) => ids.has(m))) add(c); });
  }
  for (const opId of opIds) {
    const local: Conflict[] = [];
    operationRules(ix, opId, local);
    local.forEach(add);
  }
  return [...out.values()];
}

export interface EditCheck {
  before: Conflict[];
  after: Conflict[];
  /** Conflicts the edit would create (present after, absent before). */
  introduced: Conflict[];
  resolved: Conflict[];
}

/**
 * What an edit does to the conflicts it touches, computed without saving: the index is updated
 * in place (tasks upserted, removed ids dropped), so callers pass an index they own.
 */
export function checkEdit(
  ix: ScheduleIndex,
  edits: { upsert?: readonly ScheduleTask[]; remove?: readonly string[] },
): EditCheck {
  const touched = [...(edits.upsert ?? []).map((t) => t.id), ...(edits.remove ?? [])];
  // Before: the old versions of edited tasks plus whatever the new versions will collide with.
  const ops = new Set<string>();
  for (const t of edits.upsert ?? []) ops.add(t.operationId);
  const before = conflictsTouching(ix, touched, [...ops]);
  for (const id of edits.remove ?? []) ix.removeTask(id);
  for (const t of edits.upsert ?? []) ix.upsertTask(t);
  const after = conflictsTouching(ix, touched, [...ops]);
  const beforeKeys = new Set(before.map((c) => c.key));
  const afterKeys = new Set(after.map((c) => c.key));
  return {
    before,
    after,
    introduced: after.filter((c) => !beforeKeys.has(c.key)),
    resolved: before.filter((c) => !afterKeys.has(c.key)),
  };
}
