/**
 * The conflict engine (issue 4, rules 1–7). Policy: every rule is a pure function of the plan,
 * evaluated over indexes (sorted per-person/resource/unit timelines, successor lists, tasks by
 * operation) so that a full scan of tens of thousands of tasks is one sweep, and the check after
 * editing one task looks only at what that task touches. Severity says whether a save may create
 * the conflict without an explicit, recorded override: double bookings of people and resources,
 * broken dependencies, tasks outside their operation and missing procedural powers are blocking;
 * the rest are warnings the planner must see but may plan through (a unit runs parallel tasks
 * with different people, a draft may lack its accountable agency for a while). Rules emit
 * findings; findings.ts turns them into conflict records, with their keys and words.
 */
import { TASK_TYPE_REQUIRED_POWER } from '../domain/agencies-seed.js';
import { MANDATORY_EXCHANGE_KINDS, TASK_TYPES, type PersonSkill } from '../domain/enums.js';
import { exchangeState } from '../domain/exchange.js';
import { DECISION_EXPIRY_WARN_HOURS, TASK_TYPE_DECISIONS, needsProceeding } from '../legal/reference.js';
import { agencyParam } from './describe.js';
import { findingKey, involvesSlot, toConflict, type Finding, type RoleRule } from './findings.js';
import { Timeline, isoMs } from './intervals.js';
import {
  isLiveOperation, isLiveTask, type Conflict, type ScheduleAgency, type ScheduleExchange, type ScheduleInput, type ScheduleOperation,
  type ScheduleDecision, type SchedulePerson, type SchedulePhase, type ScheduleResource, type ScheduleTask, type ScheduleUnit,
  type SchedulingSettings,
} from './model.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface CompiledWindow {
  s: number;
  e: number;
}

/** A decision's validity in milliseconds. */
interface CompiledDecision {
  from: number;
  until: number;
}

/** A live operation with its window and the slots of its live tasks. */
type CompiledOperation = ScheduleOperation & CompiledWindow & { slots: number[] };

export const BOOKING_KINDS = ['person', 'resource', 'unit'] as const;
export type BookingKind = (typeof BOOKING_KINDS)[number];

/**
 * Indexes over one plan; mutable so that an edit updates them in place (the incremental path).
 *
 * Tasks live in columns addressed by slot (their position in load order): the task itself, its
 * start and end in milliseconds, its operation. Timelines, operation task lists and dependency
 * links hold slots, not objects, so building the index for 50,000 tasks allocates a handful of
 * arrays rather than a wrapper per task and a map entry per id — the garbage collector and the
 * hashing of ids were most of a cold full scan. The id → slot map is built only when something
 * asks for a task by id (an edit, the incremental check); a full scan resolves dependencies
 * within their operation, where they always point.
 */
export class ScheduleIndex {
  readonly ops = new Map<string, CompiledOperation>();
  readonly phases = new Map<string, SchedulePhase & CompiledWindow>();
  readonly agencies = new Map<string, ScheduleAgency>();
  readonly people = new Map<string, SchedulePerson>();
  readonly resources = new Map<string, ScheduleResource>();
  readonly units = new Map<string, ScheduleUnit>();
  readonly exchangeByOp = new Map<string, ScheduleExchange[]>();
  /** The decisions register, by covered task and by operation; proceedings counted per operation. */
  readonly decisionsByTask = new Map<string, (ScheduleDecision & CompiledDecision)[]>();
  readonly decisionsByOp = new Map<string, ScheduleDecision[]>();
  readonly proceedingCount = new Map<string, number>();
  readonly settings: SchedulingSettings;
  /** The clock the time rules read (Article 558 deadlines, expiring decisions); nothing the
   *  index holds depends on it, so a new minute only moves it (setNow) and the rules run again. */
  private clock: Date;

