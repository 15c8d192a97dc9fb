/**
 * What a briefing pack may carry, decided before anything is drawn. The recipient's view comes
 * from the one need-to-know rule (shared/visibility/rule.ts), the same that chooses what a sync
 * bundle carries: a coordinator's pack (recipient = null) holds everything this unit holds; an
 * agency's pack holds the shared sections — situation, mission, concept, phases, organisation,
 * liaison officers, communications plan, legal basis — and the tasks, people, units, resources
 * and exchange entries of that agency's view. Hidden tasks never reach the renderer, so no
 * section (timeline, matrix, conflicts, notes) can leak their titles by accident. Where
 * coordination needs to know that another agency acts (the matrix, cross-agency dependencies)
 * the pack says which agency and how many tasks, never what.
 */
import type { Agency, Person, Resource, Unit } from '../../shared/domain/directory.js';
import { distributionOf, isDraftPlan, type PackCopy } from '../../shared/domain/distribution.js';
import { exchangeState, isMandatoryExchange, type ExchangeEntry, type ExchangeState } from '../../shared/domain/exchange.js';
import { operationAgencyIds, type Operation, type Phase } from '../../shared/domain/operation.js';
import type { Task } from '../../shared/domain/task.js';
import type { Conflict } from '../../shared/scheduling/model.js';
import { viewOfOperationPlan } from '../../shared/visibility/operation-view.js';
import { buildSyncMatrix, type MatrixColumn } from '../../shared/planning/sync-matrix.js';

/** A deconfliction hit between this operation and another one (same subject, or nearby). */
export interface BriefingAlert {
  kind: 'subject' | 'proximity';
  label: string;
  distanceMeters: number | null;
  windowsOverlap: boolean;
  other: { id: string; codeName: string; leadAgencyId: string };
}

/** Everything stored about one operation that a pack could draw from. */
export interface BriefingSource {
  operation: Operation;
  phases: Phase[];
  tasks: Task[];
  agencies: Agency[];
  units: Unit[];
  people: Person[];
  resources: Resource[];
  exchange: ExchangeEntry[];
  /** Open conflicts of the operation (the engine's scan, overridden ones left out). */
  conflicts: Conflict[];
  /** Open deconfliction alerts involving the operation (not cleared, not acknowledged). */
  alerts: BriefingAlert[];
  /** Agreement marks (ПОГОДЖЕНО) the participating agencies recorded: a shared section. */
  agreements?: AgreementMark[];
}

/** A participating agency's recorded agreement: who signed it and when. */
export interface AgreementMark {
  agencyId: string;
  signedBy: string;
  agreedAt: string;
}

export interface LiaisonOfficer {
  agencyId: string;
  person: Person;
}

export interface MatrixCell {
  /** Titles of visible tasks; for a hidden agency's cell this stays empty and `count` speaks. */
  titles: string[];
  count: number;
  keyEvent: boolean;
}

export interface MatrixRow {
  agencyId: string;
  visible: boolean;
  /** One cell per matrix column; '' is the row of tasks without an accountable agency. */
  cells: MatrixCell[];
}

export interface Handoff {
  task: Task;
  /** The predecessor when visible; otherwise only its agency is named. */
  predecessor: Task | null;
  predecessorAgencyId: string | null;
  lagMinutes: number;
}

export interface NotificationLine {
  entry: ExchangeEntry;
  state: ExchangeState;
}

