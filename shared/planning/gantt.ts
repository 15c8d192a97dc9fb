/**
 * The Gantt timeline of one operation as geometry: rows (grouped by phase or by accountable
 * agency), bars, dependency links with their lags, the critical path, slack, the today line,
 * key events and decision points, and the time axis on the operation's clock. The renderer draws
 * it as SVG and the briefing pack with pdfkit, so both print the same picture; nothing here knows
 * about a renderer or a language (axis ticks carry wall-clock times, labels are formatted by
 * whoever draws them).
 *
 * Why our own model and SVG rather than a Gantt library: the MIT ones (frappe-gantt and the
 * like) draw only finish-to-start arrows without lags, have no grouping rows, no critical path
 * or slack, work in the browser's zone (the operation's clock is the policy here), and paint the
 * DOM themselves, so the PDF could not share their layout. The critical path and slack come from
 * shared/scheduling/critical-path.ts, the same numbers the conflicts tab and the what-if use.
 */
import { criticalPath, type TaskTiming } from '../scheduling/critical-path.js';
import type { ScheduleTask } from '../scheduling/model.js';
import { instantToWall, wallToInstant } from './time-zones.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const GANTT_ZOOMS = ['hours', 'quarterDay', 'day', 'week'] as const;
export type GanttZoom = (typeof GANTT_ZOOMS)[number];

interface ZoomSpec {
  pxPerHour: number;
  /** Minor tick step, in hours of the wall clock. */
  minorHours: number;
  /** Major ticks: each day, or each Monday. */
  major: 'day' | 'week';
  /** Drag and keyboard steps snap to this. */
  snapMinutes: number;
}

export const ZOOM_SPECS: Record<GanttZoom, ZoomSpec> = {
  hours: { pxPerHour: 56, minorHours: 1, major: 'day', snapMinutes: 15 },
  quarterDay: { pxPerHour: 18, minorHours: 3, major: 'day', snapMinutes: 30 },
  day: { pxPerHour: 6, minorHours: 6, major: 'day', snapMinutes: 60 },
  week: { pxPerHour: 1.5, minorHours: 24, major: 'week', snapMinutes: 60 },
};

export const GANTT_METRICS = { rowHeight: 28, groupHeight: 24, barHeight: 16, axisHeight: 40, pad: 12 } as const;

export interface GanttTask extends ScheduleTask {
  isKeyEvent: boolean;
  isDecisionPoint: boolean;
}

export interface GanttInput {
  operation: { startsAt: string; endsAt: string; timeZone: string };
  phases: readonly { id: string; name: string; ordinal: number; startsAt: string; endsAt: string }[];
  tasks: readonly GanttTask[];
  /** Agencies in the order the plan lists them (lead first); others follow as tasks name them. */
  agencies: readonly { id: string; label: string; color: string }[];
  groupBy: 'phase' | 'agency';
  zoom: GanttZoom;
  now: number;
  /** Names of the catch-all groups, in the drawer's language. */
  labels: { noPhase: string; unassigned: string };
}

export type GanttRow =
  | { kind: 'group'; key: string; label: string; color: string | null; y: number; height: number; count: number }
  | { kind: 'task'; taskId: string; label: string; y: number; height: number; groupKey: string };

export interface GanttBar {
  taskId: string;
  x: number;
  width: number;
  y: number;
  height: number;
  color: string | null;
  status: string;
  critical: boolean;
  /** Minutes the task may slip without moving the plan's finish; null when in a cycle. */
  slackMinutes: number | null;
  /** Where the slack line ends (x of the latest finish); equals x + width when none. */
  slackEndX: number;
  isKeyEvent: boolean;
  isDecisionPoint: boolean;
  /** Planned shorter than the axis can show: drawn as a diamond of minimum width. */
  milestone: boolean;
}

export interface GanttLink {
  fromTaskId: string;
  toTaskId: string;
  lagMinutes: number;
  /** On the critical path: both ends critical and the successor starts as soon as it may. */
  critical: boolean;
  /** The predecessor's finish plus lag falls after the successor's planned start. */
  violated: boolean;
  /** Polyline points, predecessor's end to successor's start. */
  points: [number, number][];
  /** Where a lag label sits (on the first vertical segment). */
  labelAt: [number, number];
}