  /**
   * Task columns, by slot. A removed task's slot stays (dead) so that slots never move. Windows
   * are typed arrays: their storage lies outside the garbage-collected heap, so the collector
   * never copies them while a scan allocates; they are replaced by larger ones as slots grow.
   */
  readonly task: ScheduleTask[];
  readonly opOf: CompiledOperation[];
  start: Float64Array;
  end: Float64Array;
  private alive: Uint8Array;
  /**
   * Rule 5 by slot, as bits over ROLE_RULES: the roles a task needs filled (by its type and its
   * resources) and the roles its people can fill. Worked out when a task is linked — a bulk load
   * resolves each person and resource once, not once per task and role — so that the rule is a
   * mask test on every scan.
   */
  private roleNeeds: Uint8Array;
  private roleFilled: Uint8Array;
  readonly timelines: Record<BookingKind, Map<string, Timeline>> = {
    person: new Map(), resource: new Map(), unit: new Map(),
  };
  private slotById: Map<string, number> | null = null;
  /** Slots used, dead ones included: the next slot. */
  private slotCount = 0;
  private liveCount = 0;

  get now(): Date {
    return this.clock;
  }

  setNow(now: Date): void {
    this.clock = now;
  }

  constructor(input: ScheduleInput) {
    this.settings = input.settings;
    this.clock = input.now;
    const capacity = Math.max(16, input.tasks.length);
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.alive = new Uint8Array(capacity);
    this.roleNeeds = new Uint8Array(capacity);
    this.roleFilled = new Uint8Array(capacity);
    // Sized up front: 50,000 pushes copied these arrays as they grew.
    this.task = new Array<ScheduleTask>(capacity);
    this.opOf = new Array<CompiledOperation>(capacity);
    for (const o of input.operations) {
      if (isLiveOperation(o)) this.ops.set(o.id, Object.assign(withWindow(o), { slots: [] as number[] }));
    }
    for (const p of input.phases) this.phases.set(p.id, withWindow(p));
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
    for (const d of input.decisions ?? []) {
      pushTo(this.decisionsByOp, d.operationId, d);
      // Windows parsed once per load: the rule reads them for every covered task on every scan.
      const compiled = Object.assign({ from: isoMs(d.validFrom), until: isoMs(d.validUntil) }, d);
      for (const t of d.taskIds) pushTo(this.decisionsByTask, t, compiled);
    }
    for (const p of input.proceedings ?? []) this.proceedingCount.set(p.operationId, (this.proceedingCount.get(p.operationId) ?? 0) + 1);
    // Indexed loops: this constructor runs once per scan, too few times for V8 to optimise away
    // the iterator objects a for-of would allocate for each of 50,000 tasks.
    const tasks = input.tasks;
    for (let i = 0; i < tasks.length; i++) {
      const t = tasks[i]!;
      const op = this.ops.get(t.operationId);
      if (op && isLiveTask(t)) this.pushSlot(t, op);
    }
    this.bulkLink();
  }

