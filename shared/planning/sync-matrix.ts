/**
 * The synchronization matrix as data: agencies (expandable to units) × the operation's phases or
 * time buckets, each cell holding the tasks with their times; key events and decision points
 * marked. The calendar page renders it as HTML and the briefing pack prints it, so nothing here
 * knows about a renderer or a language (labels travel as names in both languages, times as
 * instants).
 *
 * Placement policy: a task sits in exactly one column — its phase (phase mode) or the bucket
 * holding its start (bucket mode; `lastColumnIndex` says how far it runs) — and in exactly one
 * cell of its agency row and of one unit sub-row of it. A task without an accountable agency goes
 * to an explicit "unassigned" row: a blind spot must show, not vanish.
 */
import { zoneOffsetMinutes } from './time-zones.js';

export interface MatrixAgency {
  id: string;
  code: string;
  shortUk?: string;
  shortEn?: string;
  nameUk: string;
  nameEn: string;
  color: string;
}

export interface MatrixUnit {
  id: string;
  agencyId: string;
  name: string;
}

export interface MatrixPhase {
  id: string;
  name: string;
  ordinal: number;
  startsAt: string;
  endsAt: string;
}

export interface MatrixTask {
  id: string;
  title: string;
  status: string;
  phaseId: string | null;
  accountableAgencyId: string | null;
  unitId: string | null;
  startsAt: string;
  endsAt: string;
  isKeyEvent: boolean;
  isDecisionPoint: boolean;
}

export interface MatrixOperation {
  id: string;
  leadAgencyId: string;
  participatingAgencyIds: readonly string[];
  startsAt: string;
  endsAt: string;
  /** Buckets start on the zone's clock (00:00, 06:00, … for six hours); UTC when absent. */
  timeZone?: string;
}

export interface MatrixInput {
  operation: MatrixOperation;
  phases: readonly MatrixPhase[];
  tasks: readonly MatrixTask[];
  agencies: readonly MatrixAgency[];
  units: readonly MatrixUnit[];
}

export interface MatrixOptions {
  /** 'auto' (the default) uses phases when the operation has any, else time buckets. */
  columns?: 'auto' | 'phases' | 'buckets';
  /** Bucket width; 'auto' or absent picks one giving at most `maxBuckets` columns. */
  bucketHours?: number;
  maxBuckets?: number;
}

export type MatrixColumn =
  | { kind: 'phase'; id: string; index: number; name: string; startsAt: string; endsAt: string }
  /** Tasks whose phase is not set (or unknown) in phase mode. */
  | { kind: 'unphased'; id: string; index: number; startsAt: string | null; endsAt: string | null }
  | { kind: 'bucket'; id: string; index: number; startsAt: string; endsAt: string };

export interface MatrixEntry {
  taskId: string;
  title: string;
  status: string;
  unitId: string | null;
  startsAt: string;
  endsAt: string;
  isKeyEvent: boolean;
  isDecisionPoint: boolean;
  /** Index of the last column the task runs into (bucket mode); equals the cell's column otherwise. */
  lastColumnIndex: number;
}

/** One cell per column, in column order. */
export type MatrixCells = MatrixEntry[][];

export interface MatrixUnitRow {
  /** The unit, or null for the agency's tasks that name no unit. */
  unitId: string | null;
  name: string | null;
  cells: MatrixCells;
}

export interface MatrixRow {
  kind: 'agency' | 'unassigned';
  agencyId: string | null;
  agency: MatrixAgency | null;
  role: 'lead' | 'participant' | 'other' | null;
  taskCount: number;
  cells: MatrixCells;
  units: MatrixUnitRow[];
}

export interface MatrixMarker {
  taskId: string;
  kind: 'key_event' | 'decision_point';
  at: string;
  columnIndex: number;
  agencyId: string | null;
}

export interface SyncMatrix {
  operationId: string;
  mode: 'phases' | 'buckets';
  /** Bucket width in hours (bucket mode), else null. */
  bucketHours: number | null;
  columns: MatrixColumn[];
  rows: MatrixRow[];
  markers: MatrixMarker[];
}