export interface BriefingModel {
  operation: Operation;
  recipientAgencyId: string | null;
  agencies: Map<string, Agency>;
  /** Taking part, lead first. */
  agencyIds: string[];
  phases: Phase[];
  /** Tasks the recipient may see, sorted by start. */
  tasks: Task[];
  units: Map<string, Unit>;
  people: Map<string, Person>;
  resources: Map<string, Resource>;
  /** Units of every taking-part agency that the plan uses (organisation is a shared section). */
  organisationUnits: Unit[];
  liaison: LiaisonOfficer[];
  matrixColumns: MatrixColumn[];
  matrix: MatrixRow[];
  handoffs: Handoff[];
  notifications: NotificationLine[];
  conflicts: Conflict[];
  /**
   * In an agency's pack the other operation is named only by its lead agency: its code name is
   * the other lead's to share.
   */
  alerts: (Omit<BriefingAlert, 'other'> & { other: { codeName: string | null; leadAgencyId: string } })[];
  /** Titles the recipient must not see, for redacting free text built elsewhere (conflicts). */
  hiddenTitles: string[];
  generatedAt: Date;
  validUntil: Date;
  /** This copy's number and addressee (null: an unnumbered pack, e.g. a preview). */
  copy: PackCopy | null;
  /** Every copy and its recipient: the distribution list is shared (all who take part know them). */
  distribution: PackCopy[];
  /** Not yet approved: every page says «ПРОЄКТ». */
  draft: boolean;
  agreements: Map<string, AgreementMark>;
}

const byStart = (a: Task, b: Task) =>
  a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.title.localeCompare(b.title);

/**
 * Liaison officers are not a stored role: an agency's officer is whoever staffs its liaison
 * tasks, else its briefing tasks, else the first person on its earliest task — among the tasks
 * and people the recipient may see. Only the person is shown, never the task that made them the
 * liaison.
 */
function deriveLiaison(agencyIds: string[], tasks: Task[], people: Map<string, Person>): LiaisonOfficer[] {
  const out: LiaisonOfficer[] = [];
  for (const agencyId of agencyIds) {
    const own = tasks.filter((t) => t.accountableAgencyId === agencyId).sort(byStart);
    const ofAgency = (ts: Task[]) => ts.flatMap((t) => t.personIds)
      .map((id) => people.get(id))
      .filter((p): p is Person => p !== undefined && p.agencyId === agencyId);
    const chosen = [
      ofAgency(own.filter((t) => t.type === 'liaison')),
      ofAgency(own.filter((t) => t.type === 'briefing')),
      ofAgency(own).slice(0, 1),
    ].find((list) => list.length > 0) ?? [];
    const seen = new Set<string>();
    for (const p of chosen) {
      if (seen.has(p.id)) continue;
      seen.add(p.id);
      out.push({ agencyId, person: p });
    }
  }
  return out;
}

/**
 * The shared synchronization matrix (shared/planning/sync-matrix.ts), built over every task so
 * that other agencies' counts are true, then reduced to what the recipient may read.
 */
function deriveMatrix(src: BriefingSource, phases: readonly Phase[], visible: (t: Task) => boolean, recipient: string | null): { columns: MatrixColumn[]; rows: MatrixRow[] } {
  // Only the phases the recipient sees are columns; another agency's tasks in a hidden phase
  // are not counted anywhere (a count under a hidden phase would say when the others act).
  const shownPhases = new Set(phases.map((p) => p.id));
  const matrix = buildSyncMatrix({
    operation: src.operation,
    phases: [...phases],
    tasks: src.tasks.filter((t) => t.phaseId === null || shownPhases.has(t.phaseId)),
    agencies: src.agencies,
    units: src.units,
  }, { columns: 'auto', maxBuckets: 8 });
  const taskById = new Map(src.tasks.map((t) => [t.id, t]));
  const rows: MatrixRow[] = matrix.rows.map((row) => {
    const agencyId = row.agencyId ?? '';
    return {
      agencyId,
      visible: recipient === null || agencyId === recipient,
      cells: row.cells.map((entries) => {
        const shown = entries.filter((e) => visible(taskById.get(e.taskId)!));
        return {
          titles: shown.map((e) => e.title),
          count: entries.length,
          keyEvent: shown.some((e) => e.isKeyEvent || e.isDecisionPoint),
        };
      }),
    };
  });
  return { columns: matrix.columns, rows };
}

export interface BuildOptions {
  recipientAgencyId: string | null;
  /** The numbered copy this pack is (its recipient is `recipientAgencyId`); null: unnumbered. */
  copy?: PackCopy | null;
  generatedAt: Date;
  /** Defaults to the end of the operation: a pack is no guide after the operation is over. */
  validUntil?: Date;
}

