/**
 * Operations and tasks → calendar events. Pure, so the calendar view only renders and the
 * colouring, filtering and time-zone rules are tested here.
 *
 * - Every task is coloured by its accountable agency (the article's point: whose job is it?);
 *   a task with none is grey and flagged, never hidden.
 * - An operation is a background event over its window, so tasks are seen inside it.
 * - Times go out as ISO instants (the calendar in 'local' or 'UTC') or, for a named zone, as
 *   wall-clock strings of that zone with the calendar in 'UTC' (see time-zones.ts).
 *
 * The output is structurally compatible with FullCalendar's `EventInput`; shared code does not
 * import FullCalendar.
 */
import type { AgencyKind, OperationStatus, OperationType, TaskStatus } from '../domain/enums.js';
import { instantToWall } from './time-zones.js';

export const UNASSIGNED_COLOR = '#6b7280';

/** What the mapper needs of an operation (the API's OperationSummary and Operation both fit). */
export interface CalendarOperation {
  id: string;
  codeName: string;
  type: OperationType;
  status: OperationStatus;
  leadAgencyId: string;
  participatingAgencyIds: readonly string[];
  startsAt: string;
  endsAt: string;
  timeZone: string;
}

export interface CalendarTask {
  id: string;
  operationId: string;
  title: string;
  status: TaskStatus;
  accountableAgencyId: string | null;
  unitId: string | null;
  personIds: readonly string[];
  startsAt: string;
  endsAt: string;
  isKeyEvent: boolean;
  isDecisionPoint: boolean;
}

export interface CalendarAgency {
  id: string;
  code: string;
  /** How titles name the agency in the reader's language (agencyShort); the code otherwise. */
  label?: string;
  color: string;
  kind: AgencyKind;
}

export interface CalendarFilters {
  operationIds?: readonly string[];
  agencyIds?: readonly string[];
  unitIds?: readonly string[];
  personIds?: readonly string[];
  statuses?: readonly TaskStatus[];
}

export type CalendarEventProps =
  | {
    kind: 'task';
    taskId: string;
    operationId: string;
    agencyId: string | null;
    unitId: string | null;
    status: TaskStatus;
    conflict: boolean;
    isKeyEvent: boolean;
    isDecisionPoint: boolean;
    /** The instants, whatever zone the start/end strings are written in. */
    startsAt: string;
    endsAt: string;
  }
  | { kind: 'operation'; operationId: string; agencyId: string; status: OperationStatus };

/** The subset of FullCalendar's EventInput this app produces. */
export interface CalendarEventInput {
  id: string;
  groupId?: string;
  title: string;
  start: string;
  end: string;
  display?: 'auto' | 'background';
  backgroundColor: string;
  borderColor: string;
  textColor: string;
  classNames: string[];
  editable: boolean;
  extendedProps: CalendarEventProps;
}

export interface CalendarMapInput {
  operations: readonly CalendarOperation[];
  tasks: readonly CalendarTask[];
  agencies: readonly CalendarAgency[];
  /** Task ids the scheduling checks flag; optional until conflicts are computed. */
  conflictTaskIds?: ReadonlySet<string> | readonly string[];
  /** Task ids whose time has an open sync conflict (a unit's concurrent edit awaits a pick). */
  syncConflictTaskIds?: ReadonlySet<string>;
  filters?: CalendarFilters;
  /** Named zone to write wall-clock times in; null or absent writes ISO instants. */
  wallZone?: string | null;
}

/** Plans that are over are shown but no longer moved by dragging. */
const CLOSED_OPERATION: ReadonlySet<OperationStatus> = new Set(['completed', 'aborted']);

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Black or white text, whichever contrasts more with the background (WCAG luminance). */
export function textColorOn(hex: string): string {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = hexToRgb(hex);
  const l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#111827' : '#ffffff';
}

function matches<T>(wanted: readonly T[] | undefined, value: T): boolean {
  return !wanted || wanted.length === 0 || wanted.includes(value);
}

function anyMatch<T>(wanted: readonly T[] | undefined, values: readonly T[]): boolean {
  return !wanted || wanted.length === 0 || values.some((v) => wanted.includes(v));
}

export function taskPassesFilters(t: CalendarTask, f: CalendarFilters = {}): boolean {
  return matches(f.operationIds, t.operationId)
    && (!f.agencyIds || f.agencyIds.length === 0 || (t.accountableAgencyId !== null && f.agencyIds.includes(t.accountableAgencyId)))
    && (!f.unitIds || f.unitIds.length === 0 || (t.unitId !== null && f.unitIds.includes(t.unitId)))
    && anyMatch(f.personIds, t.personIds)
    && matches(f.statuses, t.status);
}

/** An operation is shown when it passes the operation filter and involves a wanted agency. */
export function operationPassesFilters(op: CalendarOperation, f: CalendarFilters = {}): boolean {
  return matches(f.operationIds, op.id)
    && anyMatch(f.agencyIds, [op.leadAgencyId, ...op.participatingAgencyIds]);
}

export function taskTitle(t: CalendarTask, agency: CalendarAgency | undefined): string {
  const marks = `${t.isKeyEvent ? '★ ' : ''}${t.isDecisionPoint ? '◆ ' : ''}`;
  return `${marks}${agency ? `${agency.label ?? agency.code} · ` : ''}${t.title}`;
}