  /**
   * Links every loaded slot in two passes over flat typed arrays, then makes the timelines.
   * The first pass walks tasks in load order (the order their objects sit in memory) and writes
   * each booking as a timeline number, numbering timelines as first met. The second walks slots
   * in start order and scatters each booking into its timeline's window of one shared pool
   * (a counting sort by timeline number), which leaves every window sorted by start without
   * sorting any. Only then is a Timeline object made per window: placing 155,000 bookings
   * through method calls on 7,500 objects touched at random, and a JS array per timeline, were
   * most of a bulk load.
   */
  private bulkLink(): void {
    const n = this.slotCount;
    const first = new Uint32Array(n + 1);
    let booked = new Uint32Array(n * 3 + 16);
    let count = 0;
    /** By timeline number: the roles its person fills, or its resource needs (rule 5). */
    const roleBits: number[] = [];
    const numbers: Record<BookingKind, Map<string, number>> = { person: new Map(), resource: new Map(), unit: new Map() };
    const book = (kind: BookingKind, key: string): number => {
      let number = numbers[kind].get(key);
      if (number === undefined) {
        number = roleBits.push(kind === 'person' ? rolesFilledBy(this.people.get(key)) : kind === 'resource' ? rolesNeededBy(this.resources.get(key)) : 0) - 1;
        numbers[kind].set(key, number);
      }
      if (count === booked.length) {
        const grown = new Uint32Array(count * 2);
        grown.set(booked);
        booked = grown;
      }
      booked[count++] = number;
      return roleBits[number]!;
    };
    for (let slot = 0; slot < n; slot++) {
      first[slot] = count;
      const t = this.task[slot]!;
      let needs = ROLES_BY_TASK_TYPE.get(t.type) ?? 0;
      let filled = 0;
      const ps = t.personIds;
      for (let i = 0; i < ps.length; i++) if (i === 0 || ps.indexOf(ps[i]!) === i) filled |= book('person', ps[i]!);
      const rs = t.resourceIds;
      for (let i = 0; i < rs.length; i++) if (i === 0 || rs.indexOf(rs[i]!) === i) needs |= book('resource', rs[i]!);
      if (t.unitId) book('unit', t.unitId);
      this.roleNeeds[slot] = needs;
      this.roleFilled[slot] = filled;
    }
    first[n] = count;

    const timelineCount = roleBits.length;
    // Window of each timeline in the pool: `cursor` starts at its offset and ends one past it.
    const offset = new Uint32Array(timelineCount + 1);
    for (let k = 0; k < count; k++) offset[booked[k]! + 1]!++;
    for (let number = 0; number < timelineCount; number++) offset[number + 1]! += offset[number]!;
    const cursor = offset.slice(0, timelineCount);
    const lastStart = new Float64Array(timelineCount).fill(-Infinity);
    const maxLength = new Float64Array(timelineCount);
    const unsorted = new Uint8Array(timelineCount);
    const pool = new Int32Array(count);
    const { start, end } = this;
    const order = slotsInStartOrder(start.subarray(0, n));
    for (let i = 0; i < order.length; i++) {
      const slot = order[i]!;
      const s = start[slot]!;
      const length = end[slot]! - s;
      this.opOf[slot]!.slots.push(slot);
      for (let k = first[slot]!; k < first[slot + 1]!; k++) {
        const number = booked[k]!;
        pool[cursor[number]!++] = slot;
        // The packed start order can swap tasks within one second: note it, sort those later.
        if (s < lastStart[number]!) unsorted[number] = 1;
        lastStart[number] = s;
        if (length > maxLength[number]!) maxLength[number] = length;
      }
    }
    for (const kind of BOOKING_KINDS) {
      const timelines = this.timelines[kind];
      numbers[kind].forEach((number, key) => {
        timelines.set(key, Timeline.loaded(this, pool.subarray(offset[number], offset[number + 1]), maxLength[number]!, unsorted[number] === 0));
      });
    }
  }

  private timelineOf(kind: BookingKind, key: string): Timeline {
    const timelines = this.timelines[kind];
    let tl = timelines.get(key);
    if (!tl) timelines.set(key, (tl = new Timeline(this)));
    return tl;
  }

  /** Number of live tasks. */
  get size(): number {
    return this.liveCount;
  }

  isLive(slot: number): boolean {
    return this.alive[slot] === 1;
  }

  /** Live slots in load order; a full scan walks these. */
  forEachSlot(fn: (slot: number) => void): void {
    const alive = this.alive;
    const n = this.slotCount;
    for (let slot = 0; slot < n; slot++) if (alive[slot] === 1) fn(slot);
  }

  slotOf(id: string): number | undefined {
    if (!this.slotById) {
      const m = new Map<string, number>();
      this.forEachSlot((slot) => m.set(this.task[slot]!.id, slot));
      this.slotById = m;
    }
    return this.slotById.get(id);
  }

  /** The live task with this id. */
  taskById(id: string): ScheduleTask | undefined {
    const slot = this.slotOf(id);
    return slot === undefined ? undefined : this.task[slot];
  }

  /**
   * The slot of `slot`'s predecessor `predId`, if it is a live task of the same operation
   * (dependencies never cross operations; one that does is ignored). Small operations are
   * searched in place, which is cheaper than hashing every task id of the plan.
   */
  predecessorSlot(slot: number, predId: string): number | undefined {
    const opId = this.task[slot]!.operationId;
    if (!this.slotById) {
      const siblings = this.opOf[slot]!.slots;
      if (siblings.length <= 64) {
        for (const other of siblings) if (this.task[other]!.id === predId) return other;
        return undefined;
      }
    }
    const other = this.slotOf(predId);
    return other !== undefined && this.task[other]!.operationId === opId ? other : undefined;
  }

  private pushSlot(t: ScheduleTask, op: CompiledOperation): number {
    const slot = this.slotCount++;
    if (slot === this.start.length) this.grow();
    this.task[slot] = t;
    this.opOf[slot] = op;
    this.start[slot] = isoMs(t.startsAt);
    this.end[slot] = isoMs(t.endsAt);
    this.alive[slot] = 1;
    this.liveCount++;
    return slot;
  }

