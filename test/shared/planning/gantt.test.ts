import { describe, expect, it } from 'vitest';
import {
  GANTT_METRICS, ZOOM_SPECS, dragWindow, fitZoom, keyWindow, layoutGantt, type GanttInput, type GanttTask,
} from '../../../shared/planning/gantt.js';

const H = 3_600_000;
// Monday 1 March 2027, 00:00 Kyiv (UTC+2) = 22:00 UTC the day before.
const MIDNIGHT = Date.UTC(2027, 1, 28, 22);
const at = (h: number) => new Date(MIDNIGHT + h * H).toISOString();

function task(id: string, start: number, end: number, extra: Partial<GanttTask> = {}): GanttTask {
  return {
    id, operationId: 'op', phaseId: 'p1', title: `Завдання ${id}`, type: 'other', status: 'todo',
    accountableAgencyId: 'DMS', unitId: null, personIds: [], resourceIds: [], startsAt: at(start), endsAt: at(end),
    dependencies: [], isKeyEvent: false, isDecisionPoint: false, ...extra,
  };
}

function input(tasks: GanttTask[], extra: Partial<GanttInput> = {}): GanttInput {
  return {
    operation: { startsAt: at(6), endsAt: at(30), timeZone: 'Europe/Kyiv' },
    phases: [{ id: 'p1', name: 'Підготовка', ordinal: 0, startsAt: at(6), endsAt: at(12) }, { id: 'p2', name: 'Дія', ordinal: 1, startsAt: at(12), endsAt: at(30) }],
    tasks,
    agencies: [{ id: 'DMS', label: 'ДМС', color: '#1f5fbf' }, { id: 'NPU', label: 'НПУ', color: '#2e7d32' }],
    groupBy: 'phase', zoom: 'hours', now: MIDNIGHT + 8 * H,
    labels: { noPhase: 'Без фази', unassigned: 'Без органу' },
    ...extra,
  };
}