export function toCalendarEvents(input: CalendarMapInput): CalendarEventInput[] {
  const agencies = new Map(input.agencies.map((a) => [a.id, a]));
  const conflicts = input.conflictTaskIds instanceof Set
    ? input.conflictTaskIds
    : new Set(input.conflictTaskIds as readonly string[] | undefined ?? []);
  const filters = input.filters ?? {};
  const zone = input.wallZone ?? null;
  const time = zone ? (iso: string) => instantToWall(iso, zone) : (iso: string) => iso;
  const operations = new Map(input.operations.map((o) => [o.id, o]));
  const out: CalendarEventInput[] = [];

  for (const op of input.operations) {
    if (!operationPassesFilters(op, filters)) continue;
    const color = agencies.get(op.leadAgencyId)?.color ?? UNASSIGNED_COLOR;
    out.push({
      id: `op:${op.id}`,
      groupId: op.id,
      title: op.codeName,
      start: time(op.startsAt),
      end: time(op.endsAt),
      display: 'background',
      backgroundColor: color,
      borderColor: color,
      textColor: textColorOn(color),
      classNames: ['spilno-operation'],
      editable: false,
      extendedProps: { kind: 'operation', operationId: op.id, agencyId: op.leadAgencyId, status: op.status },
    });
  }

  for (const t of input.tasks) {
    if (!taskPassesFilters(t, filters)) continue;
    const agency = t.accountableAgencyId ? agencies.get(t.accountableAgencyId) : undefined;
    const color = agency?.color ?? UNASSIGNED_COLOR;
    const conflict = conflicts.has(t.id);
    const op = operations.get(t.operationId);
    const classNames = ['spilno-task', `status-${t.status}`];
    if (conflict) classNames.push('has-conflict');
    if (input.syncConflictTaskIds?.has(t.id)) classNames.push('has-sync-conflict');
    if (!agency) classNames.push('is-unassigned');
    if (t.isKeyEvent) classNames.push('is-key-event');
    if (t.isDecisionPoint) classNames.push('is-decision-point');
    out.push({
      id: t.id,
      groupId: t.operationId,
      title: taskTitle(t, agency),
      start: time(t.startsAt),
      end: time(t.endsAt),
      backgroundColor: color,
      borderColor: conflict ? '#dc2626' : color,
      textColor: textColorOn(color),
      classNames,
      editable: !(op && CLOSED_OPERATION.has(op.status)),
      extendedProps: {
        kind: 'task',
        taskId: t.id,
        operationId: t.operationId,
        agencyId: t.accountableAgencyId,
        unitId: t.unitId,
        status: t.status,
        conflict,
        isKeyEvent: t.isKeyEvent,
        isDecisionPoint: t.isDecisionPoint,
        startsAt: t.startsAt,
        endsAt: t.endsAt,
      },
    });
  }
  return out;
}

/** The agencies that colour at least one visible event, for the legend. */
export function legendAgencies<A extends CalendarAgency>(
  events: readonly CalendarEventInput[], agencies: readonly A[],
): { agencies: A[]; hasUnassigned: boolean } {
  const used = new Set<string>();
  let hasUnassigned = false;
  for (const e of events) {
    if (e.extendedProps.kind !== 'task') continue;
    if (e.extendedProps.agencyId) used.add(e.extendedProps.agencyId);
    else hasUnassigned = true;
  }
  return { agencies: agencies.filter((a) => used.has(a.id)), hasUnassigned };
}

// ---- time-zone choice ----

export type ZoneChoice = 'local' | 'utc' | 'operation';

export interface ZoneSetup {
  /** The value for FullCalendar's `timeZone` option. */
  calendarTimeZone: 'local' | 'UTC';
  /** Named zone the mapper writes wall-clock times in; null when instants go through as-is. */
  wallZone: string | null;
  /** The zone the user reads times in (the machine's zone for 'local'). */
  primaryZone: string;
  /** For an international operation, the other side's clock, shown next to each time. */
  secondaryZone: string | null;
}

const INTERNATIONAL_KINDS: ReadonlySet<AgencyKind> = new Set(['foreign', 'international']);

/** An international joint operation, or one with a foreign or international participant. */
export function isInternationalOperation(op: CalendarOperation, agencies: readonly CalendarAgency[]): boolean {
  if (op.type === 'international_operation') return true;
  const kinds = new Map(agencies.map((a) => [a.id, a.kind]));
  return [op.leadAgencyId, ...op.participatingAgencyIds].some((id) => {
    const k = kinds.get(id);
    return k !== undefined && INTERNATIONAL_KINDS.has(k);
  });
}

/**
 * Resolves the user's zone choice. 'operation' without a focused operation falls back to local.
 * An international operation also gets a secondary zone: the operation's zone when the user
 * reads another one, else the machine's zone, else UTC — whichever differs from the primary.
 */
export function resolveZoneSetup(
  choice: ZoneChoice,
  operation: CalendarOperation | null,
  agencies: readonly CalendarAgency[],
  localZone: string,
): ZoneSetup {
  let setup: ZoneSetup;
  if (choice === 'utc') setup = { calendarTimeZone: 'UTC', wallZone: null, primaryZone: 'UTC', secondaryZone: null };
  else if (choice === 'operation' && operation) {
    setup = { calendarTimeZone: 'UTC', wallZone: operation.timeZone, primaryZone: operation.timeZone, secondaryZone: null };
  } else setup = { calendarTimeZone: 'local', wallZone: null, primaryZone: localZone, secondaryZone: null };

  if (operation && isInternationalOperation(operation, agencies)) {
    const candidates = [operation.timeZone, localZone, 'UTC'];
    setup.secondaryZone = candidates.find((z) => !sameClock(z, setup.primaryZone, operation.startsAt)) ?? null;
  }
  return setup;
}

/** Two zone names that read the same at an instant ("Europe/Kiev" and "Europe/Kyiv"). */
function sameClock(a: string, b: string, iso: string): boolean {
  return a === b || instantToWall(iso, a) === instantToWall(iso, b);
}
