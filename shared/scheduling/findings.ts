/**
 * What a scan finds, and how a finding becomes a conflict record.
 *
 * A finding is the least that identifies one conflict: its rule and the slots (task positions in
 * the index) or ids it is about. The rules emit findings; everything else a conflict carries — its
 * stable key, the ids of everything involved, the message and fix parameters with names and
 * titles — follows from a finding and the index, and is built here when someone asks for it.
 *
 * Why two forms: a full scan of a large plan finds thousands of conflicts, and its most frequent
 * reader (the operations list, after every save) needs only how many each operation has. Built
 * up front, the records were most of what a scan allocated and kept: 8,103 conflicts of the
 * issue-4 bench plan held 6.4 MB in about fifteen objects each, more than the index itself, and
 * the garbage collector copied them on every scan. A finding is one small object.
 *
 * Findings point at slots, and slots never move or get reused (a removed task's slot keeps its
 * last version), so a finding still describes what was found even after the index changed.
 */
import type { PersonSkill } from '../domain/enums.js';
import { agencyParam } from './describe.js';
import type { BookingKind, ScheduleIndex } from './engine.js';
import type {
  Conflict, ConflictRule, ConflictSeverity, Params, ScheduleDecision, ScheduleExchange, SchedulePhase, ScheduleTask,
} from './model.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A role a task needs filled, and the skills that fill it (rule 5). */
export type RoleRule = { role: string; skills: readonly PersonSkill[] } & (
  { taskType: string; resourceKind?: undefined } | { resourceKind: string; taskType?: undefined }
);

export type Finding =
  /** Two tasks booking the same person, resource or unit at once; `a`, `b` in start order. */
  | { rule: 'double_booking'; kind: BookingKind; key: string; a: number; b: number }
  | { rule: 'dependency_violation'; pred: number; succ: number; lag: number }
  | { rule: 'dependency_cycle'; slots: readonly number[] }
  | { rule: 'outside_operation_window'; slot: number }
  | { rule: 'outside_phase_window'; slot: number; phase: SchedulePhase }
  | { rule: 'no_accountable_agency'; slot: number }
  | { rule: 'missing_power'; slot: number; power: string }
  | { rule: 'role_unfilled'; slot: number; role: RoleRule }
  /** One duty period longer than the limit: its tasks in start order, from its start to its end. */
  | { rule: 'duty_overrun'; personId: string; slots: readonly number[]; from: number; to: number }
  | { rule: 'missing_prosecutor_decision'; opId: string }
  /** `slots`: the operation's tasks that make the notification mandatory. */
  | { rule: 'art558_missing'; opId: string; slots: readonly number[] }
  | { rule: 'art558_overdue'; opId: string; entry: ScheduleExchange }
  /** A task whose type needs one of `kinds` with no valid decision naming it over its window. */
  | { rule: 'decision_missing'; slot: number; kinds: readonly string[] }
  /** `slots`: the tasks whose decision exists only inside a criminal proceeding. */
  | { rule: 'proceeding_missing'; opId: string; slots: readonly number[] }
  | { rule: 'decision_expiring'; opId: string; decision: ScheduleDecision };

const RULE_SEVERITY: Record<Exclude<ConflictRule, 'double_booking'>, ConflictSeverity> = {
  dependency_violation: 'blocking',
  dependency_cycle: 'blocking',
  outside_operation_window: 'blocking',
  outside_phase_window: 'warning',
  no_accountable_agency: 'warning',
  missing_power: 'blocking',
  role_unfilled: 'warning',
  duty_overrun: 'warning',
  missing_prosecutor_decision: 'warning',
  art558_missing: 'warning',
  art558_overdue: 'blocking',
  decision_missing: 'blocking',
  proceeding_missing: 'blocking',
  decision_expiring: 'warning',
};

/** A unit runs parallel tasks with different people: its double booking is a warning. */
const BOOKING_SEVERITY: Record<BookingKind, ConflictSeverity> = {
  person: 'blocking', resource: 'blocking', unit: 'warning',
};

export function severityOf(f: Finding): ConflictSeverity {
  return f.rule === 'double_booking' ? BOOKING_SEVERITY[f.kind] : RULE_SEVERITY[f.rule];
}

const byId = (a: ScheduleTask, b: ScheduleTask) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function tasksById(ix: ScheduleIndex, slots: readonly number[]): ScheduleTask[] {
  return slots.map((slot) => ix.task[slot]!).sort(byId);
}

/** The pair's tasks ordered by id, which is what the key names (start order can tie). */
function pairById(ix: ScheduleIndex, a: number, b: number): [number, number] {
  return ix.task[a]!.id < ix.task[b]!.id ? [a, b] : [b, a];
}