  private grow(): void {
    const capacity = this.start.length * 2;
    const start = new Float64Array(capacity);
    const end = new Float64Array(capacity);
    start.set(this.start);
    end.set(this.end);
    this.start = start;
    this.end = end;
    this.alive = grown(this.alive, capacity);
    this.roleNeeds = grown(this.roleNeeds, capacity);
    this.roleFilled = grown(this.roleFilled, capacity);
  }

  /** Puts an edited slot on its operation's list and into the timelines of what it books. */
  private link(slot: number): void {
    const t = this.task[slot]!;
    this.opOf[slot]!.slots.push(slot);
    let needs = ROLES_BY_TASK_TYPE.get(t.type) ?? 0;
    let filled = 0;
    forEachBooking(t, (kind, key) => {
      this.timelineOf(kind, key).insert(slot);
      if (kind === 'person') filled |= rolesFilledBy(this.people.get(key));
      if (kind === 'resource') needs |= rolesNeededBy(this.resources.get(key));
    });
    this.roleNeeds[slot] = needs;
    this.roleFilled[slot] = filled;
  }

  /** Roles the task in `slot` needs and nobody on it fills, as bits over ROLE_RULES. */
  unfilledRoles(slot: number): number {
    return this.roleNeeds[slot]! & ~this.roleFilled[slot]!;
  }

  removeTask(id: string): void {
    const slot = this.slotOf(id);
    if (slot === undefined) return;
    const t = this.task[slot]!;
    this.alive[slot] = 0;
    this.liveCount--;
    this.slotById!.delete(id);
    const siblings = this.opOf[slot]!.slots;
    siblings.splice(siblings.indexOf(slot), 1);
    forEachBooking(t, (kind, key) => this.timelines[kind].get(key)?.remove(slot));
  }

  /** Applies an edited (or new) task to the indexes. */
  upsertTask(t: ScheduleTask): void {
    this.removeTask(t.id);
    const op = this.ops.get(t.operationId);
    if (!op || !isLiveTask(t)) return;
    const slot = this.pushSlot(t, op);
    this.slotById!.set(t.id, slot);
    this.link(slot);
  }

  /**
   * Slots of the tasks that depend on `slot`. Dependencies are stored on the successor and never
   * cross operations, so the operation is searched rather than keeping a reverse map for every
   * task (which a full scan would pay for and rarely use).
   */
  successorsOf(slot: number): number[] {
    const id = this.task[slot]!.id;
    return this.opOf[slot]!.slots
      .filter((succ) => this.task[succ]!.dependencies.some((d) => d.predecessorId === id));
  }

  /** Slots of an operation's live tasks. */
  slotsOf(opId: string): readonly number[] {
    return this.ops.get(opId)?.slots ?? [];
  }

  /** Whether a decision of one of `kinds` names the task and is valid over its whole window. */
  hasCoveringDecision(slot: number, kinds: readonly string[]): boolean {
    const ds = this.decisionsByTask.get(this.task[slot]!.id);
    if (!ds) return false;
    const s = this.start[slot]!;
    const e = this.end[slot]!;
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i]!;
      if (d.from <= s && d.until >= e && kinds.includes(d.kind)) return true;
    }
    return false;
  }

  agencyHasPower(agencyId: string, power: string): boolean {
    return this.agencies.get(agencyId)?.powers.includes(power as never) ?? false;
  }

  private holders = new Map<string, string>();
  /** Codes of the agencies that hold a power, for the fix text. */
  powerHolders(power: string): string {
    let h = this.holders.get(power);
    if (h === undefined) {
      h = [...this.agencies.values()].filter((a) => a.powers.includes(power as never)).map((a) => agencyParam(a.id)).join(', ') || '—';
      this.holders.set(power, h);
    }
    return h;
  }
}

/**
 * The record with its window in milliseconds. The window is set first, on a fresh object: a
 * spread copy (`{ ...o, s, e }`) left V8 boxing a new number on every read of `s` and `e`, and the
 * window rule reads them once per task on every scan.
 */