const HOUR = 3_600_000;
const BUCKET_STEPS = [1, 2, 3, 4, 6, 8, 12, 24, 48, 72, 168] as const;
const DEFAULT_MAX_BUCKETS = 24;

const ms = (iso: string) => new Date(iso).getTime();
const iso = (t: number) => new Date(t).toISOString();

/** The span the buckets must cover: the operation's window widened to every task. */
function matrixWindow(op: MatrixOperation, tasks: readonly MatrixTask[]): [number, number] {
  let from = ms(op.startsAt);
  let to = ms(op.endsAt);
  for (const t of tasks) {
    from = Math.min(from, ms(t.startsAt));
    to = Math.max(to, ms(t.endsAt));
  }
  return [from, Math.max(to, from + 1)];
}

/** The smallest usual width whose buckets fit, leaving one for aligning the first to the clock. */
export function pickBucketHours(spanMs: number, maxBuckets: number): number {
  for (const h of BUCKET_STEPS) if (Math.ceil(spanMs / (h * HOUR)) + 1 <= maxBuckets) return h;
  return Math.ceil(spanMs / (maxBuckets * HOUR));
}

/**
 * Contiguous buckets covering [from, to). The first starts at or before `from` on a boundary of
 * the zone's clock: a multiple of the width since local midnight when the width divides a day
 * (so six-hour buckets read 00–06, 06–12, …), else the whole hour.
 */
export function timeBuckets(from: number, to: number, hours: number, maxBuckets: number, zone = 'UTC'): MatrixColumn[] {
  const offset = zoneOffsetMinutes(from, zone) * 60_000;
  const grid = 24 % hours === 0 ? hours * HOUR : HOUR;
  const start = Math.floor((from + offset) / grid) * grid - offset;
  let width = hours * HOUR;
  if (Math.ceil((to - start) / width) > maxBuckets) width = Math.ceil((to - start) / maxBuckets / HOUR) * HOUR;
  const count = Math.max(1, Math.ceil((to - start) / width));
  return Array.from({ length: count }, (_, i) => ({
    kind: 'bucket' as const,
    id: `b${i}`,
    index: i,
    startsAt: iso(start + i * width),
    endsAt: iso(start + (i + 1) * width),
  }));
}

/** Index of the bucket holding instant `t`, clamped to the first and last bucket. */
function bucketIndex(columns: readonly MatrixColumn[], t: number, endExclusive: boolean): number {
  const first = ms(columns[0]!.startsAt!);
  const width = ms(columns[0]!.endsAt!) - first;
  const raw = Math.floor(((endExclusive ? t - 1 : t) - first) / width);
  return Math.min(columns.length - 1, Math.max(0, raw));
}

function emptyCells(n: number): MatrixCells {
  return Array.from({ length: n }, () => []);
}

