/**
 * Need-to-know, defined once: what an agency may see of the plans a unit holds. Every producer
 * of data that leaves a unit asks this module and nothing else — sync bundles (first,
 * incremental, full, courier), briefing packs, calendars, contact cards, the tar pack — so a
 * recipient gets the same view whichever way the plan reaches it, and a unit of that agency
 * ends up holding exactly that view. Units of one agency share one view.
 *
 * The rule (README, "Sync" → "Who sees what"):
 * - an operation: its lead agency and its participating agencies; nobody else sees any of it;
 * - inside it, the shared sections (the operation itself, participants, notes) go to every
 *   agency that takes part — except the operation's need-to-know fields (LEAD_ONLY_FIELDS: the
 *   sources of the information and the details only those who must know may know), which go
 *   to the lead agency alone;
 * - a phase: the lead agency sees every phase; another agency sees the phases it has a visible
 *   task in, and the phases nobody has a task in yet — a phase's name and window say where and
 *   when the others act (an interception phase told to the border guard at the crossing
 *   point is exactly the leak the mitigation "only the shift chief knows" forbids);
 * - a task: the lead agency sees every task (it coordinates the plan); another agency sees the
 *   tasks it acts in — it is accountable for them, or its people, resources or unit are on
 *   them (a cross-agency assignment) — and the tasks nobody is accountable for yet;
 * - assignments (task ↔ person / resource) travel with their task;
 * - directory records (units, people, resources) with their contact details: the ones the
 *   visible tasks refer to now (their unit, assigned people and resources) and those records'
 *   own units — no agency gets another agency's staff list;
 * - exchange entries: the sender and the recipient agency always; inside an operation, other
 *   agencies that take part only when the handling code allows passing on (H0, H1) — H2 and H3
 *   stay between the two agencies named on the entry. An entry tied to an operation is seen
 *   only by those who see the operation (its row refers to it). Evaluation codes (the source
 *   grade) travel with the entry, never without it;
 * - the legal spine (proceedings, procedural roles, agreement marks, international cooperation):
 *   every agency that takes part — who leads, who supervises and under which proceeding is what
 *   each participant must know to act lawfully;
 * - a decision authorising actions: the lead agency, the agency holding it, and the agencies
 *   that see a task it covers (a customs officer letting goods through under control is told
 *   the decision that covers it); the others of the operation do not see it. Its content beyond
 *   the reference stays in the classified file, never in Spilno;
 * - agencies (reference data): everyone.
 *
 * Pure functions over plain facts, so the database (bundles) and the domain objects (packs)
 * feed the same code. A new synced entity gets its scope in ENTITY_SCOPE — the compiler asks
 * for it — and, if none fits, its own set in PlanView.
 */
import type { SyncedEntity } from '../sync/change.js';

/** Who is looking: an agency (every unit of it sees the same). */
export interface Viewer {
  readonly agencyId: string;
}

export interface OperationFacts {
  readonly id: string;
  readonly leadAgencyId: string;
  readonly participatingAgencyIds: readonly string[];
}

export interface TaskFacts {
  readonly id: string;
  readonly operationId: string;
  readonly phaseId: string | null;
  readonly accountableAgencyId: string | null;
  readonly unitId: string | null;
  /** Current assignments (removed ones do not make a task visible nor travel a record). */
  readonly personIds: readonly string[];
  readonly resourceIds: readonly string[];
}

export interface ExchangeFacts {
  readonly id: string;
  readonly operationId: string | null;
  readonly fromAgencyId: string;
  readonly toAgencyId: string;
  readonly handlingCode: string;
}

export interface PhaseFacts {
  readonly id: string;
  readonly operationId: string;
}

export interface DecisionFacts {
  readonly id: string;
  readonly operationId: string;
  readonly holderAgencyId: string;
  /** The tasks it covers. */
  readonly taskIds: readonly string[];
}

/** A directory record as the rule reads it: its agency (affiliation) and its unit. */
export interface DirectoryFacts {
  readonly agencyId: string;
  readonly unitId: string | null;
}

/** Everything the rule reads about the plans held (one operation or all of them). */
export interface PlanFacts {
  readonly operations: readonly OperationFacts[];
  readonly phases: readonly PhaseFacts[];
  readonly tasks: readonly TaskFacts[];
  readonly exchange: readonly ExchangeFacts[];
  /** Decisions of the legal spine (none: a plan without any). */
  readonly decisions?: readonly DecisionFacts[];
  readonly units: ReadonlyMap<string, DirectoryFacts>;
  readonly people: ReadonlyMap<string, DirectoryFacts>;
  readonly resources: ReadonlyMap<string, DirectoryFacts>;
}