function withWindow<T extends { startsAt: string; endsAt: string }>(x: T): T & CompiledWindow {
  return Object.assign({ s: isoMs(x.startsAt), e: isoMs(x.endsAt) }, x);
}

/** Room for positions in a packed sort key: a bulk load of up to 2^20 tasks takes the fast path. */
const POSITION_SPACE = 2 ** 20;
/** Seconds (either side of 1970) that still leave the packed key an exact integer below 2^53. */
const SECOND_RANGE = 2 ** 32;

/**
 * Slots ordered by start. A comparator sort of 50,000 tasks cost a sixth of a full scan, so the
 * start second and the slot are packed into one float and sorted natively; ties within a second
 * keep slot order, which a timeline notices and repairs (Timeline.append), so the packed order
 * only has to be nearly right. Plans too large or too far in time fall back to comparing.
 */
function slotsInStartOrder(start: Float64Array): ArrayLike<number> {
  const n = start.length;
  const byComparing = () => Array.from({ length: n }, (_, slot) => slot).sort((a, b) => start[a]! - start[b]!);
  if (n > POSITION_SPACE) return byComparing();
  const keys = new Float64Array(n);
  for (let slot = 0; slot < n; slot++) {
    const second = Math.floor(start[slot]! / 1000);
    if (!(Math.abs(second) < SECOND_RANGE)) return byComparing();
    keys[slot] = second * POSITION_SPACE + slot;
  }
  keys.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    order[i] = k - Math.floor(k / POSITION_SPACE) * POSITION_SPACE;
  }
  return order;
}
function pushTo<T>(m: Map<string, T[]>, key: string, v: T): void {
  const list = m.get(key);
  if (list) list.push(v);
  else m.set(key, [v]);
}

function grown(column: Uint8Array, capacity: number): Uint8Array {
  const bigger = new Uint8Array(capacity);
  bigger.set(column);
  return bigger;
}

function forEachBooking(t: ScheduleTask, fn: (kind: BookingKind, key: string) => void): void {
  const ps = t.personIds;
  for (let i = 0; i < ps.length; i++) if (ps.indexOf(ps[i]!) === i) fn('person', ps[i]!);
  const rs = t.resourceIds;
  for (let i = 0; i < rs.length; i++) if (rs.indexOf(rs[i]!) === i) fn('resource', rs[i]!);
  if (t.unitId) fn('unit', t.unitId);
}

// ---------------------------------------------------------------------------------------------
// Rules on one task (2 as successor, 3, 4, 5)

const EXPERT_SKILLS: readonly PersonSkill[] = ['tariff_expert', 'valuation_expert', 'customs_law_expert', 'forensics'];

const ROLE_RULES: readonly RoleRule[] = [
  { role: 'expert', taskType: 'expert_examination', skills: EXPERT_SKILLS },
  { role: 'k9', resourceKind: 'k9', skills: ['k9_handler'] },
  { role: 'drone', resourceKind: 'drone', skills: ['drone_pilot'] },
  { role: 'medic', taskType: 'medical', skills: ['medic'] },
];
/** Bits of the roles each task type needs, whatever its resources. */
const ROLES_BY_TASK_TYPE: ReadonlyMap<string, number> = new Map(
  ROLE_RULES.flatMap((r, i) => (r.taskType ? [[r.taskType, 1 << i] as const] : [])),
);

/** Bits of the roles a resource needs filled (a dog needs its handler). */
function rolesNeededBy(resource: ScheduleResource | undefined): number {
  let bits = 0;
  if (resource) ROLE_RULES.forEach((r, i) => { if (r.resourceKind === resource.kind) bits |= 1 << i; });
  return bits;
}

/** Bits of the roles a person's skills fill. */
function rolesFilledBy(person: SchedulePerson | undefined): number {
  let bits = 0;
  if (person) ROLE_RULES.forEach((r, i) => { if (r.skills.some((skill) => person.skills.includes(skill))) bits |= 1 << i; });
  return bits;
}

function violatesDependency(ix: ScheduleIndex, succSlot: number, predSlot: number, lag: number): boolean {
  return ix.start[succSlot]! < ix.end[predSlot]! + lag * MINUTE;
}