describe('Gantt layout', () => {
  it('starts the axis at midnight on the operation clock and places bars by time', () => {
    const l = layoutGantt(input([task('a', 6, 8), task('b', 9, 12, { dependencies: [{ predecessorId: 'a', lagMinutes: 60 }] })]));
    expect(l.start).toBe(MIDNIGHT);
    const px = ZOOM_SPECS.hours.pxPerHour;
    const a = l.bars.find((b) => b.taskId === 'a')!;
    expect(a.x).toBe(6 * px);
    expect(a.width).toBe(2 * px);
    expect(l.window.x).toBe(6 * px);
    expect(l.todayX).toBe(8 * px);
    // Ticks read the Kyiv clock: the first major tick is 00:00 on 1 March.
    expect(l.ticks[0]).toEqual({ x: 0, wall: '2027-03-01T00:00', major: true });
    expect(l.ticks.filter((t) => t.major).map((t) => t.wall)).toEqual(['2027-03-01T00:00', '2027-03-02T00:00']);
  });

  it('groups rows by phase in phase order, or by agency with the unassigned last', () => {
    const tasks = [task('a', 6, 8), task('b', 13, 14, { phaseId: 'p2', accountableAgencyId: 'NPU' }), task('c', 7, 9, { phaseId: null, accountableAgencyId: null })];
    const byPhase = layoutGantt(input(tasks)).rows.map((r) => (r.kind === 'group' ? `#${r.label}` : r.taskId));
    expect(byPhase).toEqual(['#Підготовка', 'a', '#Дія', 'b', '#Без фази', 'c']);
    const byAgency = layoutGantt(input(tasks, { groupBy: 'agency' })).rows.map((r) => (r.kind === 'group' ? `#${r.label}` : r.taskId));
    expect(byAgency).toEqual(['#ДМС', 'a', '#НПУ', 'b', '#Без органу', 'c']);
    const rows = layoutGantt(input(tasks)).rows;
    expect(rows[1]!.y).toBe(GANTT_METRICS.groupHeight);
  });

  it('marks the critical path and the slack of the others', () => {
    // a → b is the long chain; c runs alongside and may slip until the plan finishes.
    const l = layoutGantt(input([
      task('a', 6, 10),
      task('b', 10, 20, { dependencies: [{ predecessorId: 'a', lagMinutes: 0 }] }),
      task('c', 6, 8),
    ]));
    const bar = (id: string) => l.bars.find((b) => b.taskId === id)!;
    expect(bar('a').critical).toBe(true);
    expect(bar('b').critical).toBe(true);
    expect(bar('c').critical).toBe(false);
    expect(bar('c').slackMinutes).toBe(12 * 60);
    expect(bar('c').slackEndX).toBe(20 * ZOOM_SPECS.hours.pxPerHour);
    expect(l.criticalPath).toEqual(['a', 'b']);
    const link = l.links[0]!;
    expect(link).toMatchObject({ fromTaskId: 'a', toTaskId: 'b', critical: true, violated: false, lagMinutes: 0 });
    expect(link.points[0]).toEqual([bar('a').x + bar('a').width, bar('a').y + bar('a').height / 2]);
    expect(link.points.at(-1)).toEqual([bar('b').x, bar('b').y + bar('b').height / 2]);
  });

  it('shows a lag that the plan breaks, and routes the arrow around when the successor starts earlier', () => {
    const l = layoutGantt(input([task('a', 6, 10), task('b', 9, 12, { dependencies: [{ predecessorId: 'a', lagMinutes: 120 }] })]));
    const link = l.links[0]!;
    expect(link.violated).toBe(true);
    expect(link.lagMinutes).toBe(120);
    expect(link.points).toHaveLength(6);
  });

  it('picks the most detailed zoom that fits, snaps drags to its step and keeps a minimum length', () => {
    // One day on the Kyiv clock at 56 px an hour is 1,344 px.
    expect(fitZoom(at(6), at(10), 'Europe/Kyiv', 1400)).toBe('hours');
    expect(fitZoom(at(6), at(10), 'Europe/Kyiv', 1300)).toBe('quarterDay');
    // 06:00 on day one to 20:00 on day two: two whole days, 864 px at 18 px an hour.
    expect(fitZoom(at(6), at(44), 'Europe/Kyiv', 900)).toBe('quarterDay');
    expect(fitZoom(at(0), at(24 * 6), 'Europe/Kyiv', 1200)).toBe('day');
    expect(fitZoom(at(0), at(24 * 60), 'Europe/Kyiv', 1200)).toBe('week');
    const px = ZOOM_SPECS.hours.pxPerHour;
    const t = { startsAt: at(6), endsAt: at(8) };
    expect(dragWindow(t, 'move', px * 1.1, 'hours')).toEqual({ startsAt: at(7), endsAt: at(9) });
    expect(dragWindow(t, 'end', -px * 10, 'hours')).toEqual({ startsAt: at(6), endsAt: at(6.25) });
    expect(dragWindow(t, 'start', px * 0.5, 'hours')).toEqual({ startsAt: at(6.5), endsAt: at(8) });
    expect(keyWindow(t, 'ArrowRight', false, 'hours')).toEqual({ startsAt: at(6.25), endsAt: at(8.25) });
    expect(keyWindow(t, 'ArrowLeft', true, 'day')).toEqual({ startsAt: at(6), endsAt: at(7) });
    expect(keyWindow({ startsAt: at(6), endsAt: at(7) }, 'ArrowLeft', true, 'day')).toBeNull();
    expect(keyWindow(t, 'Enter', false, 'day')).toBeNull();
  });

  it('keeps wall-clock ticks across the autumn clock change', () => {
    // 31 October 2027: Kyiv goes from UTC+3 back to UTC+2 at 04:00 local.
    const start = Date.UTC(2027, 9, 30, 21);
    const l = layoutGantt(input([], {
      operation: { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 40 * H).toISOString(), timeZone: 'Europe/Kyiv' },
      phases: [], zoom: 'quarterDay',
    }));
    const majors = l.ticks.filter((t) => t.major);
    expect(majors.map((t) => t.wall)).toEqual(['2027-10-31T00:00', '2027-11-01T00:00']);
    // That day has 25 hours.
    expect(majors[1]!.x - majors[0]!.x).toBe(25 * ZOOM_SPECS.quarterDay.pxPerHour);
  });
});