/** Stable identity: the same situation gives the same key on every scan and every machine. */
export function findingKey(ix: ScheduleIndex, f: Finding): string {
  return `${f.rule}:${keyTail(ix, f)}`;
}

function keyTail(ix: ScheduleIndex, f: Finding): string {
  const id = (slot: number) => ix.task[slot]!.id;
  switch (f.rule) {
    case 'double_booking': {
      const [x, y] = pairById(ix, f.a, f.b);
      return `${f.kind}:${f.key}:${id(x)}|${id(y)}`;
    }
    case 'dependency_violation': return `${id(f.pred)}>${id(f.succ)}`;
    case 'dependency_cycle': return tasksById(ix, f.slots).map((t) => t.id).join(',');
    case 'outside_operation_window':
    case 'outside_phase_window':
    case 'no_accountable_agency': return id(f.slot);
    case 'missing_power': return `${id(f.slot)}:${f.power}`;
    case 'role_unfilled': return `${id(f.slot)}:${f.role.role}`;
    case 'duty_overrun': return `${f.personId}:${tasksById(ix, f.slots).map((t) => t.id).join(',')}`;
    case 'missing_prosecutor_decision':
    case 'art558_missing': return f.opId;
    case 'art558_overdue': return `${f.opId}:${f.entry.id}`;
    case 'decision_missing': return id(f.slot);
    case 'proceeding_missing': return f.opId;
    case 'decision_expiring': return `${f.opId}:${f.decision.id}`;
  }
}

/** The task slots a finding involves. */
function slotsOf(f: Finding): readonly number[] {
  switch (f.rule) {
    case 'double_booking': return [f.a, f.b];
    case 'dependency_violation': return [f.pred, f.succ];
    case 'dependency_cycle':
    case 'duty_overrun':
    case 'proceeding_missing':
    case 'art558_missing': return f.slots;
    case 'outside_operation_window':
    case 'outside_phase_window':
    case 'no_accountable_agency':
    case 'missing_power':
    case 'decision_missing':
    case 'role_unfilled': return [f.slot];
    case 'missing_prosecutor_decision':
    case 'decision_expiring':
    case 'art558_overdue': return [];
  }
}

/** Each task the finding involves, once. */
export function forEachTaskOf(ix: ScheduleIndex, f: Finding, fn: (taskId: string) => void): void {
  for (const slot of slotsOf(f)) fn(ix.task[slot]!.id);
}

/** Whether the finding involves one of these task slots. */
export function involvesSlot(f: Finding, slots: ReadonlySet<number>): boolean {
  return slotsOf(f).some((slot) => slots.has(slot));
}

/** Each operation the finding involves, once: what the operations list counts. */
export function forEachOperationOf(ix: ScheduleIndex, f: Finding, fn: (opId: string) => void): void {
  switch (f.rule) {
    case 'double_booking': {
      const x = ix.task[f.a]!.operationId;
      const y = ix.task[f.b]!.operationId;
      fn(x);
      if (y !== x) fn(y);
      return;
    }
    case 'missing_prosecutor_decision':
    case 'art558_missing':
    case 'proceeding_missing':
    case 'decision_expiring':
    case 'art558_overdue': fn(f.opId); return;
    case 'dependency_cycle':
    case 'duty_overrun': {
      const seen = new Set<string>();
      for (const slot of f.slots) seen.add(ix.task[slot]!.operationId);
      seen.forEach(fn);
      return;
    }
    default: fn(ix.task[slotsOf(f)[0]!]!.operationId);
  }
}

// ---------------------------------------------------------------------------------------------
// The conflict record

type Ids = readonly (string | null | undefined)[];
interface ConflictParts {
  operationIds?: Ids;
  taskIds?: Ids;
  personIds?: Ids;
  resourceIds?: Ids;
  unitIds?: Ids;
  agencyIds?: Ids;
}

function record(
  ix: ScheduleIndex, f: Finding, parts: ConflictParts,
  messageKey: string, messageParams: Params, fixKey: string, fixParams: Params,
): Conflict {
  return {
    key: findingKey(ix, f),
    rule: f.rule,
    severity: severityOf(f),
    operationIds: uniq(parts.operationIds),
    taskIds: uniq(parts.taskIds),
    personIds: uniq(parts.personIds),
    resourceIds: uniq(parts.resourceIds),
    unitIds: uniq(parts.unitIds),
    agencyIds: uniq(parts.agencyIds),
    message: { key: messageKey, params: messageParams },
    fix: { key: fixKey, params: fixParams },
  };
}

/**
 * The one empty list every conflict shares: the conflicts page lists thousands of conflicts, each
 * naming no resource or no unit. Frozen, so that a consumer that tried to add to it fails loudly
 * instead of changing every conflict at once.
 */
const NONE = Object.freeze([]) as readonly string[] as string[];