/** `backward` collects operations with a dependency pointing backwards in (start, id) order. */
export function taskRules(ix: ScheduleIndex, slot: number, out: Finding[], backward?: Set<string>): void {
  // Runs for every task on every full scan and nearly always finds nothing.
  const t = ix.task[slot]!;
  const op = ix.opOf[slot]!;
  const s = ix.start[slot]!;
  const e = ix.end[slot]!;
  const deps = t.dependencies;
  for (let i = 0; i < deps.length; i++) {
    const d = deps[i]!;
    const pred = ix.predecessorSlot(slot, d.predecessorId);
    if (pred === undefined) continue;
    if (violatesDependency(ix, slot, pred, d.lagMinutes)) out.push({ rule: 'dependency_violation', pred, succ: slot, lag: d.lagMinutes });
    if (backward && !pointsForward(ix, pred, slot)) backward.add(t.operationId);
  }
  if (s < op.s || e > op.e) out.push({ rule: 'outside_operation_window', slot });
  const phase = t.phaseId ? ix.phases.get(t.phaseId) : undefined;
  if (phase && (s < phase.s || e > phase.e)) out.push({ rule: 'outside_phase_window', slot, phase });
  if (!t.accountableAgencyId) {
    out.push({ rule: 'no_accountable_agency', slot });
  } else {
    const power = TASK_TYPE_REQUIRED_POWER[t.type];
    if (power && !ix.agencyHasPower(t.accountableAgencyId, power)) out.push({ rule: 'missing_power', slot, power });
  }
  // The legal spine: an action that needs a decision runs only under one naming it, valid over
  // its whole window (shared/legal/reference.ts). Only those task types reach the lookup.
  const required = TASK_TYPE_DECISIONS[t.type];
  if (required && !ix.hasCoveringDecision(slot, required.kinds)) out.push({ rule: 'decision_missing', slot, kinds: required.kinds });
  const unfilled = ix.unfilledRoles(slot);
  if (unfilled === 0) return;
  for (let i = 0; i < ROLE_RULES.length; i++) if (unfilled & (1 << i)) out.push({ rule: 'role_unfilled', slot, role: ROLE_RULES[i]! });
}

// ---------------------------------------------------------------------------------------------
// Rule 6: duty periods. Tasks of a person whose gaps are shorter than the minimum rest form one
// duty period; a period longer than the limit is a conflict naming every task in it.

function dutyPeriods(ix: ScheduleIndex, personId: string, tl: Timeline, emit: (f: Finding & { rule: 'duty_overrun' }) => void): void {
  const restMs = ix.settings.minRestHours * HOUR;
  const limitMs = ix.settings.maxDutyHours * HOUR;
  const xs = tl.inStartOrder;
  const { start: starts, end: ends } = ix;
  let i = 0;
  while (i < xs.length) {
    const from = starts[xs[i]!]!;
    let to = ends[xs[i]!]!;
    let j = i + 1;
    while (j < xs.length && starts[xs[j]!]! - to < restMs) {
      if (ends[xs[j]!]! > to) to = ends[xs[j]!]!;
      j++;
    }
    if (to - from > limitMs) emit({ rule: 'duty_overrun', personId, slots: Array.prototype.slice.call(xs, i, j), from, to });
    i = j;
  }
}

// ---------------------------------------------------------------------------------------------
// Operation rules: dependency cycles (2), the prosecutor's decision (4), Article 558 (7)

/**
 * Tarjan's strongly connected components over the dependency graph of the given tasks
 * (dependencies never cross operations, so one pass can serve all operations at once).
 */
function dependencyCycles(ix: ScheduleIndex, slots: Iterable<number>): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const cycles: number[][] = [];
  let counter = 0;
  const preds = (slot: number) => ix.task[slot]!.dependencies
    .map((d) => ix.predecessorSlot(slot, d.predecessorId))
    .filter((p): p is number => p !== undefined);
  for (const root of slots) {
    if (index.has(root) || ix.task[root]!.dependencies.length === 0) continue;
    // Iterative DFS: deep chains must not overflow the call stack.
    const work: { id: number; next: number[]; i: number }[] = [];
    const visit = (id: number) => {
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
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.id);
        const selfLoop = comp.length === 1 && preds(comp[0]!).includes(comp[0]!);
        if (comp.length > 1 || selfLoop) cycles.push(comp);
      }
    }
  }
  return cycles;
}