export interface GanttTick {
  x: number;
  /** Wall-clock time on the operation's clock, "YYYY-MM-DDTHH:mm". */
  wall: string;
  major: boolean;
}

export interface GanttLayout {
  zone: string;
  zoom: GanttZoom;
  /** Axis origin and end (ms); x = (t - start) / HOUR * pxPerHour. */
  start: number;
  end: number;
  pxPerHour: number;
  width: number;
  /** Height of the rows (the axis is drawn above them, `GANTT_METRICS.axisHeight` tall). */
  height: number;
  rows: GanttRow[];
  bars: GanttBar[];
  links: GanttLink[];
  ticks: GanttTick[];
  todayX: number | null;
  window: { x: number; width: number };
  phases: { id: string; name: string; x: number; width: number }[];
  criticalPath: string[];
  projectFinish: string | null;
  endSlackMinutes: number | null;
  cyclic: string[];
}

const ms = (iso: string) => Date.parse(iso);

/** Midnight on `zone`'s clock at or before `t`, and `days` later, as instants. */
function zoneMidnight(t: number, zone: string, days = 0): number {
  const wall = instantToWall(new Date(t).toISOString(), zone).slice(0, 10);
  const d = new Date(`${wall}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return ms(wallToInstant(`${d.toISOString().slice(0, 10)}T00:00:00`, zone));
}

/**
 * The zoom that shows the whole window (in whole days of its clock, as the axis does) in about
 * `availablePx`: the most detailed that fits.
 */
export function fitZoom(startsAt: string, endsAt: string, zone: string, availablePx: number): GanttZoom {
  const hours = Math.max(24, (zoneMidnight(ms(endsAt) - 1, zone, 1) - zoneMidnight(ms(startsAt), zone)) / HOUR);
  for (const z of GANTT_ZOOMS) if (hours * ZOOM_SPECS[z].pxPerHour <= availablePx) return z;
  return 'week';
}

/** A time snapped to the zoom's step (drag and keys move by whole steps). */
export function snapTime(t: number, zoom: GanttZoom): number {
  const step = ZOOM_SPECS[zoom].snapMinutes * MINUTE;
  return Math.round(t / step) * step;
}

function groupsOf(input: GanttInput): { key: string; label: string; color: string | null; tasks: GanttTask[] }[] {
  const byStart = [...input.tasks].sort((a, b) => ms(a.startsAt) - ms(b.startsAt) || (a.id < b.id ? -1 : 1));
  if (input.groupBy === 'phase') {
    const phases = [...input.phases].sort((a, b) => a.ordinal - b.ordinal);
    const known = new Set(phases.map((p) => p.id));
    const groups = phases.map((p) => ({ key: p.id, label: p.name, color: null, tasks: byStart.filter((t) => t.phaseId === p.id) }));
    const loose = byStart.filter((t) => !t.phaseId || !known.has(t.phaseId));
    if (loose.length > 0) groups.push({ key: '-', label: input.labels.noPhase, color: null, tasks: loose });
    return groups.filter((g) => g.tasks.length > 0);
  }
  const order = input.agencies.map((a) => a.id);
  for (const t of byStart) if (t.accountableAgencyId && !order.includes(t.accountableAgencyId)) order.push(t.accountableAgencyId);
  const agency = new Map(input.agencies.map((a) => [a.id, a]));
  const groups = order.map((id) => ({
    key: id, label: agency.get(id)?.label ?? id, color: agency.get(id)?.color ?? null,
    tasks: byStart.filter((t) => t.accountableAgencyId === id),
  }));
  const none = byStart.filter((t) => !t.accountableAgencyId);
  if (none.length > 0) groups.push({ key: '-', label: input.labels.unassigned, color: null, tasks: none });
  return groups.filter((g) => g.tasks.length > 0);
}

function ticksFor(start: number, end: number, zone: string, spec: ZoomSpec, x: (t: number) => number): GanttTick[] {
  const ticks: GanttTick[] = [];
  // Walk the wall clock day by day (a day is not always 24 hours), minor steps inside each.
  for (let day = start; day < end; ) {
    const next = zoneMidnight(day + 26 * HOUR, zone);
    const wallDay = instantToWall(new Date(day).toISOString(), zone).slice(0, 10);
    if (spec.minorHours >= 24) {
      const weekday = new Date(`${wallDay}T00:00:00Z`).getUTCDay();
      ticks.push({ x: x(day), wall: `${wallDay}T00:00`, major: weekday === 1 });
    } else {
      for (let h = 0; h < 24; h += spec.minorHours) {
        const t = h === 0 ? day : ms(wallToInstant(`${wallDay}T${String(h).padStart(2, '0')}:00:00`, zone));
        if (t >= next) break;
        ticks.push({ x: x(t), wall: `${wallDay}T${String(h).padStart(2, '0')}:00`, major: h === 0 });
      }
    }
    day = next;
  }
  return ticks;
}

/** Lays out the timeline. Cancelled tasks are drawn (greyed by status) but have no timing. */
export function layoutGantt(input: GanttInput): GanttLayout {
  const spec = ZOOM_SPECS[input.zoom];
  const zone = input.operation.timeZone;
  const M = GANTT_METRICS;
  const cp = criticalPath(input.tasks, input.operation.endsAt);
  const timing = new Map<string, TaskTiming>(cp.tasks.map((t) => [t.taskId, t]));

  let lo = ms(input.operation.startsAt);
  let hi = ms(input.operation.endsAt);
  for (const t of input.tasks) {
    lo = Math.min(lo, ms(t.startsAt));
    hi = Math.max(hi, ms(t.endsAt));
  }
  for (const t of cp.tasks) hi = Math.max(hi, ms(t.latestFinish));
  // Whole days on the operation's clock (whole weeks would waste the screen at week zoom).
  const start = zoneMidnight(lo, zone);
  const end = zoneMidnight(hi - 1, zone, 1);
  const x = (t: number) => ((t - start) / HOUR) * spec.pxPerHour;
  const width = Math.ceil(x(end));

  const colorOf = new Map(input.agencies.map((a) => [a.id, a.color]));
  const rows: GanttRow[] = [];
  const bars: GanttBar[] = [];
  const rowOf = new Map<string, number>();
  let y = 0;
  for (const g of groupsOf(input)) {
    rows.push({ kind: 'group', key: g.key, label: g.label, color: g.color, y, height: M.groupHeight, count: g.tasks.length });
    y += M.groupHeight;
    for (const t of g.tasks) {
      rows.push({ kind: 'task', taskId: t.id, label: t.title, y, height: M.rowHeight, groupKey: g.key });
      const s = ms(t.startsAt);
      const e = ms(t.endsAt);
      const bx = x(s);
      const bw = x(e) - bx;
      const tm = timing.get(t.id);
      const barY = y + (M.rowHeight - M.barHeight) / 2;
      rowOf.set(t.id, bars.length);
      bars.push({
        taskId: t.id, x: bx, width: Math.max(bw, 0), y: barY, height: M.barHeight,
        color: (t.accountableAgencyId ? colorOf.get(t.accountableAgencyId) : undefined) ?? null,
        status: t.status,
        critical: tm?.critical ?? false,
        slackMinutes: tm ? tm.slackMinutes : null,
        slackEndX: tm && tm.slackMinutes > 0 ? bx + bw + (tm.slackMinutes / 60) * spec.pxPerHour : bx + bw,
        isKeyEvent: t.isKeyEvent, isDecisionPoint: t.isDecisionPoint,
        milestone: bw < 4,
      });
      y += M.rowHeight;
    }
  }

  const links: GanttLink[] = [];
  const taskById = new Map(input.tasks.map((t) => [t.id, t]));
  for (const t of input.tasks) {
    const to = rowOf.get(t.id);
    if (to === undefined) continue;
    for (const d of t.dependencies) {
      const from = rowOf.get(d.predecessorId);
      const pred = taskById.get(d.predecessorId);
      if (from === undefined || !pred) continue;
      const a = bars[from]!;
      const b = bars[to]!;
      const x1 = a.x + a.width;
      const y1 = a.y + a.height / 2;
      const x2 = b.x;
      const y2 = b.y + b.height / 2;
      // Elbows: out of the predecessor's end, down (or up) to the successor's row, into its start;
      // when the successor starts before that, around through the gap between the rows.
      const gap = 6;
      const points: [number, number][] = x2 - gap >= x1 + gap
        ? [[x1, y1], [x1 + gap, y1], [x1 + gap, y2], [x2, y2]]
        : (() => {
          const mid = y2 > y1 ? b.y - (M.rowHeight - M.barHeight) / 2 : b.y + b.height + (M.rowHeight - M.barHeight) / 2;
          return [[x1, y1], [x1 + gap, y1], [x1 + gap, mid], [x2 - gap, mid], [x2 - gap, y2], [x2, y2]] as [number, number][];
        })();
      const ta = timing.get(pred.id);
      const tb = timing.get(t.id);
      const ready = ms(pred.endsAt) + d.lagMinutes * MINUTE;
      links.push({
        fromTaskId: pred.id, toTaskId: t.id, lagMinutes: d.lagMinutes,
        critical: !!ta?.critical && !!tb?.critical && ms(ta.earliestFinish) + d.lagMinutes * MINUTE === ms(tb.earliestStart),
        violated: ready > ms(t.startsAt),
        points,
        labelAt: [points[1]![0] + 3, (points[1]![1] + points[2]![1]) / 2],
      });
    }
  }

  const now = input.now;
  return {
    zone, zoom: input.zoom, start, end, pxPerHour: spec.pxPerHour, width, height: y,
    rows, bars, links,
    ticks: ticksFor(start, end, zone, spec, x),
    todayX: now >= start && now <= end ? x(now) : null,
    window: { x: x(ms(input.operation.startsAt)), width: x(ms(input.operation.endsAt)) - x(ms(input.operation.startsAt)) },
    phases: [...input.phases].sort((a, b) => a.ordinal - b.ordinal)
      .map((p) => ({ id: p.id, name: p.name, x: x(ms(p.startsAt)), width: x(ms(p.endsAt)) - x(ms(p.startsAt)) })),
    criticalPath: cp.criticalPath,
    projectFinish: cp.projectFinish,
    endSlackMinutes: cp.endSlackMinutes,
    cyclic: cp.cyclic,
  };
}

/**
 * The window a drag gives: a move keeps the duration, a resize of either edge keeps the other
 * edge and at least one snap step. `deltaPx` is how far the pointer went.
 */
export function dragWindow(
  task: { startsAt: string; endsAt: string }, mode: 'move' | 'start' | 'end', deltaPx: number, zoom: GanttZoom,
): { startsAt: string; endsAt: string } {
  const spec = ZOOM_SPECS[zoom];
  const step = spec.snapMinutes * MINUTE;
  const delta = Math.round(((deltaPx / spec.pxPerHour) * HOUR) / step) * step;
  let s = ms(task.startsAt);
  let e = ms(task.endsAt);
  if (mode === 'move') {
    s += delta;
    e += delta;
  } else if (mode === 'start') {
    s = Math.min(s + delta, e - step);
  } else {
    e = Math.max(e + delta, s + step);
  }
  return { startsAt: new Date(s).toISOString(), endsAt: new Date(e).toISOString() };
}

/** One keyboard step on a focused bar: ←/→ move by the zoom's step, Shift+←/→ shorten or lengthen. */
export function keyWindow(
  task: { startsAt: string; endsAt: string }, key: string, shift: boolean, zoom: GanttZoom,
): { startsAt: string; endsAt: string } | null {
  const px = (ZOOM_SPECS[zoom].snapMinutes / 60) * ZOOM_SPECS[zoom].pxPerHour;
  if (key === 'ArrowLeft') return shift ? shrink(task, zoom) : dragWindow(task, 'move', -px, zoom);
  if (key === 'ArrowRight') return dragWindow(task, shift ? 'end' : 'move', px, zoom);
  return null;
}

function shrink(task: { startsAt: string; endsAt: string }, zoom: GanttZoom): { startsAt: string; endsAt: string } | null {
  const step = ZOOM_SPECS[zoom].snapMinutes * MINUTE;
  const e = ms(task.endsAt) - step;
  return e > ms(task.startsAt) ? { startsAt: task.startsAt, endsAt: new Date(e).toISOString() } : null;
}