/** Distinct, sorted, without blanks. */
function uniq(xs: Ids | undefined): string[] {
  if (!xs || xs.length === 0) return NONE;
  // Most conflicts name one or two of each: no Set for those.
  if (xs.length === 1) return xs[0] ? [xs[0]] : NONE;
  if (xs.length === 2) {
    const a = xs[0];
    const b = xs[1];
    if (!a) return b ? [b] : NONE;
    if (!b || a === b) return [a];
    return a < b ? [a, b] : [b, a];
  }
  // Lists already sorted and distinct (a duty period's tasks) need neither a Set nor a sort.
  let ordered = !!xs[0];
  for (let i = 1; ordered && i < xs.length; i++) ordered = !!xs[i] && xs[i - 1]! < xs[i]!;
  if (ordered) return xs.slice() as string[];
  return [...new Set(xs.filter((x): x is string => !!x))].sort();
}

const DOUBLE_BOOKING_MESSAGE: Record<BookingKind, string> = {
  person: 'sch.doubleBooking.person', resource: 'sch.doubleBooking.resource', unit: 'sch.doubleBooking.unit',
};

function bookingName(ix: ScheduleIndex, kind: BookingKind, key: string): string {
  if (kind === 'person') return ix.people.get(key)?.fullName ?? key;
  if (kind === 'resource') return ix.resources.get(key)?.name ?? key;
  return ix.units.get(key)?.name ?? key;
}

function opName(ix: ScheduleIndex, id: string): string {
  return ix.ops.get(id)?.codeName ?? id;
}