/** What a viewer may see: ids per kind of row. */
export interface PlanView {
  readonly operations: ReadonlySet<string>;
  /** Operations the viewer leads: their need-to-know fields are in the view. */
  readonly wholePlan: ReadonlySet<string>;
  readonly phases: ReadonlySet<string>;
  readonly tasks: ReadonlySet<string>;
  readonly units: ReadonlySet<string>;
  readonly people: ReadonlySet<string>;
  readonly resources: ReadonlySet<string>;
  readonly exchange: ReadonlySet<string>;
  readonly decisions: ReadonlySet<string>;
}

/**
 * Fields of an operation that only the lead agency holds: where the information came from and
 * how it is graded (naming the source agency or the interception point to every participant
 * defeats the point of keeping the circle small), and the need-to-know details. Per field, so
 * the change record carries them only to the lead's units and every other field still syncs.
 */
export const LEAD_ONLY_FIELDS: Readonly<Partial<Record<SyncedEntity, ReadonlySet<string>>>> = {
  operation: new Set(['restrictedSources', 'restrictedDetails']),
};

export function isLeadOnlyField(entity: SyncedEntity, field: string): boolean {
  return LEAD_ONLY_FIELDS[entity]?.has(field) ?? false;
}

/** Handling codes whose information may be passed on to the other agencies of the operation. */
const PASS_ON: ReadonlySet<string> = new Set(['H0', 'H1']);

export function takesPart(op: OperationFacts, agencyId: string): boolean {
  return op.leadAgencyId === agencyId || op.participatingAgencyIds.includes(agencyId);
}

/** The lead agency coordinates: it sees the whole plan of its operation. */
export function seesWholePlan(op: OperationFacts, agencyId: string): boolean {
  return op.leadAgencyId === agencyId;
}

/** Whether `agencyId` acts in the task: accountable, or its unit, people or resources are on it. */
export function actsIn(
  task: TaskFacts, agencyId: string,
  dir: Pick<PlanFacts, 'units' | 'people' | 'resources'>,
): boolean {
  if (task.accountableAgencyId === agencyId) return true;
  if (task.unitId !== null && dir.units.get(task.unitId)?.agencyId === agencyId) return true;
  return task.personIds.some((id) => dir.people.get(id)?.agencyId === agencyId)
    || task.resourceIds.some((id) => dir.resources.get(id)?.agencyId === agencyId);
}

export function taskVisible(
  op: OperationFacts, task: TaskFacts, agencyId: string,
  dir: Pick<PlanFacts, 'units' | 'people' | 'resources'>,
): boolean {
  if (!takesPart(op, agencyId)) return false;
  return seesWholePlan(op, agencyId) || task.accountableAgencyId === null || actsIn(task, agencyId, dir);
}

export function exchangeVisible(entry: ExchangeFacts, agencyId: string, operationVisible: (id: string) => boolean): boolean {
  if (entry.operationId !== null && !operationVisible(entry.operationId)) return false;
  if (entry.fromAgencyId === agencyId || entry.toAgencyId === agencyId) return true;
  return entry.operationId !== null && PASS_ON.has(entry.handlingCode);
}

export function decisionVisible(op: OperationFacts, d: DecisionFacts, agencyId: string, taskSeen: (id: string) => boolean): boolean {
  if (!takesPart(op, agencyId)) return false;
  return seesWholePlan(op, agencyId) || d.holderAgencyId === agencyId || d.taskIds.some(taskSeen);
}

/** The viewer's view of the plans described by `facts`. */
export function planView(facts: PlanFacts, viewer: Viewer): PlanView {
  const agency = viewer.agencyId;
  const operations = new Map<string, OperationFacts>();
  for (const op of facts.operations) if (takesPart(op, agency)) operations.set(op.id, op);
  const tasks = new Set<string>();
  const units = new Set<string>();
  const people = new Set<string>();
  const resources = new Set<string>();
  for (const t of facts.tasks) {
    const op = operations.get(t.operationId);
    if (!op || !taskVisible(op, t, agency, facts)) continue;
    tasks.add(t.id);
    if (t.unitId !== null) units.add(t.unitId);
    for (const id of t.personIds) people.add(id);
    for (const id of t.resourceIds) resources.add(id);
  }
  // A visible record's own unit comes with it (the record refers to it).
  for (const [ids, table] of [[people, facts.people], [resources, facts.resources]] as const) {
    for (const id of ids) {
      const unitId = table.get(id)?.unitId;
      if (unitId) units.add(unitId);
    }
  }
  const exchange = new Set<string>();
  for (const e of facts.exchange) if (exchangeVisible(e, agency, (id) => operations.has(id))) exchange.add(e.id);
  const decisions = new Set<string>();
  for (const d of facts.decisions ?? []) {
    const op = operations.get(d.operationId);
    if (op && decisionVisible(op, d, agency, (id) => tasks.has(id))) decisions.add(d.id);
  }
  return {
    operations: new Set(operations.keys()),
    wholePlan: new Set([...operations.values()].filter((op) => seesWholePlan(op, agency)).map((op) => op.id)),
    phases: visiblePhases(facts, operations, tasks, agency),
    tasks, units, people, resources, exchange, decisions,
  };
}