/** Task types whose decision exists only inside a registered proceeding (from the reference data). */
const PROCEEDING_TASK_TYPES: ReadonlySet<string> = new Set(TASK_TYPES.filter(needsProceeding));

const ART558_TASK_TYPES: ReadonlySet<string> = new Set(['seizure', 'detention', 'search', 'border_detention']);

/**
 * Operations for which Article 558 makes a written notification mandatory (item 2 of the
 * article's summary in DOMAIN.md): customs tells the competent body about offences it found
 * whose investigation is not customs' business. In a plan that is an operation customs leads
 * (it found the matter) in which a criminal proceeding is recorded or an action of a criminal
 * proceeding is planned — something customs cannot investigate itself. A controlled delivery
 * led by the investigating body needs none: the proceeding is already that body's own.
 */
export function requiresArt558(
  op: Pick<ScheduleOperation, 'leadAgencyId'>,
  tasks: readonly Pick<ScheduleTask, 'type'>[],
  agencyKind: (id: string) => string | undefined,
  proceedings = 0,
): boolean {
  if (agencyKind(op.leadAgencyId) !== 'customs') return false;
  return proceedings > 0 || tasks.some((t) => TASK_TYPE_REQUIRED_POWER[t.type] === 'criminal_procedure');
}

/**
 * Tasks that may sit on a cycle: only a dependency pointing backwards in (start, id) order can
 * close one, so plans whose dependencies all point forwards — nearly all — skip Tarjan.
 */
function pointsForward(ix: ScheduleIndex, pred: number, succ: number): boolean {
  const ps = ix.start[pred]!;
  const ss = ix.start[succ]!;
  return ps < ss || (ps === ss && ix.task[pred]!.id < ix.task[succ]!.id);
}

function opsWithBackwardDependencies(ix: ScheduleIndex, slots: readonly number[]): Set<string> {
  const ops = new Set<string>();
  for (const slot of slots) {
    for (const d of ix.task[slot]!.dependencies) {
      const p = ix.predecessorSlot(slot, d.predecessorId);
      if (p !== undefined && !pointsForward(ix, p, slot)) ops.add(ix.task[slot]!.operationId);
    }
  }
  return ops;
}

function cycleFindings(ix: ScheduleIndex, ops: ReadonlySet<string>, out: Finding[]): void {
  const candidates = [...ops].flatMap((op) => ix.slotsOf(op));
  for (const slots of dependencyCycles(ix, candidates)) out.push({ rule: 'dependency_cycle', slots });
}

export function operationRules(ix: ScheduleIndex, opId: string, out: Finding[], withCycles = true): void {
  const op = ix.ops.get(opId);
  if (!op) return;
  const slots = ix.slotsOf(opId);
  const tasks = slots.map((slot) => ix.task[slot]!);
  if (withCycles) cycleFindings(ix, opsWithBackwardDependencies(ix, slots), out);
  if (op.type === 'controlled_delivery' && !tasks.some((t) => t.type === 'prosecutor_decision')) {
    out.push({ rule: 'missing_prosecutor_decision', opId });
  }
  const entries = ix.exchangeByOp.get(opId) ?? [];
  const proceedings = ix.proceedingCount.get(opId) ?? 0;
  if (op.status !== 'completed' && !entries.some((x) => x.kind === 'art558_notification')
    && requiresArt558(op, tasks, (a) => ix.agencies.get(a)?.kind, proceedings)) {
    out.push({ rule: 'art558_missing', opId, slots: slots.filter((slot) => ART558_TASK_TYPES.has(ix.task[slot]!.type)) });
  }
  for (const entry of entries) {
    if (MANDATORY_EXCHANGE_KINDS.includes(entry.kind) && exchangeState(entry, ix.now) === 'overdue') out.push({ rule: 'art558_overdue', opId, entry });
  }
  legalRules(ix, op, slots, proceedings, out);
}

/**
 * The legal spine's operation rules. A covert action or another action whose decision exists
 * only inside a criminal proceeding needs a proceeding recorded on the operation (blocking).
 * While an operation is active, a decision that ends before the operation does and within the
 * warning horizon is announced ahead (a warning): once it has ended, the tasks it covered after
 * its end are `decision_missing`.
 */