/** The full conflict record: everything involved, and what is wrong and what would fix it. */
export function toConflict(ix: ScheduleIndex, f: Finding): Conflict {
  switch (f.rule) {
    case 'double_booking': {
      const [xs, ys] = pairById(ix, f.a, f.b);
      const x = ix.task[xs]!;
      const y = ix.task[ys]!;
      const minutes = Math.round((Math.min(ix.end[xs]!, ix.end[ys]!) - Math.max(ix.start[xs]!, ix.start[ys]!)) / MINUTE);
      const name = bookingName(ix, f.kind, f.key);
      return record(ix, f, {
        operationIds: [x.operationId, y.operationId],
        taskIds: [x.id, y.id],
        personIds: f.kind === 'person' ? [f.key] : undefined,
        resourceIds: f.kind === 'resource' ? [f.key] : undefined,
        unitIds: f.kind === 'unit' ? [f.key] : undefined,
        agencyIds: [x.accountableAgencyId, y.accountableAgencyId],
      }, DOUBLE_BOOKING_MESSAGE[f.kind], {
        name, taskA: x.title, taskB: y.title, opA: opName(ix, x.operationId), opB: opName(ix, y.operationId), minutes,
      }, 'sch.fix.doubleBooking', { name, minutes });
    }
    case 'dependency_violation': {
      const succ = ix.task[f.succ]!;
      const pred = ix.task[f.pred]!;
      const minutes = Math.ceil((ix.end[f.pred]! + f.lag * MINUTE - ix.start[f.succ]!) / MINUTE);
      return record(ix, f, {
        operationIds: [succ.operationId], taskIds: [pred.id, succ.id],
        agencyIds: [pred.accountableAgencyId, succ.accountableAgencyId],
      }, 'sch.dependencyViolation', { task: succ.title, predecessor: pred.title, lag: f.lag, minutes },
      'sch.fix.dependencyViolation', { task: succ.title, minutes });
    }
    case 'dependency_cycle': {
      const tasks = tasksById(ix, f.slots);
      return record(ix, f, {
        operationIds: [tasks[0]!.operationId], taskIds: tasks.map((t) => t.id),
        agencyIds: tasks.map((t) => t.accountableAgencyId),
      }, 'sch.dependencyCycle', { tasks: tasks.map((t) => t.title).join(' → ') }, 'sch.fix.dependencyCycle', {});
    }
    case 'outside_operation_window': {
      const t = ix.task[f.slot]!;
      const op = ix.opOf[f.slot]!;
      return record(ix, f, { operationIds: [op.id], taskIds: [t.id], agencyIds: [t.accountableAgencyId] },
        'sch.outsideOperation', { task: t.title, operation: op.codeName, opStart: op.startsAt, opEnd: op.endsAt },
        'sch.fix.outsideOperation', { opStart: op.startsAt, opEnd: op.endsAt });
    }
    case 'outside_phase_window': {
      const t = ix.task[f.slot]!;
      return record(ix, f, { operationIds: [t.operationId], taskIds: [t.id], agencyIds: [t.accountableAgencyId] },
        'sch.outsidePhase', { task: t.title, phase: f.phase.name, phaseStart: f.phase.startsAt, phaseEnd: f.phase.endsAt },
        'sch.fix.outsidePhase', { phase: f.phase.name });
    }
    case 'no_accountable_agency': {
      const t = ix.task[f.slot]!;
      return record(ix, f, { operationIds: [t.operationId], taskIds: [t.id] },
        'sch.noAccountableAgency', { task: t.title }, 'sch.fix.noAccountableAgency', {});
    }
    case 'missing_power': {
      const t = ix.task[f.slot]!;
      return record(ix, f, { operationIds: [t.operationId], taskIds: [t.id], agencyIds: [t.accountableAgencyId] },
        'sch.missingPower', { task: t.title, agency: agencyParam(t.accountableAgencyId), power: `power.${f.power}` },
        'sch.fix.missingPower', { agencies: ix.powerHolders(f.power), power: `power.${f.power}` });
    }
    case 'role_unfilled': {
      const t = ix.task[f.slot]!;
      const rr = f.role;
      return record(ix, f, {
        operationIds: [t.operationId], taskIds: [t.id], agencyIds: [t.accountableAgencyId],
        resourceIds: rr.resourceKind ? t.resourceIds.filter((r) => ix.resources.get(r)?.kind === rr.resourceKind) : [],
      }, `sch.roleUnfilled.${rr.role}`, { task: t.title },
      'sch.fix.roleUnfilled', { skills: rr.skills.map((s) => `skill.${s}`).join(', ') });
    }
    case 'duty_overrun': {
      const tasks = tasksById(ix, f.slots);
      const { maxDutyHours: limit, minRestHours: rest } = ix.settings;
      return record(ix, f, {
        operationIds: tasks.map((t) => t.operationId), taskIds: tasks.map((t) => t.id), personIds: [f.personId],
        agencyIds: tasks.map((t) => t.accountableAgencyId),
      }, 'sch.dutyOverrun', {
        name: bookingName(ix, 'person', f.personId), hours: Math.round(((f.to - f.from) / HOUR) * 10) / 10, limit, rest,
        from: new Date(f.from).toISOString(), to: new Date(f.to).toISOString(),
      }, 'sch.fix.dutyOverrun', { limit, rest });
    }
    case 'missing_prosecutor_decision': {
      const op = ix.ops.get(f.opId)!;
      return record(ix, f, { operationIds: [f.opId], agencyIds: [op.leadAgencyId] },
        'sch.missingProsecutorDecision', { operation: op.codeName }, 'sch.fix.missingProsecutorDecision', {});
    }
    case 'art558_missing': {
      const op = ix.ops.get(f.opId)!;
      return record(ix, f, {
        operationIds: [f.opId], agencyIds: [op.leadAgencyId, ...op.participatingAgencyIds],
        taskIds: f.slots.map((slot) => ix.task[slot]!.id),
      }, 'sch.art558Missing', { operation: op.codeName }, 'sch.fix.art558Missing', {});
    }
    case 'decision_missing': {
      const t = ix.task[f.slot]!;
      const kinds = f.kinds.map((k) => `decisionKind.${k}`).join(', ');
      return record(ix, f, { operationIds: [t.operationId], taskIds: [t.id], agencyIds: [t.accountableAgencyId] },
        'sch.decisionMissing', { task: t.title, kinds }, 'sch.fix.decisionMissing', { kinds, start: t.startsAt, end: t.endsAt });
    }
    case 'proceeding_missing': {
      const op = ix.ops.get(f.opId)!;
      const tasks = tasksById(ix, f.slots);
      return record(ix, f, {
        operationIds: [f.opId], taskIds: tasks.map((t) => t.id), agencyIds: [op.leadAgencyId],
      }, 'sch.proceedingMissing', { operation: op.codeName, tasks: tasks.map((t) => t.title).join(', ') }, 'sch.fix.proceedingMissing', {});
    }
    case 'decision_expiring': {
      const op = ix.ops.get(f.opId)!;
      const d = f.decision;
      return record(ix, f, { operationIds: [f.opId], taskIds: d.taskIds, agencyIds: [op.leadAgencyId] },
        'sch.decisionExpiring', { operation: op.codeName, kind: `decisionKind.${d.kind}`, number: d.number || '—', until: d.validUntil },
        'sch.fix.decisionExpiring', { kind: `decisionKind.${d.kind}` });
    }
    case 'art558_overdue': {
      const op = ix.ops.get(f.opId)!;
      const x = f.entry;
      return record(ix, f, { operationIds: [f.opId], agencyIds: [op.leadAgencyId] },
        'sch.art558Overdue', { operation: op.codeName, subject: x.subject, dueAt: x.dueAt ?? '', sent: x.sentAt ? 1 : 0 },
        x.sentAt ? 'sch.fix.art558Unacknowledged' : 'sch.fix.art558Unsent', { subject: x.subject });
    }
  }
}