/** Phases of the viewer's operations: all for the lead, else those with a visible task or no task. */
function visiblePhases(
  facts: PlanFacts, operations: ReadonlyMap<string, OperationFacts>, visibleTasks: ReadonlySet<string>, agency: string,
): Set<string> {
  const used = new Set<string>();
  const seen = new Set<string>();
  for (const t of facts.tasks) {
    if (t.phaseId === null) continue;
    used.add(t.phaseId);
    if (visibleTasks.has(t.id)) seen.add(t.phaseId);
  }
  const out = new Set<string>();
  for (const ph of facts.phases) {
    const op = operations.get(ph.operationId);
    if (op && (seesWholePlan(op, agency) || !used.has(ph.id) || seen.has(ph.id))) out.add(ph.id);
  }
  return out;
}

function intersect(sets: readonly ReadonlySet<string>[]): Set<string> {
  const [first, ...rest] = sets;
  return new Set([...(first ?? [])].filter((x) => rest.every((s) => s.has(x))));
}

/**
 * What several viewers may ALL see: a bundle for several recipients is one file each of them
 * can decrypt whole, so it carries only the common part.
 */
export function commonView(views: readonly PlanView[]): PlanView {
  return {
    operations: intersect(views.map((v) => v.operations)),
    wholePlan: intersect(views.map((v) => v.wholePlan)),
    phases: intersect(views.map((v) => v.phases)),
    tasks: intersect(views.map((v) => v.tasks)),
    units: intersect(views.map((v) => v.units)),
    people: intersect(views.map((v) => v.people)),
    resources: intersect(views.map((v) => v.resources)),
    exchange: intersect(views.map((v) => v.exchange)),
    decisions: intersect(views.map((v) => v.decisions)),
  };
}

// ---------------------------------------------------------------------------------------------
// Rows of the change record

/** Which part of a view decides whether a row of an entity is visible. */
export type RowScope = 'reference' | 'operation' | 'phase' | 'task' | 'task_member' | 'unit' | 'person' | 'resource' | 'exchange' | 'decision';

export const ENTITY_SCOPE: Readonly<Record<SyncedEntity, RowScope>> = {
  agency: 'reference',
  unit: 'unit',
  person: 'person',
  resource: 'resource',
  operation: 'operation',
  operation_agency: 'operation',
  phase: 'phase',
  operation_note: 'operation',
  task: 'task',
  task_person: 'task_member',
  task_resource: 'task_member',
  exchange: 'exchange',
  proceeding: 'operation',
  operation_role: 'operation',
  agreement: 'operation',
  international: 'operation',
  decision: 'decision',
  consignment: 'operation',
  seizure: 'operation',
  evidence: 'operation',
  custody_transfer: 'operation',
  detention: 'operation',
  violation_protocol: 'operation',
  operation_outcome: 'operation',
  activity_entry: 'operation',
  // A task's actual start and finish go where the task goes (its row id is the task's).
  task_actual: 'task',
};

/** The change-record coordinates of a row. */
export interface RowRef {
  readonly entity: SyncedEntity;
  readonly rowId: string;
  /** The operation the row belongs to (null: directory, reference, free exchange entries). */
  readonly operationId: string | null;
  /** The changed field, where one is meant: a lead-only field is in the lead's view alone. */
  readonly field?: string;
}

/** Whether a row (and so every change of it — of `field`, when given) is in the view. */
export function rowVisible(view: PlanView, r: RowRef): boolean {
  if (r.field !== undefined && isLeadOnlyField(r.entity, r.field)) {
    return r.operationId !== null && view.wholePlan.has(r.operationId);
  }
  switch (ENTITY_SCOPE[r.entity]) {
    case 'reference': return true;
    case 'operation': return r.operationId !== null && view.operations.has(r.operationId);
    case 'phase': return view.phases.has(r.rowId);
    case 'task': return view.tasks.has(r.rowId);
    case 'task_member': return view.tasks.has(r.rowId.slice(0, r.rowId.indexOf(':')));
    case 'unit': return view.units.has(r.rowId);
    case 'person': return view.people.has(r.rowId);
    case 'resource': return view.resources.has(r.rowId);
    case 'exchange': return view.exchange.has(r.rowId);
    case 'decision': return view.decisions.has(r.rowId);
  }
}