function legalRules(ix: ScheduleIndex, op: ScheduleOperation & CompiledWindow, slots: readonly number[], proceedings: number, out: Finding[]): void {
  if (proceedings === 0 && op.status !== 'completed') {
    const needing = slots.filter((slot) => PROCEEDING_TASK_TYPES.has(ix.task[slot]!.type));
    if (needing.length > 0) out.push({ rule: 'proceeding_missing', opId: op.id, slots: needing });
  }
  if (op.status !== 'active') return;
  const now = ix.now.getTime();
  const horizon = now + DECISION_EXPIRY_WARN_HOURS * HOUR;
  for (const d of ix.decisionsByOp.get(op.id) ?? []) {
    const until = isoMs(d.validUntil);
    if (until > now && until <= horizon && until < op.e) out.push({ rule: 'decision_expiring', opId: op.id, decision: d });
  }
}

// ---------------------------------------------------------------------------------------------
// Scans

/**
 * Every conflict in the plan, as findings: one sweep over the tasks, one over each timeline, the
 * operation rules. Put them into words with `toConflict` (or call `fullScan`).
 */
export function findConflicts(ix: ScheduleIndex): Finding[] {
  const out: Finding[] = [];
  const backward = new Set<string>();
  ix.forEachSlot((slot) => taskRules(ix, slot, out, backward));
  const push = (f: Finding) => out.push(f);
  for (const kind of BOOKING_KINDS) {
    ix.timelines[kind].forEach((tl, key) => {
      tl.overlappingPairs((a, b) => out.push({ rule: 'double_booking', kind, key, a, b }));
      if (kind === 'person') dutyPeriods(ix, key, tl, push);
    });
  }
  cycleFindings(ix, backward, out);
  for (const opId of ix.ops.keys()) operationRules(ix, opId, out, false);
  return out;
}

/** Every conflict in the plan, as full records. */
export function fullScan(ix: ScheduleIndex): Conflict[] {
  return findConflicts(ix).map((f) => toConflict(ix, f));
}

export function detectConflicts(input: ScheduleInput): Conflict[] {
  return fullScan(new ScheduleIndex(input));
}

/** Conflicts of one operation: its own rules plus bookings and duty that involve its tasks. */
export function operationConflicts(ix: ScheduleIndex, opId: string): Conflict[] {
  return conflictsTouching(ix, ix.slotsOf(opId).map((slot) => ix.task[slot]!.id), [opId]);
}

/**
 * Conflicts that involve the given tasks: the incremental check. Looks only at those tasks'
 * own rules, their successors, the timelines of their people, resources and unit, and the
 * operation-level rules of their operations.
 */
export function conflictsTouching(ix: ScheduleIndex, taskIds: readonly string[], extraOpIds: readonly string[] = []): Conflict[] {
  const found: Finding[] = [];
  const opIds = new Set(extraOpIds);
  const slots = new Set<number>();
  const dutyPeople = new Set<string>();
  for (const id of new Set(taskIds)) {
    const slot = ix.slotOf(id);
    if (slot === undefined) continue;
    slots.add(slot);
    const t = ix.task[slot]!;
    opIds.add(t.operationId);
    taskRules(ix, slot, found);
    for (const succ of ix.successorsOf(slot)) {
      for (const d of ix.task[succ]!.dependencies) {
        if (d.predecessorId === id && violatesDependency(ix, succ, slot, d.lagMinutes)) {
          found.push({ rule: 'dependency_violation', pred: slot, succ, lag: d.lagMinutes });
        }
      }
    }
    forEachBooking(t, (kind, key) => {
      ix.timelines[kind].get(key)?.overlapping(ix.start[slot]!, ix.end[slot]!, slot, (b) => found.push({ rule: 'double_booking', kind, key, a: slot, b }));
      if (kind === 'person') dutyPeople.add(key);
    });
  }
  for (const p of dutyPeople) {
    const tl = ix.timelines.person.get(p);
    if (tl) dutyPeriods(ix, p, tl, (f) => { if (involvesSlot(f, slots)) found.push(f); });
  }
  for (const opId of opIds) operationRules(ix, opId, found);
  // The same conflict can be found from both of its tasks: one record per key.
  const out = new Map<string, Conflict>();
  for (const f of found) {
    const key = findingKey(ix, f);
    if (!out.has(key)) out.set(key, toConflict(ix, f));
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