export function buildBriefingModel(src: BriefingSource, opts: BuildOptions): BriefingModel {
  const recipient = opts.recipientAgencyId;
  const seen = viewOfOperationPlan(src, recipient === null ? null : { agencyId: recipient });
  // The operation as the recipient may hold it: without the lead's need-to-know fields.
  const op = seen.operation;
  const agencyIds = operationAgencyIds(op);
  const visibleIds = new Set(seen.tasks.map((t) => t.id));
  const visible = (t: Task) => visibleIds.has(t.id);
  const tasks = [...seen.tasks].sort(byStart);
  const people = new Map(seen.people.map((p) => [p.id, p]));
  const units = new Map(seen.units.map((u) => [u.id, u]));
  const resources = new Map(seen.resources.map((r) => [r.id, r]));
  const taskById = new Map(src.tasks.map((t) => [t.id, t]));

  const usedUnitIds = new Set(tasks.map((t) => t.unitId).filter((u): u is string => u !== null));
  const organisationUnits = [...usedUnitIds]
    .map((id) => units.get(id))
    .filter((u): u is Unit => u !== undefined)
    .sort((a, b) => agencyIds.indexOf(a.agencyId) - agencyIds.indexOf(b.agencyId) || a.name.localeCompare(b.name));

  const handoffs: Handoff[] = [];
  for (const t of tasks) {
    for (const d of t.dependencies) {
      const pred = taskById.get(d.predecessorId);
      if (!pred || pred.accountableAgencyId === t.accountableAgencyId) continue;
      handoffs.push({
        task: t,
        predecessor: visibleIds.has(pred.id) ? pred : null,
        predecessorAgencyId: pred.accountableAgencyId,
        lagMinutes: d.lagMinutes,
      });
    }
  }

  const notifications = seen.exchange
    .filter((e) => isMandatoryExchange(e.kind))
    .map((entry) => ({ entry, state: exchangeState(entry, opts.generatedAt) }));

  // A conflict is shown where the recipient sees one of its tasks (hidden titles are redacted
  // in its text), or, for one without tasks, where its agency is named.
  const conflicts = src.conflicts.filter((c) => recipient === null
    || c.taskIds.some((id) => visibleIds.has(id)) || (c.taskIds.length === 0 && c.agencyIds.includes(recipient)));
  const alerts = src.alerts.map((a) => ({
    ...a,
    other: { codeName: recipient === null ? a.other.codeName : null, leadAgencyId: a.other.leadAgencyId },
  }));

  const matrix = deriveMatrix(src, seen.phases, visible, recipient);

  return {
    operation: op,
    recipientAgencyId: recipient,
    agencies: new Map(src.agencies.map((a) => [a.id, a])),
    agencyIds,
    phases: [...seen.phases].sort((a, b) => a.ordinal - b.ordinal),
    tasks,
    units,
    people,
    resources,
    organisationUnits,
    liaison: deriveLiaison(agencyIds, tasks, people),
    matrixColumns: matrix.columns,
    matrix: matrix.rows,
    handoffs,
    notifications,
    conflicts,
    alerts,
    hiddenTitles: src.tasks.filter((t) => !visible(t)).map((t) => t.title),
    generatedAt: opts.generatedAt,
    validUntil: opts.validUntil ?? new Date(op.endsAt),
    copy: opts.copy ?? null,
    distribution: distributionOf(op),
    draft: isDraftPlan(op.status),
    agreements: new Map((src.agreements ?? []).map((a) => [a.agencyId, a])),
  };
}

/** Replaces every hidden title in a text (longest first, so a title inside another goes too). */
export function redactHidden(text: string, hiddenTitles: readonly string[], placeholder: string): string {
  let out = text;
  for (const title of [...hiddenTitles].sort((a, b) => b.length - a.length)) {
    if (title !== '' && out.includes(title)) out = out.split(title).join(placeholder);
  }
  return out;
}