export function buildSyncMatrix(input: MatrixInput, options: MatrixOptions = {}): SyncMatrix {
  const { operation, tasks } = input;
  const maxBuckets = options.maxBuckets ?? DEFAULT_MAX_BUCKETS;
  const mode = options.columns === 'buckets' || (options.columns !== 'phases' && input.phases.length === 0)
    ? 'buckets' : 'phases';

  let columns: MatrixColumn[];
  let bucketHours: number | null = null;
  let columnOf: (t: MatrixTask) => [number, number];
  if (mode === 'phases') {
    const phases = [...input.phases].sort((a, b) => a.ordinal - b.ordinal || ms(a.startsAt) - ms(b.startsAt));
    columns = phases.map((p, index) => ({
      kind: 'phase' as const, id: p.id, index, name: p.name, startsAt: p.startsAt, endsAt: p.endsAt,
    }));
    const byPhase = new Map(phases.map((p, i) => [p.id, i]));
    if (tasks.some((t) => t.phaseId === null || !byPhase.has(t.phaseId))) {
      columns.push({ kind: 'unphased', id: 'unphased', index: columns.length, startsAt: null, endsAt: null });
    }
    const unphased = columns.length - 1;
    columnOf = (t) => {
      const i = t.phaseId !== null ? byPhase.get(t.phaseId) : undefined;
      return i === undefined ? [unphased, unphased] : [i, i];
    };
  } else {
    const [from, to] = matrixWindow(operation, tasks);
    bucketHours = options.bucketHours ?? pickBucketHours(to - from, maxBuckets);
    columns = timeBuckets(from, to, bucketHours, maxBuckets, operation.timeZone);
    bucketHours = (ms(columns[0]!.endsAt!) - ms(columns[0]!.startsAt!)) / HOUR;
    columnOf = (t) => {
      const first = bucketIndex(columns, ms(t.startsAt), false);
      return [first, Math.max(first, bucketIndex(columns, ms(t.endsAt), true))];
    };
  }

  const agencies = new Map(input.agencies.map((a) => [a.id, a]));
  const unitsById = new Map(input.units.map((u) => [u.id, u]));
  const participants = [operation.leadAgencyId, ...operation.participatingAgencyIds.filter((a) => a !== operation.leadAgencyId)];
  const rows = new Map<string | null, MatrixRow>();
  const rowFor = (agencyId: string | null): MatrixRow => {
    let row = rows.get(agencyId);
    if (!row) {
      row = {
        kind: agencyId === null ? 'unassigned' : 'agency',
        agencyId,
        agency: agencyId === null ? null : agencies.get(agencyId) ?? null,
        role: agencyId === null ? null
          : agencyId === operation.leadAgencyId ? 'lead'
            : participants.includes(agencyId) ? 'participant' : 'other',
        taskCount: 0,
        cells: emptyCells(columns.length),
        units: [],
      };
      rows.set(agencyId, row);
    }
    return row;
  };
  for (const a of participants) rowFor(a);

  const markers: MatrixMarker[] = [];
  const sorted = [...tasks].sort((a, b) => ms(a.startsAt) - ms(b.startsAt) || a.title.localeCompare(b.title));
  for (const t of sorted) {
    const [col, lastCol] = columnOf(t);
    const entry: MatrixEntry = {
      taskId: t.id, title: t.title, status: t.status, unitId: t.unitId,
      startsAt: t.startsAt, endsAt: t.endsAt,
      isKeyEvent: t.isKeyEvent, isDecisionPoint: t.isDecisionPoint, lastColumnIndex: lastCol,
    };
    const row = rowFor(t.accountableAgencyId);
    row.taskCount++;
    row.cells[col]!.push(entry);
    let unitRow = row.units.find((u) => u.unitId === t.unitId);
    if (!unitRow) {
      unitRow = { unitId: t.unitId, name: t.unitId ? unitsById.get(t.unitId)?.name ?? null : null, cells: emptyCells(columns.length) };
      row.units.push(unitRow);
    }
    unitRow.cells[col]!.push(entry);
    if (t.isKeyEvent) markers.push({ taskId: t.id, kind: 'key_event', at: t.startsAt, columnIndex: col, agencyId: t.accountableAgencyId });
    if (t.isDecisionPoint) markers.push({ taskId: t.id, kind: 'decision_point', at: t.startsAt, columnIndex: col, agencyId: t.accountableAgencyId });
  }

  const roleOrder = { lead: 0, participant: 1, other: 2 } as const;
  const ordered = [...rows.values()].sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === 'unassigned' ? 1 : -1;
    if (a.role !== b.role) return roleOrder[a.role!] - roleOrder[b.role!];
    if (a.role === 'participant') return participants.indexOf(a.agencyId!) - participants.indexOf(b.agencyId!);
    return (a.agency?.code ?? a.agencyId ?? '').localeCompare(b.agency?.code ?? b.agencyId ?? '');
  });
  for (const r of ordered) {
    // Named units first (by name), the agency's unit-less tasks last.
    r.units.sort((a, b) => (a.unitId === null ? 1 : 0) - (b.unitId === null ? 1 : 0) || (a.name ?? '').localeCompare(b.name ?? ''));
  }
  return { operationId: operation.id, mode, bucketHours, columns, rows: ordered, markers };
}
